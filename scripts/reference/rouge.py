#!/usr/bin/python3
"""Write scoring/rouge/testdata/python_rouge.json: ROUGE values computed in
Python, with NLTK's Porter stemmer, Python's str.lower and re, and NLTK's
Punkt, for the Go package scoring/rouge to compare with.

Usage, from the repository root, with Debian's Python and python3-nltk 3.8
(apt-get install python3-nltk):

    /usr/bin/python3 scripts/reference/rouge.py [--climate-fever PATH]

rouge-score itself is not packaged by Debian and cannot be installed here,
so this script re-states, in a few lines of our own, the behaviour of
rouge-score 0.1.2 as its public source describes it (tokenize.py,
tokenizers.py, rouge_scorer.py, scoring.py):

- tokens: text.lower(), every run of characters outside [a-z0-9] becomes one
  space, split at whitespace, tokens longer than 3 characters replaced by
  PorterStemmer().stem(token) when stemming, tokens not matching
  ^[a-z0-9]+$ dropped;
- rougeN: clipped n-gram counts (Counter intersection), precision over the
  prediction's n-gram count, recall over the reference's (each at least 1);
- rougeL: LCS length over the token counts, 0 when a side is empty;
- rougeLsum: sentences are the non-empty lines (split("\\n")), or
  nltk.sent_tokenize with split_summaries=True; for each reference sentence
  the union of the LCS index sets (one LCS per prediction sentence, read out
  of the DP table from the end: match, else left when strictly larger, else
  up), hits counted while both token counters are positive;
- F = 2*P*R/(P+R), 0 when P+R is 0.

The values are an independent check of the Go port's tokenization (Unicode
lower-casing, the stemmer), float arithmetic and LCS tie-breaking, not a
substitute for rouge-score's own numbers, which the Go tests also compare
with (testdata/metric_vectors_dev.jsonl). Punkt uses NLTK's English
parameters as scripts/punkt/reference.py loads them. The output is
deterministic (fixed seed).
"""

import argparse
import collections
import importlib.util
import json
import random
import re
import sys
from pathlib import Path

import nltk
from nltk.stem.porter import PorterStemmer

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "scoring" / "rouge" / "testdata" / "python_rouge.json"
DEFAULT_CF = ROOT.parent / "shared" / "data" / "climate-fever" / "climate-fever.jsonl"

STEMMER = PorterStemmer()

HARD_TEXTS = [
    "",
    "   \n\n  ",
    "...!?",
    "The quick brown fox jumps over the lazy dog.",
    "THE QUICK BROWN FOX; the Quick-Brown fox!",
    "İstanbul İS big; İİ İs",
    "\u212aelvin 5\u212a \u212a",
    "naïve café résumés über façade coöperation ﬁnished straße",
    "CO2 emissions rose 1.5°C (2.7°F) in 1990s–2000s; ~0.6-1.1 m",
    "dying skies news proceeding exceedingly generalizations was dies lies",
    "don't won't IPCC's U.S. e.g. i.e. etc.",
    "line one\nline two\r\nline three\n\nline four",
    "tab\tseparated\x0bvertical\x0cfeed\x1cfile\x1dgroup\x85next\u2028line",
    "ΟΔΥΣΣΕΥΣ σας ΣΑΣ, 中文 日本語 🙂 emoji",
    "a b c d e f g a b c a b",
    "10 100 1000 10000 100000 abc123def 123abc",
]


def tokenize(text, stem):
    text = re.sub(r"[^a-z0-9]+", " ", text.lower())
    tokens = re.split(r"\s+", text)
    if stem:
        tokens = [STEMMER.stem(t) if len(t) > 3 else t for t in tokens]
    return [t for t in tokens if re.match(r"^[a-z0-9]+$", t)]


def fmeasure(p, r):
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def score(overlap, pred_count, ref_count):
    p = overlap / pred_count
    r = overlap / ref_count
    return [p, r, fmeasure(p, r)]


def rouge_n(ref, pred, n):
    rc = collections.Counter(tuple(ref[i:i + n]) for i in range(len(ref) - n + 1))
    pc = collections.Counter(tuple(pred[i:i + n]) for i in range(len(pred) - n + 1))
    overlap = sum((rc & pc).values())
    return score(overlap, max(sum(pc.values()), 1), max(sum(rc.values()), 1))


def lcs_table(a, b):
    t = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                t[i][j] = t[i - 1][j - 1] + 1
            else:
                t[i][j] = max(t[i - 1][j], t[i][j - 1])
    return t


