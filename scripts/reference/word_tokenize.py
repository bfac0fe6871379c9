#!/usr/bin/python3
"""Write scoring/treebank/testdata/nltk_word_tokenize.json: NLTK's
word_tokenize of many texts, which the Go test TestMatchesNLTK compares with
package treebank, and Python's character classes, which TestCharClasses
compares with the Go ones.

Usage, from the repository root, with Debian's Python and python3-nltk
(apt-get install python3-nltk):

    /usr/bin/python3 scripts/reference/word_tokenize.py [--climate-fever PATH]

PATH is Climate-FEVER's climate-fever.jsonl (default:
../shared/data/climate-fever/climate-fever.jsonl, relative to the repository
root).

nltk_data is not needed. nltk.word_tokenize(text) is, in NLTK 3.8,
sent_tokenize(text, "english") (Punkt with the pickled English parameters,
loaded through nltk.data.load) followed by NLTKWordTokenizer().tokenize on
each sentence. This script gives nltk.tokenize's `load` a stand-in that
returns a PunktSentenceTokenizer built from the same parameters that the Go
package punkt embeds (scoring/punkt/english_params.json, NLTK's
english.pickle dumped as JSON), and then calls the real word_tokenize.

The texts: every text of scoring/punkt/testdata/texts.json, a deterministic
sample of Climate-FEVER claims and evidence sentences (every 20th claim with
its evidences), and hand-made cases for each rule of the tokenizer. For each
text the output holds word_tokenize(text) ("tokens") and, where it differs,
word_tokenize(text, preserve_line=True), i.e. NLTKWordTokenizer on the whole
text as one sentence ("line_tokens"). The latter is left out
("line_tokens_omitted") for the long multi-sentence Climate-FEVER texts of
texts.json, to keep the file small.
"""

import argparse
import importlib
import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import nltk
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

ROOT = Path(__file__).resolve().parents[2]
PUNKT = ROOT / "scoring" / "punkt"
OUT = ROOT / "scoring" / "treebank" / "testdata" / "nltk_word_tokenize.json"

# Texts of texts.json whose line_tokens are not recorded.
LONG_PREFIX = "punkt-climate-fever-"

