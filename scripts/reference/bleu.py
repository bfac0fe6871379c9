#!/usr/bin/python3
"""Write scoring/bleu/testdata/nltk_bleu.json: reference values that the Go
tests of package scoring/bleu compare with.

Usage, from the repository root, with Debian's Python and python3-nltk
(apt-get install python3-nltk):

    /usr/bin/python3 scripts/reference/bleu.py

Neither sacreBLEU nor Hugging Face evaluate can be installed on these
machines, so this script uses what can run here:

* 13a tokens. The script ports sacreBLEU 2.x's Tokenizer13a to a few lines
  of Python with Python's own `re` and `str.split`, the same engines the real
  tokenizer runs on, so the Go tokenizer is checked against Python's regex
  and whitespace semantics, not against itself. `tokens_hf` is what HF
  evaluate's copy of the tokenizer gives; `tokens_sacre` is what sacreBLEU's
  BLEU feeds into its counts: it calls `rstrip()` on each segment before the
  tokenizer, which matters only when a trailing "-\\n" would be removed.
  The token lists written below (and fed to NLTK) come from this port.

* NLTK 3.8 BLEU. With one reference and no smoothing,
  `nltk.translate.bleu_score.sentence_bleu([ref], hyp)` computes the same
  formula as tensorflow/nmt's `compute_bleu` (what HF evaluate runs) wherever
  every n-gram precision is non-zero; there NLTK's value must equal our HF
  BLEU. Where a precision is zero, NLTK 3.8 substitutes sys.float_info.min
  and returns a tiny non-zero number, so those pairs are left out (the
  reference vectors cover them). `corpus_bleu` is checked on groups whose
  hypotheses all have at least 4 tokens: NLTK counts at least 1 in every
  precision denominator of each sentence (`max(1, ...)`), nmt does not, and
  they agree only when no hypothesis is shorter than the largest order.
  NLTK's clipped counts (the numerators and denominators of its Fractions,
  which are not normalised) are written too, to check the Go counts exactly.

Pairs are built from Climate-FEVER (../shared/data/climate-fever): a
claim's evidence sentences paired with perturbed copies of themselves (word
drops, adjacent swaps, truncation, duplication, case changes, sentences
joined) and with each other. A fixed seed makes the output reproducible.
"""

import json
import math
import random
import re
import sys
import warnings
from pathlib import Path

import nltk
from nltk.translate.bleu_score import corpus_bleu, modified_precision, sentence_bleu

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "climate-fever" / "climate-fever.jsonl"
OUT = ROOT / "scoring" / "bleu" / "testdata" / "nltk_bleu.json"

SEED = 20260601
N_SENTENCE = 400
MAX_ORDER = 4

# --- 13a, ported to Python's re -------------------------------------------

# mteval-v13a's text substitutions, applied in this order.
_SUBSTITUTIONS = (
    ("<skipped>", ""),
    ("-\n", ""),
    ("\n", " "),
    ("&quot;", '"'),
    ("&amp;", "&"),
    ("&lt;", "<"),
    ("&gt;", ">"),
)

# mteval-v13a's four Western-language rules, applied in this order.
_RULES = (
    # ASCII punctuation except ' , - . (the space is in the class too)
    (re.compile(r"([\{-\~\[-\` -\&\(-\+\:-\@\/])"), r" \1 "),
    # period or comma after a non-digit
    (re.compile(r"([^0-9])([\.,])"), r"\1 \2 "),
    # period or comma before a non-digit
    (re.compile(r"([\.,])([^0-9])"), r" \1 \2"),
    # hyphen after a digit
    (re.compile(r"([0-9])(-)"), r"\1 \2 "),
)


def tokens_13a(text):
    """13a tokens as HF evaluate's Tokenizer13a returns them."""
    for old, new in _SUBSTITUTIONS:
        text = text.replace(old, new)
    text = " " + text + " "
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    return text.split()


def tokens_sacre(text):
    """13a tokens as sacreBLEU's BLEU counts them (rstrip first)."""
    return tokens_13a(text.rstrip())


# --- tokenizer cases ---------------------------------------------------------