def rouge_l(ref, pred):
    if not ref or not pred:
        return [0.0, 0.0, 0.0]
    return score(lcs_table(ref, pred)[-1][-1], len(pred), len(ref))


def lcs_indices(ref, can):
    t = lcs_table(ref, can)
    i, j, out = len(ref), len(can), set()
    while i > 0 and j > 0:
        if ref[i - 1] == can[j - 1]:
            out.add(i - 1)
            i, j = i - 1, j - 1
        elif t[i][j - 1] > t[i - 1][j]:
            j -= 1
        else:
            i -= 1
    return out


def rouge_lsum(ref_sents, pred_sents):
    m = sum(len(s) for s in ref_sents)
    n = sum(len(s) for s in pred_sents)
    if not ref_sents or not pred_sents or not m or not n:
        return [0.0, 0.0, 0.0]
    cr = collections.Counter(t for s in ref_sents for t in s)
    cp = collections.Counter(t for s in pred_sents for t in s)
    hits = 0
    for r in ref_sents:
        union = set()
        for c in pred_sents:
            union |= lcs_indices(r, c)
        for i in sorted(union):
            t = r[i]
            if cp[t] > 0 and cr[t] > 0:
                hits += 1
                cp[t] -= 1
                cr[t] -= 1
    return score(hits, n, m)


def load_punkt():
    spec = importlib.util.spec_from_file_location(
        "punkt_reference", ROOT / "scripts" / "punkt" / "reference.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.build_tokenizer()


def all_scores(ref, pred, stem, punkt):
    rt, pt = tokenize(ref, stem), tokenize(pred, stem)
    out = {
        "rouge1": rouge_n(rt, pt, 1),
        "rouge2": rouge_n(rt, pt, 2),
        "rougeL": rouge_l(rt, pt),
    }

    def lines(text):
        return [tokenize(s, stem) for s in text.split("\n") if len(s)]

    def sents(text):
        return [tokenize(s, stem) for s in punkt.tokenize(text) if len(s)]

    out["rougeLsum"] = rouge_lsum(lines(ref), lines(pred))
    out["rougeLsum_punkt"] = rouge_lsum(sents(ref), sents(pred))
    return out


def climate_fever_pairs(path, rng):
    claims = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            claims.append((rec["claim"], [e["evidence"] for e in rec["evidences"]]))
    pairs = []
    for k in range(240):
        claim, ev = claims[rng.randrange(len(claims))]
        _, other = claims[rng.randrange(len(claims))]
        ref_sents = ev[:]
        kind = k % 6
        if kind == 0:  # same sentences, shuffled
            pred_sents = ev[:]
            rng.shuffle(pred_sents)
        elif kind == 1:  # a subset plus the claim
            pred_sents = rng.sample(ev, 3) + [claim]
        elif kind == 2:  # another claim's evidence
            pred_sents = other[:]
        elif kind == 3:  # mixed
            pred_sents = rng.sample(ev, 2) + rng.sample(other, 2)
            rng.shuffle(pred_sents)
        elif kind == 4:  # words shuffled within sentences
            pred_sents = []
            for s in ev:
                w = s.split()
                rng.shuffle(w)
                pred_sents.append(" ".join(w))
        else:  # claim only
            pred_sents = [claim]
        sep_ref = "\n" if k % 2 == 0 else " "
        sep_pred = "\n" if k % 4 < 2 else " "
        pairs.append((sep_ref.join(ref_sents), sep_pred.join(pred_sents)))
    return pairs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--climate-fever", default=str(DEFAULT_CF))
    args = ap.parse_args()
    rng = random.Random(20260503)
    punkt = load_punkt()

    pairs = [(a, b) for a in HARD_TEXTS for b in HARD_TEXTS[:6]]
    pairs += climate_fever_pairs(args.climate_fever, rng)
    out = {
        "nltk_version": nltk.__version__,
        "python_version": sys.version.split()[0],
        "tokens": [
            {"text": t, "plain": tokenize(t, False), "stemmed": tokenize(t, True)}
            for t in HARD_TEXTS
        ],
        "pairs": [
            {
                "reference": ref,
                "prediction": pred,
                "stemmed": all_scores(ref, pred, True, punkt),
                "plain": all_scores(ref, pred, False, punkt),
            }
            for ref, pred in pairs
        ],
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=0)
        f.write("\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(HARD_TEXTS)} texts, {len(pairs)} pairs",
          file=sys.stderr)


if __name__ == "__main__":
    main()
