#!/usr/bin/python3
"""Write scoring/punkt/testdata/texts.json, the texts on which the Go package
scoring/punkt is compared with NLTK's sentence tokenizer.

Usage, from the repository root:

    /usr/bin/python3 scripts/punkt/texts.py [--climate-fever PATH]

PATH is Climate-FEVER's climate-fever.jsonl (default:
../shared/data/climate-fever/climate-fever.jsonl, relative to the repository
root). The output is deterministic: hand-made hard cases, a fixed sample of
Climate-FEVER claims each joined with its evidence sentences, and texts built
at random (fixed seed) from pieces that exercise the tokenizer's rules.
Run scripts/punkt/reference.py afterwards to refresh NLTK's answers.
"""

import argparse
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "scoring" / "punkt" / "testdata" / "texts.json"

HARD_CASES = [
    # Empty, whitespace, no final punctuation.
    "",
    " ",
    "   \n\t  ",
    "\n\n",
    "No final punctuation here",
    "no capital and no period",
    ".",
    "?",
    "!",
    "...",
    ". . .",
    "  Leading spaces. Then a second sentence.",
    "Trailing spaces.   ",
    "Trailing newline.\n",
    "\nLeading newline. Second.",
    "One sentence.",
    "Two sentences. Here they are.",
    "Many    spaces.    Between   sentences.",
    "Tabs.\tBetween.\tSentences.",
    "Newlines.\nBetween.\nSentences.",
    "Paragraphs.\n\nBetween paragraphs.\n\n\nAnd more.",
    "Carriage returns.\r\nWindows lines.\r\nEnd.",
    "Form feed.\fVertical tab.\vEnd.",
    # Abbreviations.
    "Dr. Smith went to Washington. He met Mr. Jones there.",
    "The U.S. economy grew. The U.K. economy shrank.",
    "He lives in the U.S. He works in Canada.",
    "Fruits, e.g. apples and pears, are healthy. Vegetables, i.e. greens, too.",
    "Bring pens, paper, etc. The meeting starts at noon.",
    "Bring pens, paper, etc. and a laptop.",
    "Mrs. Brown and Ms. Green met at St. Paul's Cathedral on Jan. 5th.",
    "The meeting is on Jan. 15. Please attend.",
    "It happened in Sept. The weather was cold.",
    "Prof. Adams and Gen. Lee arrived. Col. Sanders left.",
    "Apple Inc. reported earnings. Microsoft Corp. did too.",
    "The co. was founded in 1990. It grew fast.",
    "He earned a Ph.D. in physics. Then he taught.",
    "She met the ex-gen. at the party. Everyone cheered.",
    "Washington, D.C. is the capital. It is on the Potomac.",
    "Call me at 5 p.m. tomorrow. Or at 9 a.m. on Monday.",
    "The meeting ends at 5 p.m. The dinner starts later.",
    "vs. the rest of the world. Then what?",
    "See p. 42 for details. See also ch. 7.",
    "The N.Y. Times reported it. The L.A. Times did not.",
    "Smith Jr. and Jones Sr. arrived. They sat down.",
    "U.S.A. is a country. U.S.S.R. was one.",
    "approx. 5 km away. The road was long.",
    # Initials.
    "J. R. R. Tolkien wrote The Hobbit. It was published in 1937.",
    "The author is J.R.R. Tolkien. He was British.",
    "Johann S. Bach was a composer. He lived in Germany.",
    "George W. Bush was president. He was followed by Barack H. Obama.",
    "Contact A. Smith or B. Jones. They will help.",
    "The letter was signed by H. G. Wells. It was long.",
    "Plan B. It is always good to have one.",
    "I saw J. Walter at the bank. He waved.",
    "Mr. B. Smith arrived. The crowd applauded.",
    "Vitamin C. The body needs it.",
    "section a. the first part. section b. the second part.",
    # Numbers.
    "The temperature rose by 3.5 degrees. That is a lot.",
    "The temperature rose by 1.5°C. Scientists are worried.",
    "It is No. 5 on the list. No. 6 is next.",
    "The value is 3.14159. Pi is irrational.",
    "Revenue was $1,234.56 million. Costs were lower.",
    "The year 2019. It was hot.",
    "He finished 1. She finished 2. They both won.",
    "1. This is R .\n2. This is A .\n3. That's all",
    "Chapter 3. The beginning.",
    "Version 2.0.1 was released. Version 3 is coming.",
    "Temperatures fell by -2.5. Then they rose.",
    "The ratio is .5. That is half.",
    "In 2020, CO2 levels were 412.5 ppm. In 2021, 414.7 ppm.",
    "He came 3rd. The race was close.",
    "She was the 2nd. Then she won.",
    "the 3rd. The next one was 4th.",
    "Page 12. Section 4. End.",
    "Call 555-1234. Ask for Bob.",
    # Ellipsis.
    "Wait... What happened?",
    "Wait... what happened?",
    "Well. . . I don't know.",
    "Well . . . I don't know. Maybe.",
    "He paused.... Then spoke.",
    "So.. that's it. Done.",
    "And then . . . . The end.",
    "Hmm...Interesting. Very.",
    "He said... and then nothing.",
    "The end...\nA new beginning.",
    # Quotes and brackets.
    'He said "Stop." Then he left.',
    "He said 'Stop.' Then he left.",
    '"Is it?" she asked. "Yes."',
    "(see above.) Next sentence.",
    "(see above.)Next sentence.",
    "Look here [see note.] Another one.",
    "He whispered {quietly.} It was late.",
    "She said, \"I'm done.\" She left.",
    "\"Done.\"\n\"Not done.\"",
    '"Stop!" he yelled. "Now!"',
    "(How does it deal with this parenthesis?)  \"It should be part of the\nprevious sentence.\" \"(And the same with this one.)\" ('And this one!')\n\"('(And (this)) '?)\" [(and this. )]",
    'He said "Stop."-- and left.',
    'He said "Stop."--and left.',
    "It ended.) And then.",
    "It ended.' And then.",
    "It ended.\"",
    "It ended.\" ",
    "Quote at end: \"Done.\"",
    "'Single.' 'Quotes.'",
    "Nested \"(quotes.)\" Next.",
    # Question and exclamation marks.
    "What? Really! Yes.",
    "Very bad acting!!! I promise.",
    "Why?! Because.",
    "Really?? Yes!! Okay.",
    "Is it 5? No. It is 6!",
    "Hello!world. Goodbye.",
    "Wow!Amazing!Great.",
    "What?no space. Ok.",
    "End?\nNew line.",
    "a ! b ? c . d",
    # Lowercase after period, sentence starters.
    "This is a test. this is lowercase.",
    "The end. however, there is more.",
    "It works. i think so.",
    "We left. The next day we returned.",
    "Data was analyzed. However, no trend appeared.",
    "He agreed. But she did not.",
    "Results improved. Although slowly.",
    "He sang. And she danced.",
    "Costs rose 5. Business was slow.",
    "It rose 12. Who knew?",
    "The firm earned 3. International sales fell.",
    # URLs and emails.
    "Visit www.example.com for more. It is free.",
    "Visit https://example.com/page.html. It is free.",
    "Email john.doe@example.com. He will reply.",
    "See example.org. Or example.net.",
    "The file is named report.final.pdf. Open it.",
    "Go to http://www.nltk.org/. Read the docs.",
    # Non-ASCII.
    "Café au lait. Très bien.",
    "Élan vital. Ça va.",
    "Über alles. Äpfel und Öl.",
    "Ἀλλά. Καλημέρα.",
    "ΟΔΟΣ. Δρόμος.",
    "İstanbul is big. İzmir too.",
    "Inc. İnc. Inc.",
    "他说了。然后走了。",
    "これはペンです。あれは本です。",
    "中文句子. English sentence.",
    "Emoji 🙂. Another 🎉! Done.",
    "Smart quotes. “Quoted.” Next.",
    "It’s fine. It’s done.",
    "Dash — here. En dash – there.",
    "Non\u00a0breaking\u00a0space.\u00a0Next sentence.",
    "Ideographic\u3000space.\u3000Next.",
    "Line\u2028separator. Para\u2029separator. End.",
    "Odd\x1cseparators.\x1dHere.\x1e End.\x1f Done.",
    "Next\x85line. Yes.",
    "Zero\u200bwidth. Space.",
    "ª. º. ǅ. Ⅻ. ². ①. ٣. ¹. _. a.",
    "A. ª. B. º. C.",
    "x. Ⅻ. y. ². z.",
    "É. Dupont est là. Il part.",
    "ä. Ö. ü. Ñ.",
    "Ǆ. ǅ. ǆ.",
    "Ⓐ. Ⓑ. ⓐ. ⓑ.",
    "Σ. σ. ς.",
    "e\u0301. Combining accent.",
    "٣. ٤. Arabic digits.",
    "Price ٣.٥ units. Fine.",
    "K. Kelvin. \u212a. Kelvin sign.",
    # Hyphens and dashes.
    "Well-known. Well--known. Well---known.",
    "The pre-Jan. meeting. It was long.",
    "A-Mr. Smith. B-Dr. Who.",
    "The non-U.S. firms. They grew.",
    "-- Start. -- End.",
    "He said--and I quote--nothing. Then left.",
    "Mid-sentence, comma. Next, sentence.",
    "Word,comma. Word, comma. Word ,comma.",
    "1,000. 2,000, and 3,000.",
    "End,. Start.",
    "End.,Start.",
    # Odd punctuation runs.
    ".Leading period. Fine.",
    "..Two leading. Fine.",
    "Period.Without space. Fine.",
    "a.b.c. d.e.f. G.H.I.",
    "Hello . World . Again .",
    "Sentence one.. Sentence two.",
    "!!! ??? ...",
    "? ! . ? !",
    ".?!.?!",
    "Wait.\n\n\n",
    "x.)y. z",
    "Some text (with a parenthetical. And more) here.",
    "[Bracketed sentence.] [Another one.]",
    "Colon: here. Semicolon; there.",
    "Star* here. At@ there. Amp& too. Hash# yes.",
    "`Backtick.` Next.",
    "End. \"",
    "End. )",
    "End.\n)",
    "End.\t\"Start.\"",
    # Very long sentences.
    " ".join(["word"] * 400) + ". Short one.",
    ", ".join(["item %d" % i for i in range(200)]) + ". Done.",
    "The " + "very " * 300 + "long sentence ends here. Next.",
]


