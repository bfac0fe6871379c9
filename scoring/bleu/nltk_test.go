package bleu

import (
	"slices"
	"testing"
)

// nltkReference is testdata/nltk_bleu.json, written by
// scripts/reference/bleu.py with Debian's python3-nltk. Its token lists come
// from a port of 13a to Python's re and str.split in that script, and are
// what it fed to NLTK.
type nltkReference struct {
	PythonVersion string `json:"python_version"`
	NLTKVersion   string `json:"nltk_version"`
	Tokenizer     []struct {
		Text        string   `json:"text"`
		TokensHF    []string `json:"tokens_hf"`
		TokensSacre []string `json:"tokens_sacre"`
	} `json:"tokenizer"`
	Sentences []struct {
		ID           string   `json:"id"`
		Hypothesis   string   `json:"hypothesis"`
		Reference    string   `json:"reference"`
		HypTokens    []string `json:"hyp_tokens"`
		RefTokens    []string `json:"ref_tokens"`
		Numerators   []int    `json:"numerators"`
		Denominators []int    `json:"denominators"`
		BLEU         float64  `json:"bleu"`
	} `json:"sentences"`
	Corpora []struct {
		IDs    []string `json:"ids"`
		HypLen int      `json:"hyp_len"`
		RefLen int      `json:"ref_len"`
		BLEU   float64  `json:"bleu"`
	} `json:"corpora"`
}

func loadNLTK(tb testing.TB) nltkReference {
	tb.Helper()
	var ref nltkReference
	readJSON(tb, "nltk_bleu.json", &ref)
	if len(ref.Tokenizer) < 100 || len(ref.Sentences) < 100 || len(ref.Corpora) < 5 {
		tb.Fatalf("nltk_bleu.json is too small: %d tokenizer cases, %d sentences, %d corpora",
			len(ref.Tokenizer), len(ref.Sentences), len(ref.Corpora))
	}
	return ref
}

// TestTokenizerMatchesPythonRe compares Tokenize13a and SacreTokens with the
// script's port of 13a to Python's re, on hand-made and random texts built
// from every character the rules and Python's whitespace treat specially.
func TestTokenizerMatchesPythonRe(t *testing.T) {
	ref := loadNLTK(t)
	differ := 0
	for _, c := range ref.Tokenizer {
		if got := Tokenize13a(c.Text); !slices.Equal(got, c.TokensHF) {
			t.Errorf("Tokenize13a(%q)\n got %q\nwant %q", c.Text, got, c.TokensHF)
		}
		if got := SacreTokens(c.Text); !slices.Equal(got, c.TokensSacre) {
			t.Errorf("SacreTokens(%q)\n got %q\nwant %q", c.Text, got, c.TokensSacre)
		}
		if !slices.Equal(c.TokensHF, c.TokensSacre) {
			differ++
			if !sacreDiffers(c.Text) {
				t.Errorf("sacreDiffers(%q) = false, but the tokens differ", c.Text)
			}
		}
	}
	if differ == 0 {
		t.Error("no tokenizer case has different HF and sacreBLEU tokens; the rstrip difference is untested")
	}
}

// TestMatchesNLTKSentences checks, on pairs from Climate-FEVER where every
// precision is non-zero, that the tokens equal the script's, the clipped
// counts equal NLTK's modified_precision, and HF BLEU equals NLTK's
// sentence_bleu (the same formula there); and that sacreBLEU's score, which
// smooths nothing when every order matches, is 100 times it.
func TestMatchesNLTKSentences(t *testing.T) {
	ref := loadNLTK(t)
	for _, c := range ref.Sentences {
		hyp, refTokens := Tokenize13a(c.Hypothesis), Tokenize13a(c.Reference)
		if !slices.Equal(hyp, c.HypTokens) || !slices.Equal(refTokens, c.RefTokens) {
			t.Errorf("%s: tokens differ from the script's:\n%q\n%q", c.ID, hyp, c.HypTokens)
			continue
		}
		s := Count(hyp, refTokens)
		checkInts(t, c.ID+" matches", s.Matches, c.Numerators)
		checkInts(t, c.ID+" totals", s.Totals, c.Denominators)
		got, err := s.HF()
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		checkClose(t, c.ID+" HF BLEU vs NLTK", got.Score, c.BLEU, tolUnit)
		_, sacre := PairStats(c.Hypothesis, c.Reference)
		checkClose(t, c.ID+" sacreBLEU vs 100*NLTK", sacre.Sacre(true).Score, 100*c.BLEU, tolSacre)
	}
}

// TestMatchesNLTKCorpora checks HFCorpus against NLTK's corpus_bleu on groups
// of the sentence pairs (every hypothesis has at least 4 tokens, where NLTK's
// per-sentence denominators equal nmt's), and SacreCorpus against 100 times it.
func TestMatchesNLTKCorpora(t *testing.T) {
	ref := loadNLTK(t)
	byID := make(map[string]int, len(ref.Sentences))
	for i, c := range ref.Sentences {
		byID[c.ID] = i
	}
	for k, corpus := range ref.Corpora {
		var hyps, refs []string
		for _, id := range corpus.IDs {
			i, ok := byID[id]
			if !ok {
				t.Fatalf("corpus %d: unknown sentence %q", k, id)
			}
			hyps = append(hyps, ref.Sentences[i].Hypothesis)
			refs = append(refs, ref.Sentences[i].Reference)
		}
		got, err := HFCorpus(hyps, refs)
		if err != nil {
			t.Fatalf("corpus %d: %v", k, err)
		}
		if got.HypLen != corpus.HypLen || got.RefLen != corpus.RefLen {
			t.Errorf("corpus %d: lengths %d, %d, want %d, %d", k, got.HypLen, got.RefLen, corpus.HypLen, corpus.RefLen)
		}
		checkClose(t, "HFCorpus vs NLTK corpus_bleu", got.Score, corpus.BLEU, tolUnit)
		sacre, err := SacreCorpus(hyps, refs)
		if err != nil {
			t.Fatalf("corpus %d: %v", k, err)
		}
		checkClose(t, "SacreCorpus vs 100*NLTK corpus_bleu", sacre.Score, 100*corpus.BLEU, tolSacre)
		if len(hyps) > 1 {
			mean := 0.0
			for i := range hyps {
				r, _ := HF(hyps[i], refs[i])
				mean += r.Score / float64(len(hyps))
			}
			if mean == got.Score {
				t.Errorf("corpus %d: corpus BLEU equals the mean of sentence BLEUs (%v); it must sum statistics", k, mean)
			}
		}
	}
}
