#!/usr/bin/python3
"""Write scoring/meteor/testdata/nltk_meteor.json: NLTK's METEOR for several
hundred reference/hypothesis pairs built from Climate-FEVER, which the Go
tests of package scoring/meteor compare with.

Usage, from the repository root, with Debian's Python, python3-nltk (3.8) and
wordnet-base (apt-get install python3-nltk wordnet-base):

    /usr/bin/python3 scripts/reference/meteor.py [--wordnet-dir DIR] [--climate-fever PATH] [--time]

DIR defaults to /usr/share/wordnet; PATH to
../shared/data/climate-fever/climate-fever.jsonl (relative to the repository
root). The output is deterministic. --time also prints NLTK's time per pair
(word_tokenize of both texts plus single_meteor_score) over all pairs, with a
cold and a warm WordNet reader, and on the five-sentence pairs; the Go
benchmarks BenchmarkReferencePairs, BenchmarkReferencePairsWarm and
BenchmarkScore measure the same.

For each pair the file holds the two texts, the tokens NLTK's word_tokenize
gives for them (so that a tokenizer difference can be told apart from a
METEOR difference), and
  - "meteor": single_meteor_score(word_tokenize(reference),
    word_tokenize(hypothesis)) with NLTK 3.9's one-suffix morphy in the
    WordNet reader (how the project's reference values are made: NLTK 3.8
    with that one change);
  - "meteor_nltk38": the same with NLTK 3.8's own, recursive morphy;
  - "matches" and "chunks": the number of aligned words and of chunks
    (_enum_align_words and _count_chunks, one-suffix morphy).
The WordNet reader and word_tokenize are set up by scripts/reference/wordnet.py
(no nltk_data needed).

The pairs ("kind"): a claim against one of its evidence sentences and the
reverse; an evidence sentence against itself perturbed: WordNet synonyms
swapped in, words dropped, words or clauses reordered, words inflected,
case changed; five evidence sentences against another claim's five or
against themselves perturbed; hand-made edge cases; and pairs that only
NLTK 3.8's recursive morphy aligns (kind "morphy"), found by searching
WordNet for stems whose synonyms differ between the two variants.

It also records how Python's str.lower, METEOR's preprocess, treats every
code point ("python_lower"), for the Go test of the package's lower-casing.
"""

import argparse
import json
import random
import shutil
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import nltk  # noqa: E402
from nltk.stem.porter import PorterStemmer  # noqa: E402
from nltk.translate import meteor_score as M  # noqa: E402

import wordnet as refwn  # noqa: E402  (scripts/reference/wordnet.py)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "scoring" / "meteor" / "testdata" / "nltk_meteor.json"

EDGE = [
    ("", ""),
    ("", "Something here."),
    ("Something here.", ""),
    ("   ", "\n\t"),
    (".", "."),
    ("...", "!?"),
    ("Sea levels rise.", "Sea levels rise."),
    ("Sea levels rise.", "sea LEVELS Rise ."),
    ("the the the the", "the"),
    ("the", "the the the the"),
    ("a b c d e f", "f e d c b a"),
    ("a b a b a b", "b a b a b a"),
    ("Warming warms warmer warmest.", "warmed warming warm warms"),
    ("The geese ran quickly.", "A goose runs fast."),
    ("Temperatures increased.", "Temperature increases."),
    ("The car was quick.", "The automobile was fast."),
    ("He is a big man.", "He is a large adult male."),
    ("ΣΑΣ ΟΔΟΣ Σ", "σας οδος σ"),
    ("İstanbul is warm.", "i̇stanbul is warm."),
    ("Straße und Café", "strasse und café"),
    ("\u212aing of the hill", "king of the hill"),
    ("CO2 emissions rose 5% in 2021.", "Emissions of CO2 rose by 5 % in 2021."),
    ("It doesn't work; it can't.", "It does not work, it cannot."),
    ('"Quoted" (bracketed) [x] {y}', "Quoted bracketed x y"),
    ("U.S. and e.g. and i.e. sulfates", "US and eg and ie sulfates"),
    ("offerings", "offer"),
    ("The possesses posse.", "The posse possess."),
    ("one", "two"),
    ("word " * 60, "word " * 59 + "other"),
]


def meteor_pair(wn_one, wn_rec, word_tokenize, ref, hyp):
    """NLTK's numbers for one pair."""
    rt, ht = word_tokenize(ref), word_tokenize(hyp)
    one = M.single_meteor_score(rt, ht, wordnet=wn_one)
    rec = M.single_meteor_score(rt, ht, wordnet=wn_rec)
    eh, er = M._generate_enums(ht, rt)
    matches, _, _ = M._enum_align_words(eh, er, wordnet=wn_one)
    return {
        "reference_tokens": rt,
        "hypothesis_tokens": ht,
        "meteor": one,
        "meteor_nltk38": rec,
        "matches": len(matches),
        "chunks": M._count_chunks(matches) if matches else 0,
    }