def climate_fever_texts(path, n=200):
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    rng = random.Random(20240501)
    picks = sorted(rng.sample(range(len(rows)), n))
    texts = []
    for k, i in enumerate(picks):
        row = rows[i]
        parts = [row["claim"]] + [e["evidence"] for e in row["evidences"]]
        sep = "\n" if k % 20 == 19 else " "
        texts.append(("climate-fever-%s" % row["claim_id"], sep.join(parts)))
    return texts


WORDS = [
    "the", "The", "climate", "Warming", "he", "He", "she", "i", "I", "it",
    "However", "however", "But", "and", "And", "data", "Data", "new", "New",
    "York", "Smith", "bach", "Bach", "who", "Who", "business", "credit",
    "International", "says", "said", "ice", "CO2", "NASA", "über", "Élan",
    "emissions", "Arctic", "ocean", "Ocean", "levels", "year", "Year",
]
PUNCT_WORDS = [
    "Dr.", "dr.", "Mr.", "U.S.", "u.s.", "e.g.", "i.e.", "etc.", "St.",
    "Jan.", "jan.", "Inc.", "Co.", "co.", "No.", "no.", "J.", "j.", "A.",
    "b.", "B.", "S.", "o.", "O.", "3.", "12.", "1.5", "3.5.", "2nd.", "3rd.",
    "1,000.", "-5.", ".5", "x.y.", "Ph.D.", "p.m.", "a.m.", "vs.", "Gen.",
    "ex-gen.", "non-U.S.", "...", "..", ". . .", "--", "-", ",", ";", ":",
    "?", "!", "?!", "!!", ".", "(", ")", "[", "]", "{", "}", '"', "'",
    "“", "”", "’", "@", "#", "&", "*", "`", "1.", "2019.", "Ⅻ.", "ª.",
]
SEPS = [" ", " ", " ", " ", "  ", "\n", "\n\n", "\t", "", "\u00a0", " \n "]


def random_texts(n=150):
    rng = random.Random(7)
    texts = []
    for i in range(n):
        parts = []
        for _ in range(rng.randint(3, 30)):
            pool = WORDS if rng.random() < 0.55 else PUNCT_WORDS
            parts.append(rng.choice(pool))
            parts.append(rng.choice(SEPS))
        texts.append(("random-%03d" % i, "".join(parts)))
    return texts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--climate-fever",
        default=str(ROOT.parent / "shared" / "data" / "climate-fever" / "climate-fever.jsonl"),
        help="path of climate-fever.jsonl",
    )
    args = ap.parse_args()
    texts = [("hard-%03d" % i, t) for i, t in enumerate(HARD_CASES)]
    texts += climate_fever_texts(args.climate_fever)
    texts += random_texts()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("[\n")
        for k, (i, t) in enumerate(texts):
            sep = "," if k + 1 < len(texts) else ""
            f.write(" " + json.dumps({"id": i, "text": t}, ensure_ascii=False) + sep + "\n")
        f.write("]\n")
    print("wrote %d texts to %s" % (len(texts), OUT.relative_to(ROOT)))


if __name__ == "__main__":
    main()