# Pieces that exercise every substitution and rule, Python's whitespace set
# (which includes \x1c-\x1f, unlike Go's unicode.IsSpace) and non-ASCII
# punctuation, which 13a leaves attached.
_PIECES = [
    "a", "Z", "word", "5", "0", "19", "-", "--", ".", ",", "'", '"', "&",
    "&quot;", "&amp;", "&lt;", "&gt;", "&amp;quot;", "&amp;lt;", "&quot",
    "<skipped>", "<skip", "ped>", "\n", "-\n", "\r\n", " ", "  ", "\t",
    "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\xa0",
    "\u1680", "\u2009", "\u2028", "\u2029", "\u202f", "\u3000", "\u200b",
    "\u180e", "\ufeff", "é", "Å", "“", "”", "‘", "’", "—", "–", "−", "…",
    "°", "²", "±", "中", "🙂", "(", ")", "[", "]", "{", "}", "/", "\\",
    "@", "#", "$", "%", "^", "_", "`", "|", "~", ":", ";", "?", "!", "+",
    "=", "*", "<", ">", "1.5", "2,000", "3-4", "e.g.", "U.S.", "...",
]

_HAND_TEXTS = [
    "",
    " ",
    "\n",
    "-\n",
    "a-\n",
    "a-\n ",
    "5-\n",
    "5-\n\t",
    "a-<skipped>\n",
    "x-\n\ny",
    "word-\nbreak",
    "<skipped>",
    "a<skipped>b",
    "&amp;quot;",
    "&amp;amp;",
    "&amp;lt;tag&amp;gt;",
    "He said &quot;no&quot;.",
    "Tom &amp; Jerry &lt;3",
    "1,000.50 and 3.14, then 2.",
    "a.b,c .d, e. f ,g",
    "..",
    "...",
    ",,,",
    ".,.,",
    "9.",
    ".9",
    "9.9.9",
    "a.9",
    "9.a",
    "1990-2000",
    "1990 - 2000",
    "a-b",
    "5-a",
    "a-5",
    "5--6",
    "-5",
    "5-",
    "well-known self-driving",
    "It's the dog's bone, isn't it?",
    "“Quoted” text — with ‘curly’ quotes… and 1.5°C ± 0.2°C.",
    "2081–2100 vs 2081-2100",
    "W/m² (IPCC AR6, 2021) [1].",
    "CO₂ emissions: 36.8 Gt; +1.1% y/y!",
    "tab\there\x1cfile\x1dgroup\x1erecord\x1funit",
    "nbsp\xa0thin\u2009narrow\u202fideo\u3000line\u2028para\u2029",
    "zero\u200bwidth and\ufeffbom",
    "email@example.com http://x.org/a?b=c&d=e#f",
    "$100 {braces} [brackets] (parens) <angles> |pipe| ~tilde^ `tick` _under_",
    "trailing spaces   ",
    "trailing-\n  \n",
    "  leading and trailing  ",
]


def tokenizer_cases(rng):
    texts = list(_HAND_TEXTS)
    for _ in range(500):
        n = rng.randint(0, 24)
        texts.append("".join(rng.choice(_PIECES) for _ in range(n)))
    seen = set()
    cases = []
    for text in texts:
        if text in seen:
            continue
        seen.add(text)
        cases.append({"text": text, "tokens_hf": tokens_13a(text), "tokens_sacre": tokens_sacre(text)})
    return cases


# --- sentence pairs ---------------------------------------------------------


