#!/usr/bin/python3
"""Write wordnet/testdata/nltk_synonyms.json: what NLTK's WordNet reader says
about a few thousand words, which the Go tests of package wordnet compare
with: wordnet.synsets(word) (part of speech and offset of each synset, in
order), the lemma names of those synsets in order of first appearance (what
METEOR's WordNet stage collects), and _morphy(word, pos) for each part of
speech. Every answer is given for both morphy variants:

  - "one-suffix": NLTK 3.9's morphy (pull request 3225, "Avoid recursive
    suffix stripping"): the detachment rules are applied once. This is what
    the project's METEOR reference values use (NLTK 3.8 with this change).
  - "recursive": NLTK 3.8's own morphy, which re-applies the rules to the
    results while nothing is found ("catss" -> "cat").

Usage, from the repository root, with Debian's Python, python3-nltk (3.8) and
wordnet-base (apt-get install python3-nltk wordnet-base):

    /usr/bin/python3 scripts/reference/wordnet.py [--wordnet-dir DIR] [--climate-fever PATH]

DIR defaults to /usr/share/wordnet; PATH to
../shared/data/climate-fever/climate-fever.jsonl (relative to the repository
root). The output is deterministic.

nltk_data is not needed: NLTK's WordNetCorpusReader reads Debian's database
files through a temporary directory of symbolic links, plus the one file it
needs that Debian does not ship, "lexnames" (the 45 lexicographer file names
of WordNet 3.0; NLTK only uses them for Synset.lexname()).

The module also serves scripts/reference/meteor.py: load_wordnet() and
build_word_tokenize().
"""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import nltk
from nltk.corpus.reader.wordnet import WordNetCorpusReader
from nltk.stem.porter import PorterStemmer

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "wordnet" / "testdata" / "nltk_synonyms.json"
DEFAULT_CF = ROOT.parent / "shared" / "data" / "climate-fever" / "climate-fever.jsonl"
PUNKT_PARAMS = ROOT / "scoring" / "punkt" / "english_params.json"

POS_LIST = ["n", "v", "a", "r"]

# WordNet 3.0's lexicographer files, numbered from 00 (lexnames(5WN)), with
# their syntactic category (1 noun, 2 verb, 3 adjective, 4 adverb).
LEXNAMES = (
    "adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact "
    "noun.attribute noun.body noun.cognition noun.communication noun.event "
    "noun.feeling noun.food noun.group noun.location noun.motive noun.object "
    "noun.person noun.phenomenon noun.plant noun.possession noun.process "
    "noun.quantity noun.relation noun.shape noun.state noun.substance "
    "noun.time verb.body verb.change verb.cognition verb.communication "
    "verb.competition verb.consumption verb.contact verb.creation "
    "verb.emotion verb.motion verb.perception verb.possession verb.social "
    "verb.stative verb.weather adj.ppl"
).split()
CATEGORY = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}

# Hand-made words: irregular forms from the exception lists, forms that need
# more than one detachment rule (where the two morphy variants differ),
# case, non-ASCII and odd strings.
HARD_WORDS = [
    "", " ", "a", "s", "es", "ing", "men", "ies", "_", "-", "'s", "n't",
    "geese", "goose", "ran", "run", "running", "ate", "eaten", "went", "gone",
    "mice", "children", "oxen", "feet", "teeth", "women", "men", "better",
    "best", "worse", "worst", "axes", "bases", "data", "media", "criteria",
    "phenomena", "analyses", "theses", "indices", "matrices", "lives",
    "wolves", "knives", "leaves", "thieves", "wives", "boxes", "buzzes",
    "churches", "dishes", "ladies", "flies", "studies", "studied",
    "studying", "carried", "hoping", "hopped", "bigger", "biggest", "happier",
    "happiest", "larger", "largest", "hotter", "finer", "finest", "freer",
    "catss", "cats", "offerings", "offering", "possesses", "ramesses", "iss",
    "anchoresses", "askeses", "tablesssss", "dogsss", "glasses", "classes",
    "businesses", "processes", "addresses", "stresses", "emissions",
    "warmings", "coolings", "meltings", "findings", "beings", "buildings",
    "feelings", "savings", "earnings", "surroundings", "proceedings",
    "heatwaves", "seas", "gases", "gasses", "co2", "ch4", "1990s",
    "Geese", "GEESE", "Ran", "EARTH", "Earth", "earth", "Sun", "US", "us",
    "Paris", "paris", "March", "may", "May", "will", "Will",
    "\u0130stanbul", "\u0130s", "\u212aing", "\u212a", "stra\u00dfe",
    "\u03a3\u0391\u03a3", "caf\u00e9", "na\u00efve", "\u00e9t\u00e9",
    "ice age", "ice_age", "greenhouse_gas", "greenhouse gas", "carbon_dioxide",
    "a.m.", "u.s.", "e.g.", "etc.", "o'clock", "rock'n'roll", "well-being",
    "self-", "-ing", "menmen", "womenmen", "churchesches", "boxesxes",
    "stories", "storieses", "skies", "dies", "dying", "lying", "tying",
    "news", "innings", "outings", "cannings", "proceed", "exceed", "succeed",
    "dyed", "eyed", "bled", "fed", "led", "sped", "wed", "bed", "red", "shed",
    "sing", "bring", "king", "thing", "string", "spring", "wing", "ring",
    "est", "lest", "best", "nest", "er", "her", "over", "under", "never",
    "ves", "xes", "zes", "ches", "shes", "ses", "ed", "eds", "ings", "ers",
]


