#!/usr/bin/python3
"""Write scoring/punkt/testdata/nltk_sentences.json: NLTK's sentence splits of
the texts in scoring/punkt/testdata/texts.json, which the Go test
TestMatchesNLTK compares with package punkt.

Usage, from the repository root, with Debian's Python and python3-nltk
(apt-get install python3-nltk):

    /usr/bin/python3 scripts/punkt/reference.py

nltk_data is not needed: the tokenizer is built from the same parameters the
Go package embeds (scoring/punkt/english_params.json, NLTK's english.pickle
dumped as JSON). In NLTK 3.8, nltk.sent_tokenize(text, "english") is
load("tokenizers/punkt/english.pickle").tokenize(text), i.e. a
PunktSentenceTokenizer with these parameters and the default
PunktLanguageVars, with no other preprocessing.

For each text the output holds tokenize() and span_tokenize(); spans are
given in UTF-8 byte offsets (what Go uses) as well as in characters. It also
records Python's character classes for every character of the texts and some
chosen ones, which the Go test checks its own character classes against.
"""

import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
import re

import nltk
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

ROOT = Path(__file__).resolve().parents[2]
PKG = ROOT / "scoring" / "punkt"

# Characters whose Python classes differ from a naive definition.
PROBE_CHARS = (
    "aZ_0 \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u200b\u2028\u2029"
    "\u202f\u205f\u3000\u180e\ufeff"
    "ªºǅǄǆⅫⅻ²³¹①⑴٣٤०൦𝟎一五ⓐⒶ\u0301\u0307\u0345ʰᵃᴬ"
    "İıΣσςẞßǰKÅΩ\u212a\u2126ﬀ"
    "é中あ🙂—–“”’«»„¿¡"
)


def build_tokenizer():
    with open(PKG / "english_params.json", encoding="utf-8") as f:
        data = json.load(f)
    params = PunktParameters()
    params.abbrev_types = set(data["abbrev_types"])
    params.collocations = {tuple(c) for c in data["collocations"]}
    params.sent_starters = set(data["sent_starters"])
    params.ortho_context = defaultdict(int, data["ortho_context"])
    return PunktSentenceTokenizer(params)


def byte_offset(text, i):
    return len(text[:i].encode("utf-8"))


def char_classes(chars):
    word, digit, space = re.compile(r"\w"), re.compile(r"\d"), re.compile(r"\s")
    out = []
    for c in sorted(set(chars)):
        out.append(
            {
                "char": c,
                "space": bool(space.match(c)),
                "upper": c.isupper(),
                "lower": c.islower(),
                "decimal": bool(digit.match(c)),
                "word": bool(word.match(c)),
                "lowercase": c.lower(),
            }
        )
    return out


def dumps_one_per_line(obj):
    """JSON with each element of a top-level list on its own line: compact,
    yet a change to one result shows as a one-line diff."""
    lines = ["{"]
    items = list(obj.items())
    for i, (k, v) in enumerate(items):
        comma = "," if i + 1 < len(items) else ""
        if isinstance(v, list):
            lines.append(" %s: [" % json.dumps(k))
            for j, e in enumerate(v):
                sep = "," if j + 1 < len(v) else ""
                lines.append("  " + json.dumps(e, ensure_ascii=False) + sep)
            lines.append(" ]" + comma)
        else:
            lines.append(" %s: %s%s" % (json.dumps(k), json.dumps(v, ensure_ascii=False), comma))
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    tok = build_tokenizer()
    with open(PKG / "testdata" / "texts.json", encoding="utf-8") as f:
        texts = json.load(f)
    results = []
    for t in texts:
        text = t["text"]
        sents = tok.tokenize(text)
        spans = list(tok.span_tokenize(text))
        assert sents == [text[s:e] for s, e in spans], t["id"]
        results.append(
            {
                "id": t["id"],
                "sentences": sents,
                "spans": [[byte_offset(text, s), byte_offset(text, e)] for s, e in spans],
                "char_spans": [[s, e] for s, e in spans],
            }
        )
    chars = PROBE_CHARS + "".join(t["text"] for t in texts)
    out = {
        "nltk_version": nltk.__version__,
        "python_version": sys.version.split()[0],
        "unicode_version": unicodedata.unidata_version,
        "results": results,
        "char_classes": char_classes(chars),
    }
    path = PKG / "testdata" / "nltk_sentences.json"
    with open(path, "w", encoding="utf-8") as f:
        f.write(dumps_one_per_line(out))
    print("wrote %d results (NLTK %s) to %s" % (len(results), nltk.__version__, path.relative_to(ROOT)))


if __name__ == "__main__":
    main()