def perturb(rng, text):
    """A changed copy of text and the name of the change."""
    words = text.split(" ")
    kind = rng.choice(["drop", "swap", "truncate", "duplicate", "case", "mix"])
    if kind in ("drop", "mix") and len(words) > 3:
        for _ in range(rng.randint(1, max(1, len(words) // 6))):
            del words[rng.randrange(len(words))]
    if kind in ("swap", "mix") and len(words) > 2:
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
    if kind == "truncate" and len(words) > 4:
        words = words[: rng.randint(4, len(words))]
    if kind == "duplicate" and len(words) > 3:
        i = rng.randrange(len(words) - 2)
        j = rng.randint(i + 1, min(len(words), i + 4))
        words[j:j] = words[i:j]
    if kind == "case":
        i = rng.randrange(len(words))
        words[i] = words[i].upper() if rng.random() < 0.5 else words[i].lower()
    return " ".join(words), kind


def candidate_pairs(rng, rows):
    """(id, hypothesis, reference, how) tuples in a reproducible order."""
    order = list(range(len(rows)))
    rng.shuffle(order)
    for k in order:
        row = rows[k]
        evidences = [e["evidence"] for e in row["evidences"]]
        a = rng.randrange(len(evidences))
        ref = evidences[a]
        hyp, kind = perturb(rng, ref)
        yield f"cf{row['claim_id']}-e{a}-{kind}", hyp, ref, kind
        # joined: the reference plus part of another evidence sentence
        b = (a + 1) % len(evidences)
        other = evidences[b].split(" ")
        joined = ref + " " + " ".join(other[: rng.randint(1, len(other))])
        if rng.random() < 0.5:
            yield f"cf{row['claim_id']}-e{a}-join", joined, ref, "join"
        else:
            yield f"cf{row['claim_id']}-e{a}-joinref", ref, joined, "join"


def nltk_counts(ref_tokens, hyp_tokens):
    nums, dens = [], []
    for n in range(1, MAX_ORDER + 1):
        p = modified_precision([ref_tokens], hyp_tokens, n)
        nums.append(p.numerator)
        dens.append(p.denominator)
    return nums, dens


def sentence_cases(rng, rows):
    cases = []
    kinds = {}
    for case_id, hyp, ref, kind in candidate_pairs(rng, rows):
        if len(cases) >= N_SENTENCE:
            break
        hyp_tokens, ref_tokens = tokens_13a(hyp), tokens_13a(ref)
        nums, dens = nltk_counts(ref_tokens, hyp_tokens)
        if min(nums) == 0:
            continue  # NLTK returns a tiny number there, nmt returns 0
        # At most a third of each kind keeps the mix varied.
        if kinds.get(kind, 0) >= N_SENTENCE // 3:
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        cases.append(
            {
                "id": case_id,
                "hypothesis": hyp,
                "reference": ref,
                "hyp_tokens": hyp_tokens,
                "ref_tokens": ref_tokens,
                "numerators": nums,
                "denominators": dens,
                "bleu": sentence_bleu([ref_tokens], hyp_tokens),
            }
        )
    return cases


def corpus_cases(rng, cases):
    usable = [c for c in cases if len(c["hyp_tokens"]) >= MAX_ORDER]
    out = []
    start = 0
    while start < len(usable):
        size = rng.randint(2, 30)
        group = usable[start : start + size]
        start += size
        refs = [[c["ref_tokens"]] for c in group]
        hyps = [c["hyp_tokens"] for c in group]
        out.append(
            {
                "ids": [c["id"] for c in group],
                "hyp_len": sum(len(h) for h in hyps),
                "ref_len": sum(len(r[0]) for r in refs),
                "bleu": corpus_bleu(refs, hyps),
            }
        )
    return out


def write_json(f, result):
    """Compact JSON with one case a line, so that diffs stay readable."""

    def dumps(value):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    f.write("{\n")
    for k, (key, value) in enumerate(result.items()):
        f.write(f"{dumps(key)}:")
        if isinstance(value, list):
            f.write("[\n" + ",\n".join(dumps(item) for item in value) + "\n]")
        else:
            f.write(dumps(value))
        f.write(",\n" if k < len(result) - 1 else "\n")
    f.write("}\n")


def main():
    warnings.simplefilter("ignore")
    rng = random.Random(SEED)
    with open(DATA, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    sentences = sentence_cases(rng, rows)
    result = {
        "generator": "scripts/reference/bleu.py",
        "python_version": sys.version.split()[0],
        "nltk_version": nltk.__version__,
        "seed": SEED,
        "tokenizer": tokenizer_cases(rng),
        "sentences": sentences,
        "corpora": corpus_cases(rng, sentences),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        write_json(f, result)
    print(
        f"wrote {OUT.relative_to(ROOT)}: {len(result['tokenizer'])} tokenizer cases, "
        f"{len(sentences)} sentence pairs, {len(result['corpora'])} corpora"
    )


if __name__ == "__main__":
    main()