def load_wordnet(wordnet_dir="/usr/share/wordnet", morphy="one-suffix"):
    """Return NLTK's WordNetCorpusReader on the Debian database in
    wordnet_dir, with the given morphy variant ("one-suffix" or
    "recursive"), and the temporary directory it reads (remove it when
    done)."""
    tmp = tempfile.mkdtemp(prefix="nltk-wordnet-")
    for name in os.listdir(wordnet_dir):
        path = os.path.join(wordnet_dir, name)
        if os.path.isfile(path):
            os.symlink(os.path.abspath(path), os.path.join(tmp, name))
    with open(os.path.join(tmp, "lexnames"), "w", encoding="ascii") as f:
        for i, name in enumerate(LEXNAMES):
            f.write("%02d\t%s\t%d\n" % (i, name, CATEGORY[name.split(".")[0]]))
    import warnings

    with warnings.catch_warnings():
        # "The multilingual functions are not available with this Wordnet
        # version": no Open Multilingual Wordnet is needed.
        warnings.simplefilter("ignore")
        wn = WordNetCorpusReader(tmp, None)
    if morphy == "one-suffix":
        patch_one_suffix(wn)
    elif morphy != "recursive":
        raise ValueError("morphy must be one-suffix or recursive: %r" % morphy)
    return wn, tmp


def patch_one_suffix(wn):
    """Give wn NLTK 3.9's morphy: NLTK 3.8's _morphy without its step 3
    (re-applying the rules to the results while nothing is found). Steps 0
    to 2 are NLTK 3.8's own, whose helpers this calls through the original
    method on a single pass; only the loop is gone."""
    original = wn._morphy

    def one_suffix(form, pos, check_exceptions=True):
        exceptions = wn._exception_map[pos]
        if check_exceptions and form in exceptions:
            return original(form, pos, check_exceptions)
        forms = [
            form[: -len(old)] + new
            for old, new in wn.MORPHOLOGICAL_SUBSTITUTIONS[pos]
            if form.endswith(old)
        ]
        result, seen = [], set()
        for f in [form] + forms:
            if f in wn._lemma_pos_offset_map and pos in wn._lemma_pos_offset_map[f]:
                if f not in seen:
                    result.append(f)
                    seen.add(f)
        return result

    wn._morphy = one_suffix


