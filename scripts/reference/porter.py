#!/usr/bin/python3
"""Write scoring/porter/testdata/nltk_stems.json: NLTK's PorterStemmer stems,
in its three modes, of every distinct word of Climate-FEVER and of a list of
hard words, which the Go tests of package scoring/porter compare with.

Usage, from the repository root, with Debian's Python and python3-nltk 3.8
(apt-get install python3-nltk):

    /usr/bin/python3 scripts/reference/porter.py [--climate-fever PATH]

PATH is Climate-FEVER's climate-fever.jsonl (default:
../shared/data/climate-fever/climate-fever.jsonl, relative to the repository
root). The output is deterministic.

Words are taken from the claims and evidence sentences lower-cased
(str.lower) and split in two ways: at whitespace (so punctuation stays
attached, as in "warming," or "co2-induced") and into runs of word characters
(regex \\w+). Hard words (HARD_WORDS) keep their case, so that
to_lowercase=True and the irregular-forms pool, which NLTK looks up with the
word as given, are exercised.

The file also records Python's str.lower for every code point it changes and
the Unicode "cased" and "case-ignorable" sets that Python's final-sigma rule
uses (derived from str.lower's behaviour), so that the Go lower-casing can be
checked for the whole of Unicode, and the code points Python's Unicode
database leaves unassigned (a newer Unicode in Go may assign them).
"""

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

import nltk
from nltk.stem.porter import PorterStemmer

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "scoring" / "porter" / "testdata" / "nltk_stems.json"
DEFAULT_CF = ROOT.parent / "shared" / "data" / "climate-fever" / "climate-fever.jsonl"

MODES = [
    ("nltk_extensions", PorterStemmer.NLTK_EXTENSIONS),
    ("martin_extensions", PorterStemmer.MARTIN_EXTENSIONS),
    ("original_algorithm", PorterStemmer.ORIGINAL_ALGORITHM),
]

HARD_WORDS = [
    # Empty, tiny and the length-2 rule (which counts the word as given).
    "", "a", "s", "y", "is", "as", "us", "ys", "yy", "ies", "ied", "eed", "ing",
    "sses", "ss", "ll", "e", "ee", "ed",
    # The irregular-forms pool and its keys, lower and upper case.
    "sky", "skies", "dying", "lying", "tying", "news", "innings", "inning",
    "outings", "outing", "cannings", "canning", "howe", "proceed", "exceed",
    "succeed", "die", "lie", "tie",
    "Sky", "SKIES", "Dying", "NEWS", "News", "Innings", "Proceed", "EXCEED",
    # Step 1a/1b NLTK special cases.
    "ties", "dies", "lies", "pies", "flies", "spies", "ponies", "caresses",
    "died", "tied", "lied", "spied", "cried", "studied", "feed", "agreed",
    "bleed", "plastered", "bled", "motoring", "sing", "conflated", "troubled",
    "sized", "hopping", "tanned", "falling", "hissing", "fizzed", "failing",
    "filing", "owed", "awed", "bowed", "axed", "ageing",
    # Literal '*d' at the end of step 1b's stem (an NLTK quirk).
    "fo*ded", "a*ding", "x*d", "ab*dd", "o*ded",
    # Step 1c.
    "happy", "enjoy", "spy", "fly", "try", "by", "toy", "syzygy", "yyy",
    "yyyyyyy", "ayayay", "yaya",
    # Step 2, 3, 4, 5 examples from the paper and NLTK's changes.
    "relational", "conditional", "rational", "valenci", "hesitanci",
    "digitizer", "conformabli", "radicalli", "differentli", "vileli",
    "analogousli", "vietnamization", "predication", "operator", "feudalism",
    "decisiveness", "hopefulness", "callousness", "formaliti", "sensitiviti",
    "sensibiliti", "triplicate", "formative", "formalize", "electriciti",
    "electrical", "hopeful", "goodness", "revival", "allowance", "inference",
    "airliner", "gyroscopic", "adjustable", "defensible", "irritant",
    "replacement", "adjustment", "dependent", "adoption", "homologou",
    "communism", "activate", "angulariti", "homologous", "effective",
    "bowdlerize", "probate", "rate", "cease", "controll", "roll",
    "generalli", "finalli", "totalli", "beautifulli", "hopefulli",
    "geologi", "theologi", "archaeologi", "philologi", "logi", "ologi",
    "analogi", "electrically", "fundamentally", "generalization",
    "generalizations", "oscillators", "internationalization",
    # Climate vocabulary.
    "emissions", "greenhouse", "warming", "temperatures", "anthropogenic",
    "acidification", "precipitation", "variability", "sensitivity",
    "feedbacks", "glaciers", "melting", "atmospheric", "concentrations",
    # Digits, punctuation, mixed.
    "co2", "1990s", "2000s", "3rd", "ipcc's", "don't", "e.g.", "u.s.",
    "well-known", "--", "...", "'s", "n't",
    # Non-ASCII: Python's lower() (İ becomes two code points, final sigma,
    # Kelvin sign), letters Porter treats as consonants, diacritics.
    "İstanbul", "İİ", "İ", "Iİ", "ΣΑΣ", "ΟΔΥΣΣΕΥΣ", "Σ", "ΑΣ", "Α.Σ", "ΑΣ'Σ",
    "\u212aelvin", "\u212a", "naïve", "naïvely", "café", "cafés", "résumés",
    "über", "façade", "coöperation", "ﬁnished", "straße", "STRASSE",
    "ǅemal", "Ǆ", "ǈ", "ΐ", "ẞ", "ȺȾ", "Ⱥ", "ⅫⅫ", "ÀÉÎÕÜ", "mañana",
    "ıi", "ΣΣ", "ΑΣ\u0301", "Α\u0301Σ", "ΑΣΑ", "Σ\u0345",
]