# Hand-made cases, grouped by the rule they exercise.
HARD = {
    "empty": ["", " ", "\n\t ", "\u00a0", "\x1c\x1d\x1e\x1f"],
    "plain": ["Hello world", "Hello world.", "hello", "a", ".", "..", "...", "....", "?", "!"],
    "double-quotes": [
        '"Hello," she said.',
        'She said "hello" and left.',
        'He said, "It is over."',
        '"Quoted sentence." Another one.',
        '("quoted") and ["bracketed"] and {"braced"} and <"angled">',
        "''Two apostrophes'' as quotes.",
        "He wrote ''word'' there.",
        "``Already Treebank'' style.",
        "Backticks `one` and ```three``` and ``two``.",
        'x"y"z "',
        '""',
        '"',
        '" "',
        "a''b",
        "'''",
        '"Ends with a quote."',
        'It ended."',
        'It ended.")',
        "It ended.'",
        "It ended.' ",
        "It ended. '",
        "It ended. \"",
        'Nested "quotes \'inside\' here".',
    ],
    "curly-quotes": [
        "\u201cCurly double\u201d and \u2018curly single\u2019 quotes.",
        "\u201eLow double\u201c German style.",
        "\u00abGuillemets\u00bb and \u00ab spaced \u00bb.",
        "He said \u201cit\u2019s fine.\u201d",
        "Don\u2019t use curly apostrophes.",
        "The climate\u2019s change.",
        "End with curly.\u201d",
        "End with curly.\u2019 ",
        "Ends.\u00bb",
        "Ends. \u201d",
    ],
    "single-quotes": [
        "'Single quoted' text.",
        "He said 'yes' and 'no'.",
        "'a 'b 'c 'm 'T 'S 'd 'n 'x",
        "'A' grade.",
        "The '90s were warm.",
        "rock 'n' roll",
        "'ſ' and 'ı'",
        "'\u00e9' accent",
        "'1 and '_ and '\u0661",
        "the students' books",
        "James' car",
        "the boss' ",
        "''tis",
        "it's 'tis 'twas 'Tis 'TWAS 'tiS",
        "Go 'tis. 'tisn't",
        "' ' '",
        "x' ' y",
        "end'",
    ],
    "contractions": [
        "I can't do it.",
        "I cannot do it. CANNOT. Cannot.",
        "cannotbe and uncannot",
        "You're gonna love it, wanna see? I wanna.",
        "wanna",
        "wanna\tgo",
        "Gimme that, lemme see, gotta go.",
        "D'ye know? d'ye",
        "more'n enough",
        "won't shouldn't couldn't wouldn't isn't aren't ain't",
        "I'm you're he's she'd we'll they've they'd've",
        "I'M YOU'RE HE'S SHE'D WE'LL THEY'VE DON'T",
        "I'Ll it'S we'Ve don'T",
        "y'all o'clock ma'am",
        "'em and 'cause",
        "rock'n'roll",
        "can'tcan't",
        "Can't, won't!",
        "He said 'I can't.'",
        "whaddya whatcha",
        "gonna gotta wanna gimme lemme",
        "GONNA WaNnA",
        "gon na",
        "cannot\ncannot",
        "\u0130s 'T\u0130S 'tis 'T\u0131s 'tiſ 'twaſ",
        "it's's",
        "dogs'",
        "don't\n",
        "D'ye see? D'YE? d'Ye",
        "Gimme five. GIMME. gimme",
        "Gotta run; GOTTA; gotta",
        "Lemme in. LEMME. lemme",
        "more'n that; More'n; MORE'N",
        "Do you think so, d'ye?",
        "It's more'n ten.",
        "d'ye'tis and cannot'tis, gonna'twas",
        "Wanna go? WANNA\tgo; wanna\nfly",
    ],
    "possessives": [
        "John's book and the Joneses' house.",
        "the EU's policy",
        "It's its own.",
        "the '90s' end",
        "CO2's effect",
    ],
    "ellipses": [
        "Wait... what?",
        "Wait.. what",
        "Wait....",
        "Wait . . . what",
        "End...",
        "And so on..",
        "a...b....c",
        "...start",
        "Hmm.\u2026 ok\u2026",
    ],
    "dashes": [
        "Hello--world",
        "Hello -- world",
        "Hello---world",
        "Hello----world",
        "well-known, state-of-the-art",
        "en\u2013dash and em\u2014dash",
        "-5 degrees",
        "--",
        "---",
    ],
    "brackets": [
        "(Parenthetical) remark [with brackets] {and braces} <and angles>.",
        "f(x)=y",
        "a[1]",
        "(a.)",
        "(End of sentence.)",
        "[End.]",
        "He left (at noon).",
        "<html>",
        "()",
    ],
    "numbers": [
        "It costs $1,000.50 or 1,000,000 yen.",
        "Temperature rose 1.5\u00b0C (2.7\u00b0F) by 2100.",
        "About 50% of it.",
        "The ratio was 3:1 at 10:30 am.",
        "Numbers: 1, 2, 3.",
        "1,000",
        "1,a",
        "3.14159",
        "v1.2.3",
        "#1 and @home & more; less",
        "\u0663,\u0664 Arabic-Indic digits",
        "1,\uff11 fullwidth",
        "\u00a35 and \u20ac10 and \u00a5100",
        "+/-2 or 5*3=15",
        "15 ppm.",
        "In 2019, CO2 was 410 ppm.",
    ],
    "urls-emails": [
        "Visit https://www.example.com/path?q=1&r=2#frag for more.",
        "See http://example.org.",
        "Mail me at john.doe@example.com.",
        "ftp://files.example.net/a_b-c.txt",
        "www.nasa.gov/climate",
        "user@host",
    ],
    "abbreviations": [
        "The U.S. economy grew.",
        "He lives in the U.S.",
        "The U.S.A. is big.",
        "Dr. Smith and Mr. Jones met Mrs. Brown.",
        "Fruits, i.e. apples and pears, grow.",
        "Gases, e.g. CO2 and methane.",
        "i.e. sulfates",
        "etc. and so on",
        "Sea level rose ca. 20 cm.",
        "Jan. 1, 2020",
        "No. 5",
        "A.B.C. D.E.F.",
        "p.m.",
        "approx.",
        "St. Louis",
    ],
    "final-period": [
        "End.",
        "End. ",
        "End.\n",
        "End.  \n  ",
        "End .",
        "End..",
        "End.)",
        "End.) ",
        "End.\")",
        "End.'\"",
        "End. )",
        "End.]\t",
        "End.}\n",
        "End.>",
        "End.\u00bb)",
        "End.\u201d'",
        "End.)\u201d",
        "End.\u2019\u201d)",
        ".End",
        "A. B. C.",
        "a.\n.",
        "x.\u00a0",
        "x.\x1c",
        "x.\u3000",
        "\u00e9.",
        "\u4e2d\u6587.",
    ],
    "colons-commas": [
        "a,b",
        "a, b",
        "a,,b",
        "a,,",
        "a:",
        "a::",
        "a,",
        "a,\n",
        "a,,\n",
        "a:\n",
        "Note: this",
        "time 10:30, place: here",
        ",start",
        ":",
        ",",
    ],
    "question-exclamation": [
        "Really?! Yes!",
        "What??",
        "Why?)",
        "?!?",
        "\u00bfQu\u00e9? \u00a1S\u00ed!",
    ],
    "asterisks": ["*Important* note", "a**b", "5*3", "***"],
    "non-ascii": [
        "Caf\u00e9 na\u00efve r\u00e9sum\u00e9.",
        "\u00dcber die Stra\u00dfe.",
        "\u041f\u0440\u0438\u0432\u0435\u0442, \u043c\u0438\u0440!",
        "\u4e2d\u6587\u3002\u53e5\u5b50\u3002",
        "\u65e5\u672c\u8a9e\u3001\u30c6\u30b9\u30c8\u3002",
        "\u0627\u0644\u0639\u0631\u0628\u064a\u0629\u060c \u0646\u0639\u0645.",
        "\u05e2\u05d1\u05e8\u05d9\u05ea.",
        "\u03a3\u03bf\u03c6\u03af\u03b1.",
        "Emoji \U0001f642 here \U0001f30d.",
        "\U0001f525\U0001f525\U0001f525",
        "Zero\u200bwidth and non\u00a0breaking and thin\u2009space.",
        "combining e\u0301 and a\u0308.",
        "x\u0301'y",
        "'\u0301",
        "\u2160\u2161 Roman numerals",
        "\u00bd and \u00b2 and \u2460",
        "\u2018Single\u2019 and \u201cdouble\u201d and \u00ab\u00bb",
        "\u2026",
        "\u2014",
        "\u00b7middle dot\u00b7",
        "\u02bcmodifier apostrophe\u02bc",
        "\u2032prime\u2033",
        "\uff02fullwidth\uff02 \uff07",
        "\u3010bracket\u3011",
        "\u2028line\u2029para\u0085next",
        "\ufeffBOM",
        "\ud7ff\ue000\U0010ffff",
    ],
    "whitespace": [
        "Tabs\tbetween\twords.",
        "Lines\nbetween\nwords.",
        "CRLF\r\nline.",
        "Form\x0cfeed\x0bvtab.",
        "Unit\x1fsep\x1erecord.",
        "  leading and trailing  ",
        "\n\nparagraph\n\n",
        "a\u00a0b",
        "a\u3000b",
        "a\u2003b",
    ],
    "mixed": [
        'He said, "I can\'t believe it\'s not butter!" (She didn\'t.)',
        "The IPCC's AR6 (2021) says: warming is 1.1\u00b0C--unequivocally.",
        "\"Why?\" he asked. \"Because,\" she said, \"it's 5 o'clock.\"",
        "Costs rose (by $3.5bn; 12%) in Q1 & Q2... then fell!",
        "It's 'ok'. 'Not really,' they said.",
        "He'd've said 'twas fine, but I'd say 'tisn't.",
        "Isn't it? Aren't they? Won't we?",
        "(\"Yes.\")",
        "<\"a\">",
        "[''b'']",
        "{\"c\"} ",
        "x \"y\" \"\"z\"\"",
        "\"",
        "'\"'",
        "Mr. O'Neil's dog--a collie--ran.",
        "The 'Green New Deal' won't pass, e.g. in the U.S. Senate.",
        "Sea ice: down 13%/decade (NSIDC, 2020).",
        "CO\u2082 and CH\u2084 rise; N\u2082O too.",
        "I said: 'no'.",
        "Who? Me?! Yes...",
    ],
}