def build_word_tokenize():
    """Return NLTK's word_tokenize with Punkt built from the parameters the
    Go package punkt embeds (NLTK's english.pickle as JSON), so that
    nltk_data is not needed. nltk.tokenize's sent_tokenize loads the Punkt
    tokenizer through nltk.tokenize.load; it gets a stand-in that returns
    this one, and the real word_tokenize runs unchanged."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
    import nltk.tokenize as tokenize

    with open(PUNKT_PARAMS, encoding="utf-8") as f:
        data = json.load(f)
    params = PunktParameters()
    params.abbrev_types = set(data["abbrev_types"])
    params.collocations = {tuple(c) for c in data["collocations"]}
    params.sent_starters = set(data["sent_starters"])
    params.ortho_context = defaultdict(int, data["ortho_context"])
    punkt = PunktSentenceTokenizer(params)

    def load(resource_url, *args, **kwargs):
        if resource_url == "tokenizers/punkt/english.pickle":
            return punkt
        raise LookupError(resource_url)

    tokenize.load = load
    return tokenize.word_tokenize


def climate_fever_words(path, stemmer, word_tokenize, limit_claims):
    """Distinct lower-cased tokens (word_tokenize) of the first
    limit_claims Climate-FEVER claims and their evidence, and their Porter
    stems: the strings METEOR looks up in WordNet."""
    words = set()
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= limit_claims:
                break
            c = json.loads(line)
            texts = [c["claim"]] + [e["evidence"] for e in c["evidences"]]
            for t in texts:
                for tok in word_tokenize(t):
                    tok = tok.lower()
                    words.add(tok)
                    words.add(stemmer.stem(tok))
    return words


def index_words(wn, rnd, n):
    """A deterministic sample of n lemmas of the index and n inflected forms
    of the exception lists."""
    lemmas = sorted(wn._lemma_pos_offset_map)
    forms = sorted({f for pos in POS_LIST for f in wn._exception_map[pos]})
    return rnd.sample(lemmas, n) + rnd.sample(forms, n)


def inflections(words):
    """Regular inflections of some words: what the detachment rules undo,
    once or (for the recursive variant) more than once."""
    out = set()
    for w in words:
        if not w.isalpha() or len(w) < 3:
            continue
        out.update([w + "s", w + "es", w + "ed", w + "ing", w + "er", w + "est", w + "ss", w + "ses"])
    return out


def describe(wn, word):
    """NLTK's answers about word: synsets, lemma names, morphy per pos."""
    synsets = wn.synsets(word)
    names = []
    seen = set()
    for s in synsets:
        for lemma in s.lemmas():
            if lemma.name() not in seen:
                seen.add(lemma.name())
                names.append(lemma.name())
    lowered = word.lower()
    return {
        "lower": lowered,
        "synsets": ["%s:%d" % (s.pos(), s.offset()) for s in synsets],
        "names": names,
        "morphy": {p: wn._morphy(lowered, p) for p in POS_LIST},
    }


def dumps(out):
    """JSON with one word a line, so that a change shows as a small diff."""
    lines = ["{"]
    for k, v in out.items():
        if k != "words":
            lines.append(" %s: %s," % (json.dumps(k), json.dumps(v, ensure_ascii=False)))
    lines.append(' "words": [')
    for i, w in enumerate(out["words"]):
        sep = "," if i + 1 < len(out["words"]) else ""
        lines.append("  " + json.dumps(w, ensure_ascii=False, sort_keys=True) + sep)
    lines.append(" ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wordnet-dir", default="/usr/share/wordnet")
    ap.add_argument("--climate-fever", default=str(DEFAULT_CF))
    args = ap.parse_args()

    one, tmp1 = load_wordnet(args.wordnet_dir, "one-suffix")
    rec, tmp2 = load_wordnet(args.wordnet_dir, "recursive")
    try:
        stemmer = PorterStemmer()
        word_tokenize = build_word_tokenize()
        rnd = random.Random(20261122)
        cf = climate_fever_words(args.climate_fever, stemmer, word_tokenize, 60)
        cf = sorted(cf)
        words = set(HARD_WORDS)
        words.update(rnd.sample(cf, min(len(cf), 1500)))
        sampled = index_words(one, rnd, 400)
        words.update(sampled)
        words.update(rnd.sample(sorted(inflections(sampled[:400] + cf[:600])), 800))
        results = []
        differ = 0
        for w in sorted(words):
            a = describe(one, w)
            b = describe(rec, w)
            entry = {"word": w, **a}
            if a != b:
                differ += 1
                entry["recursive"] = b
            results.append(entry)
    finally:
        shutil.rmtree(tmp1)
        shutil.rmtree(tmp2)
    out = {
        "nltk_version": nltk.__version__,
        "python_version": sys.version.split()[0],
        "wordnet_version": one.get_version(),
        "note": "synsets/names/morphy: NLTK 3.9 one-suffix morphy; "
        "'recursive' (only where different): NLTK 3.8's own morphy",
        "words": results,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(dumps(out))
    print(
        "wrote %d words (%d where the morphy variants differ; NLTK %s) to %s"
        % (len(results), differ, nltk.__version__, OUT.relative_to(ROOT))
    )


if __name__ == "__main__":
    main()
