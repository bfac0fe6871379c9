#!/usr/bin/python3
"""NLTK's side of the text-metrics comparison of `make bench`: the time per
pair and the values of NLTK 3.8's BLEU and METEOR on the pairs that
scripts/bench/metrics (`metrics local -tokens-out`) wrote, for
scripts/bench/report to compare with the Go packages.

Usage, from the repository root, with Debian's Python, python3-nltk (3.8) and
wordnet-base (apt-get install python3-nltk wordnet-base):

    /usr/bin/python3 scripts/bench/nltk_metrics.py --in tokens.json --out nltk.json [--passes 3]

nltk_data is not needed: WordNet is read from Debian's database files and
word_tokenize's Punkt model is built from scoring/punkt/english_params.json,
as scripts/reference/wordnet.py sets them up. The WordNet reader is NLTK
3.8's own (recursive morphy), unchanged; the values of NLTK 3.9's
one-suffix morphy, the server's default, are recorded too.

What is timed, over whole passes of all pairs after a first pass that
records the values (the median pass counts; CPU time by
time.process_time, wall time by time.perf_counter):

  - bleu: sentence_bleu([reference_13a], generated_13a) with its defaults
    (weights 0.25 each, no smoothing), on the 13a tokens the Go side wrote:
    NLTK has no 13a tokenizer, and Hugging Face evaluate's BLEU is
    tensorflow/nmt's formula on 13a tokens, so both sides time the formula
    on the same tokens;
  - meteor: single_meteor_score(word_tokenize(reference),
    word_tokenize(generated)), tokenization included;
  - meteor_tokens: single_meteor_score on word_tokenize tokens computed
    before the pass;
  - meteor_first: the values pass, the first on a new WordNet reader (which
    reads synsets from the data files on first use).

sentence_bleu warns ("The hypothesis contains 0 counts of N-gram overlaps")
where an order has no match and then returns a value below 1e-70 instead of
0; the values pass records which pairs warned. The timed passes ignore the
warnings, so that printing them is not timed.
"""

import argparse
import json
import shutil
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "reference"))

import nltk  # noqa: E402
from nltk.translate.bleu_score import sentence_bleu  # noqa: E402
from nltk.translate.meteor_score import single_meteor_score  # noqa: E402

import wordnet as refwn  # noqa: E402  (scripts/reference/wordnet.py)


def measure(name, what, n, passes, fn):
    """Run fn (one pass over all n pairs) passes times; the median pass's
    CPU and wall time per pair, in the Go side's format."""
    cpu, wall = [], []
    for _ in range(passes):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return timing(name, what, n, cpu, wall)


def timing(name, what, n, cpu, wall):
    t = {
        "name": name,
        "what": what,
        "passes": len(cpu),
        "cpu_us_per_pair": statistics.median(cpu) / n * 1e6,
        "wall_us_per_pair": statistics.median(wall) / n * 1e6,
        "pass_cpu_s": cpu,
        "pass_wall_s": wall,
    }
    print(
        "nltk   %-14s %9.2f us/pair CPU, %9.2f us/pair wall (%s of %d passes)"
        % (name, t["cpu_us_per_pair"], t["wall_us_per_pair"], "median" if len(cpu) > 1 else "one", len(cpu)),
        flush=True,
    )
    return t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--in", dest="inp", required=True, help="metrics local -tokens-out file")
    ap.add_argument("--out", required=True, help="where to write timings and values (JSON)")
    ap.add_argument("--passes", type=int, default=3, help="timed passes per function (default 3)")
    ap.add_argument("--wordnet-dir", default="/usr/share/wordnet")
    args = ap.parse_args()
    if not nltk.__version__.startswith("3.8"):
        print("warning: NLTK %s, the comparison expects Debian's 3.8" % nltk.__version__, file=sys.stderr)

    with open(args.inp, encoding="utf-8") as f:
        pairs = json.load(f)["pairs"]
    n = len(pairs)
    word_tokenize = refwn.build_word_tokenize()
    wn, tmp = refwn.load_wordnet(args.wordnet_dir, "recursive")
    wn_one, tmp_one = refwn.load_wordnet(args.wordnet_dir, "one-suffix")
    try:
        values = [{"id": p["id"]} for p in pairs]
        timings = []

        # BLEU: the values pass, then the timed passes.
        for p, v in zip(pairs, values):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                v["bleu"] = float(sentence_bleu([p["reference_13a"]], p["generated_13a"]))
            v["bleu_warned"] = len(caught) > 0

        def bleu_pass():
            for p in pairs:
                sentence_bleu([p["reference_13a"]], p["generated_13a"])

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            timings.append(measure("bleu", "sentence_bleu([reference 13a tokens], generated 13a tokens)", n, args.passes, bleu_pass))

        # METEOR: the first pass on the new reader records the values.
        c0, w0 = time.process_time(), time.perf_counter()
        for p, v in zip(pairs, values):
            v["meteor"] = single_meteor_score(word_tokenize(p["reference"]), word_tokenize(p["generated"]), wordnet=wn)
        timings.append(
            timing(
                "meteor_first",
                "first pass on a new WordNet reader, word_tokenize included",
                n,
                [time.process_time() - c0],
                [time.perf_counter() - w0],
            )
        )

        def meteor_pass():
            for p in pairs:
                single_meteor_score(word_tokenize(p["reference"]), word_tokenize(p["generated"]), wordnet=wn)

        timings.append(
            measure("meteor", "single_meteor_score(word_tokenize(reference), word_tokenize(generated))", n, args.passes, meteor_pass)
        )

        tokens = [(word_tokenize(p["reference"]), word_tokenize(p["generated"])) for p in pairs]

        def meteor_tokens_pass():
            for rt, ht in tokens:
                single_meteor_score(rt, ht, wordnet=wn)

        timings.append(
            measure("meteor_tokens", "single_meteor_score on word_tokenize tokens computed before", n, args.passes, meteor_tokens_pass)
        )

        # Values with NLTK 3.9's morphy, and word_tokenize against the Go
        # tokens (a token difference would explain a METEOR difference).
        token_mismatches = 0
        for p, v, (rt, ht) in zip(pairs, values, tokens):
            v["meteor_one_suffix"] = single_meteor_score(rt, ht, wordnet=wn_one)
            if rt != p["reference_words"] or ht != p["generated_words"]:
                token_mismatches += 1
                v["word_tokenize_differs"] = True
    finally:
        shutil.rmtree(tmp)
        shutil.rmtree(tmp_one)

    out = {
        "runtime": "python %s, nltk %s" % (sys.version.split()[0], nltk.__version__),
        "pairs": n,
        "word_tokenize_mismatches": token_mismatches,
        "timings": timings,
        "values": values,
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