def synonym_swap(wn, words, rnd, rate):
    """Replace about rate of the words by a WordNet synonym (a lemma name of
    one of the word's synsets, without "_")."""
    out = []
    for w in words:
        core = w.strip(".,;:!?\"'()")
        if core and core.isalpha() and rnd.random() < rate:
            names = sorted(
                {l.name() for s in wn.synsets(core) for l in s.lemmas() if "_" not in l.name()} - {core, core.lower()}
            )
            if names:
                w = w.replace(core, rnd.choice(names))
        out.append(w)
    return out


def inflect(words, rnd, rate):
    """Change the form of about rate of the words (plural, -ing, -ed, or a
    suffix removed), so that the stem stage has work."""
    out = []
    for w in words:
        if w.isalpha() and len(w) > 3 and rnd.random() < rate:
            r = rnd.random()
            if w.endswith("s"):
                w = w[:-1]
            elif r < 0.3:
                w = w + "s"
            elif r < 0.6:
                w = w + ("ing" if not w.endswith("e") else "d")
            else:
                w = w + "ed"
        out.append(w)
    return out


def reorder(words, rnd):
    """Move a block of words elsewhere, or swap neighbours, or reverse a
    clause."""
    words = list(words)
    if len(words) < 4:
        return list(reversed(words))
    r = rnd.random()
    if r < 0.4:
        i = rnd.randrange(len(words) - 2)
        j = rnd.randrange(i + 1, min(len(words), i + 8) + 1)
        block = words[i:j]
        del words[i:j]
        k = rnd.randrange(len(words) + 1)
        words[k:k] = block
    elif r < 0.7:
        for _ in range(max(1, len(words) // 5)):
            i = rnd.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
    else:
        i = rnd.randrange(len(words) // 2)
        j = rnd.randrange(i + 2, len(words) + 1)
        words[i:j] = reversed(words[i:j])
    return words


def drop(words, rnd, rate):
    kept = [w for w in words if rnd.random() >= rate]
    return kept or words[:1]


def morphy_pairs(wn_one, wn_rec, stemmer, limit):
    """Pairs (reference, hypothesis) that only the recursive morphy aligns:
    a hypothesis word whose stem has a synonym n under the recursive morphy
    only, and a reference word whose stem is n."""
    lemmas = sorted(
        l for l in wn_one._lemma_pos_offset_map if l.isalpha() and l.isascii()
    )
    by_stem = {}
    for l in lemmas:
        by_stem.setdefault(stemmer.stem(l), []).append(l)
    pairs = []
    for word in lemmas + [l + "s" for l in lemmas[::7]]:
        s = stemmer.stem(word)
        names = lambda wn: {  # noqa: E731
            l.name() for syn in wn.synsets(s) for l in syn.lemmas() if "_" not in l.name()
        }
        extra = sorted(names(wn_rec) - names(wn_one) - {s})
        for n in extra:
            refs = [v for v in by_stem.get(n, []) if stemmer.stem(v) != s]
            if refs:
                pairs.append(("Observers noted the %s again." % refs[0], "Observers noted the %s again." % word))
                break
        if len(pairs) >= limit:
            break
    return pairs


def time_nltk(wordnet_dir, word_tokenize, pairs):
    """Print NLTK's time per pair (word_tokenize of both texts and
    single_meteor_score, one-suffix morphy): over all pairs once with a
    freshly loaded WordNet reader (cold: synsets are read from the files on
    first use), again (warm), and on the five-sentence pairs (warm)."""
    wn, tmp = refwn.load_wordnet(wordnet_dir, "one-suffix")
    try:

        def run(subset, rounds=1):
            start = time.perf_counter()
            for _ in range(rounds):
                for kind, ref, hyp in subset:
                    M.single_meteor_score(word_tokenize(ref), word_tokenize(hyp), wordnet=wn)
            return (time.perf_counter() - start) / (rounds * len(subset)) * 1e6

        print("NLTK: %.1f us per pair, all %d pairs, cold WordNet reader" % (run(pairs), len(pairs)))
        print("NLTK: %.1f us per pair, all %d pairs, warm" % (run(pairs), len(pairs)))
        five = [p for p in pairs if p[0] == "five_sentences"]
        print("NLTK: %.1f us per five-sentence pair, warm" % run(five, 3))
    finally:
        shutil.rmtree(tmp)


def ranges(pred):
    """[first, last] ranges of the code points for which pred holds."""
    out = []
    for cp in range(0x110000):
        if pred(cp):
            if out and out[-1][1] == cp - 1:
                out[-1][1] = cp
            else:
                out.append([cp, cp])
    return out


def python_lower():
    """How Python's str.lower (METEOR's preprocess) treats every code point
    this Python's Unicode database assigns: the ones it changes, and the
    three contexts of the final-sigma rule (a capital sigma after the code
    point, between "A" and it, and after "A" and before it), given as the
    ranges of code points for which the sigma becomes final."""
    assigned = lambda cp: not (0xD800 <= cp <= 0xDFFF) and unicodedata.category(chr(cp)) != "Cn"  # noqa: E731
    changed = [[cp, chr(cp).lower()] for cp in range(0x110000) if assigned(cp) and chr(cp).lower() != chr(cp)]
    final = lambda s: s.lower().endswith("\u03c2")  # noqa: E731
    return {
        "unicode_version": unicodedata.unidata_version,
        "assigned": ranges(assigned),
        "changed": changed,
        "final_after": ranges(lambda cp: assigned(cp) and final(chr(cp) + "\u03a3")),
        "final_between": ranges(lambda cp: assigned(cp) and final("A" + chr(cp) + "\u03a3")),
        "final_before": ranges(lambda cp: assigned(cp) and "\u03c2" in ("A\u03a3" + chr(cp)).lower()),
    }


def dumps(out):
    lines = ["{"]
    for k, v in out.items():
        if k not in ("pairs", "python_lower"):
            lines.append(" %s: %s," % (json.dumps(k), json.dumps(v, ensure_ascii=False)))
    lines.append(' "pairs": [')
    for i, p in enumerate(out["pairs"]):
        sep = "," if i + 1 < len(out["pairs"]) else ""
        lines.append("  " + json.dumps(p, ensure_ascii=False) + sep)
    lines.append(" ],")
    lines.append(' "python_lower": {')
    items = list(out["python_lower"].items())
    for i, (k, v) in enumerate(items):
        sep = "," if i + 1 < len(items) else ""
        lines.append("  %s: %s%s" % (json.dumps(k), json.dumps(v, ensure_ascii=False), sep))
    lines.append(" }")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wordnet-dir", default="/usr/share/wordnet")
    ap.add_argument("--climate-fever", default=str(refwn.DEFAULT_CF))
    ap.add_argument("--time", action="store_true", help="print NLTK's time per five-sentence pair")
    args = ap.parse_args()

    wn_one, tmp1 = refwn.load_wordnet(args.wordnet_dir, "one-suffix")
    wn_rec, tmp2 = refwn.load_wordnet(args.wordnet_dir, "recursive")
    try:
        word_tokenize = refwn.build_word_tokenize()
        stemmer = PorterStemmer()
        rnd = random.Random(20261122)
        with open(args.climate_fever, encoding="utf-8") as f:
            claims = [json.loads(line) for line in f]

        pairs = []  # (kind, reference, hypothesis)
        for i, c in enumerate(claims[::8][:150]):
            ev = c["evidences"][i % len(c["evidences"])]["evidence"]
            pairs.append(("claim_evidence", ev, c["claim"]))
            if i % 2 == 0:
                pairs.append(("evidence_claim", c["claim"], ev))
        evidences = [e["evidence"] for c in claims[3::7] for e in c["evidences"][:3]]
        for k, ev in enumerate(evidences[:480]):
            words = ev.split()
            kind = ("synonyms", "drops", "reorder", "inflect", "case", "mixed")[k % 6]
            if kind == "synonyms":
                hyp = synonym_swap(wn_one, words, rnd, 0.4)
            elif kind == "drops":
                hyp = drop(words, rnd, 0.25)
            elif kind == "reorder":
                hyp = reorder(words, rnd)
            elif kind == "inflect":
                hyp = inflect(words, rnd, 0.4)
            elif kind == "case":
                hyp = [w.upper() if rnd.random() < 0.3 else w.lower() for w in words]
            else:
                hyp = reorder(drop(inflect(synonym_swap(wn_one, words, rnd, 0.3), rnd, 0.2), rnd, 0.1), rnd)
            pairs.append((kind, ev, " ".join(hyp)))
        five = [" ".join(e["evidence"] for e in c["evidences"]) for c in claims[::31][:50]]
        for k in range(len(five)):
            pairs.append(("five_sentences", five[k], five[(k + 1) % len(five)]))
            if k % 2 == 0:
                words = five[k].split()
                hyp = reorder(drop(synonym_swap(wn_one, words, rnd, 0.2), rnd, 0.1), rnd)
                pairs.append(("five_sentences_perturbed", five[k], " ".join(hyp)))
        for ref, hyp in EDGE:
            pairs.append(("edge", ref, hyp))
        for ref, hyp in morphy_pairs(wn_one, wn_rec, stemmer, 25):
            pairs.append(("morphy", ref, hyp))

        results = []
        differ = 0
        for n, (kind, ref, hyp) in enumerate(pairs):
            r = {"id": "m%04d" % n, "kind": kind, "reference": ref, "hypothesis": hyp}
            r.update(meteor_pair(wn_one, wn_rec, word_tokenize, ref, hyp))
            differ += r["meteor"] != r["meteor_nltk38"]
            results.append(r)

        if args.time:
            time_nltk(args.wordnet_dir, word_tokenize, pairs)
    finally:
        shutil.rmtree(tmp1)
        shutil.rmtree(tmp2)

    out = {
        "nltk_version": nltk.__version__,
        "python_version": sys.version.split()[0],
        "note": "meteor: NLTK 3.8 with NLTK 3.9's one-suffix morphy; meteor_nltk38: plain NLTK 3.8",
        "pairs": results,
        "python_lower": python_lower(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(dumps(out))
    print(
        "wrote %d pairs (%d where the morphy variants differ; NLTK %s) to %s"
        % (len(results), differ, nltk.__version__, OUT.relative_to(ROOT))
    )


if __name__ == "__main__":
    main()