def climate_fever_words(path):
    words = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            texts = [rec["claim"]] + [e["evidence"] for e in rec["evidences"]]
            for text in texts:
                low = text.lower()
                words.update(low.split())
                words.update(re.findall(r"\w+", low))
    return words


def ranges(pred):
    """Code point ranges [lo, hi] where pred holds, over all of Unicode."""
    out = []
    start = None
    for cp in range(0x110000 + 1):
        ok = cp < 0x110000 and not (0xD800 <= cp <= 0xDFFF) and pred(chr(cp))
        if ok and start is None:
            start = cp
        elif not ok and start is not None:
            out.append([start, cp - 1])
            start = None
    return out


def is_cased(c):
    # "ΑΣ" + c: the sigma is final unless c is cased (case-ignorables are
    # skipped and then the end of the string follows).
    return ("\u0391\u03a3" + c).lower()[1] == "\u03c3"


def is_case_ignorable(c):
    # "Α" + c + "Σ": the sigma is final when c is case-ignorable or cased.
    return not is_cased(c) and ("\u0391" + c + "\u03a3").lower()[-1] == "\u03c2"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--climate-fever", default=str(DEFAULT_CF))
    args = ap.parse_args()

    stemmers = [(name, PorterStemmer(mode)) for name, mode in MODES]
    words = sorted(climate_fever_words(args.climate_fever))
    hard = list(dict.fromkeys(HARD_WORDS))

    def rows(ws):
        return [[w] + [s.stem(w) for _, s in stemmers] for w in ws]

    lower = []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        if c.lower() != c:
            lower.append([cp, c.lower()])

    out = {
        "nltk_version": nltk.__version__,
        "python_version": sys.version.split()[0],
        "modes": [name for name, _ in MODES],
        "columns": ["word"] + [name for name, _ in MODES],
        "hard_words": rows(hard),
        "climate_fever_words": rows(words),
        "python_lower": lower,
        "cased": ranges(is_cased),
        "case_ignorable": ranges(is_case_ignorable),
        "unicode_version": unicodedata.unidata_version,
        "unassigned": ranges(lambda c: unicodedata.category(c) == "Cn"),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(hard)} hard words, "
          f"{len(words)} Climate-FEVER words, {len(lower)} lower-case mappings",
          file=sys.stderr)


if __name__ == "__main__":
    main()