def build_punkt():
    with open(PUNKT / "english_params.json", encoding="utf-8") as f:
        data = json.load(f)
    params = PunktParameters()
    params.abbrev_types = set(data["abbrev_types"])
    params.collocations = {tuple(c) for c in data["collocations"]}
    params.sent_starters = set(data["sent_starters"])
    params.ortho_context = defaultdict(int, data["ortho_context"])
    return PunktSentenceTokenizer(params)


def patch_punkt_loader():
    """Make nltk.tokenize.sent_tokenize (and so word_tokenize) use the
    tokenizer built from english_params.json instead of nltk_data."""
    punkt = build_punkt()
    tokenize_module = importlib.import_module("nltk.tokenize")

    def load(resource_url, *args, **kwargs):
        if resource_url != "tokenizers/punkt/english.pickle":
            raise LookupError("no stand-in for %s" % resource_url)
        return punkt

    tokenize_module.load = load
    return tokenize_module


def climate_fever_texts(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n % 20:
                continue
            rec = json.loads(line)
            cid = rec["claim_id"]
            out.append(("cf-claim-%s" % cid, rec["claim"]))
            for k, ev in enumerate(rec["evidences"]):
                out.append(("cf-evidence-%s-%d" % (cid, k), ev["evidence"]))
    return out


def ranges(pred):
    """The code points where pred holds, as [first, last] pairs."""
    out = []
    start = None
    for c in range(sys.maxunicode + 2):
        ok = c <= sys.maxunicode and pred(chr(c))
        if ok and start is None:
            start = c
        elif not ok and start is not None:
            out.append([start, c - 1])
            start = None
    return out


def char_classes():
    word, digit, space = re.compile(r"\w"), re.compile(r"\d"), re.compile(r"\s")
    letters = "acdegilmnorstwy"
    return {
        "word": ranges(lambda c: word.match(c) is not None),
        "decimal": ranges(lambda c: digit.match(c) is not None),
        "space": ranges(lambda c: space.match(c) is not None),
        "split_space": ranges(lambda c: c.isspace() and len(("a" + c + "b").split()) == 2),
        "unassigned": ranges(lambda c: unicodedata.category(c) == "Cn"),
        # The characters re.I equates with each letter of NLTK's
        # case-insensitive patterns.
        "ignorecase": {
            l: [ord(c) for c in map(chr, range(sys.maxunicode + 1)) if re.fullmatch("(?i)" + l, c)]
            for l in letters
        },
    }


def dumps(out):
    """JSON with one result a line: compact, yet a change to one result
    shows as a one-line diff."""
    lines = ["{"]
    for k, v in out.items():
        if k == "results":
            continue
        lines.append(" %s: %s," % (json.dumps(k), json.dumps(v, ensure_ascii=False)))
    lines.append(' "results": [')
    res = out["results"]
    for j, e in enumerate(res):
        lines.append("  " + json.dumps(e, ensure_ascii=False) + ("," if j + 1 < len(res) else ""))
    lines.append(" ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--climate-fever",
        default=str(ROOT.parent / "shared" / "data" / "climate-fever" / "climate-fever.jsonl"),
        help="path of climate-fever.jsonl",
    )
    args = parser.parse_args()
    if not nltk.__version__.startswith("3.8"):
        sys.exit("need NLTK 3.8, have %s" % nltk.__version__)
    tokenize_module = patch_punkt_loader()
    word_tokenize = tokenize_module.word_tokenize

    texts = []
    with open(PUNKT / "testdata" / "texts.json", encoding="utf-8") as f:
        texts += [("punkt-" + t["id"], t["text"]) for t in json.load(f)]
    texts += climate_fever_texts(args.climate_fever)
    for group, cases in HARD.items():
        texts += [("hard-%s-%02d" % (group, i), t) for i, t in enumerate(cases)]
    ids = [i for i, _ in texts]
    assert len(ids) == len(set(ids)), "duplicate ids"

    results = []
    for tid, text in texts:
        r = {"id": tid, "text": text, "tokens": word_tokenize(text)}
        if tid.startswith(LONG_PREFIX):
            r["line_tokens_omitted"] = True
        else:
            line_tokens = word_tokenize(text, preserve_line=True)
            if line_tokens != r["tokens"]:
                r["line_tokens"] = line_tokens
        results.append(r)
    out = {
        "nltk_version": nltk.__version__,
        "python_version": sys.version.split()[0],
        "unicode_version": unicodedata.unidata_version,
        "char_classes": char_classes(),
        "results": results,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(dumps(out))
    print("wrote %d results (NLTK %s) to %s" % (len(results), nltk.__version__, OUT.relative_to(ROOT)))


if __name__ == "__main__":
    main()
