package bleu

import (
	"errors"
	"math"
	"testing"
)

// Hand-computed cases. The arithmetic is in the comments; the wanted values
// are written as that arithmetic, computed along a different path than the
// code (math.Pow of the product instead of a sum of logs).

// "the cat sat on the mat" against "the cat sat on a mat", 6 tokens each:
//
//	1-grams: the(2, clipped to 1) cat sat on mat      -> 5/6
//	2-grams: the cat, cat sat, sat on (on the, the mat miss) -> 3/5
//	3-grams: the cat sat, cat sat on                  -> 2/4
//	4-grams: the cat sat on                           -> 1/3
//	BLEU = (5/6 * 3/5 * 2/4 * 1/3)^(1/4) = (1/12)^(1/4), BP = 1
const catHyp, catRef = "the cat sat on the mat", "the cat sat on a mat"

func TestHandCountsAndHF(t *testing.T) {
	s := Count(Tokenize13a(catHyp), Tokenize13a(catRef))
	want := Stats{HypLen: 6, RefLen: 6, Matches: [MaxOrder]int{5, 3, 2, 1}, Totals: [MaxOrder]int{6, 5, 4, 3}}
	if s != want {
		t.Fatalf("Count = %+v, want %+v", s, want)
	}
	r, err := HF(catHyp, catRef)
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, "HF", r.Score, math.Pow(1.0/12, 0.25), tolUnit)
	checkClose(t, "brevity penalty", r.BrevityPenalty, 1, 0)
	checkClose(t, "length ratio", r.LengthRatio, 1, 0)
	for i, p := range []float64{5.0 / 6, 3.0 / 5, 2.0 / 4, 1.0 / 3} {
		checkClose(t, "precision", r.Precisions[i], p, 0)
	}
	// Every order matches, so sacreBLEU smooths nothing: 100 times HF.
	checkClose(t, "Sacre", Sacre(catHyp, catRef).Score, 100*math.Pow(1.0/12, 0.25), tolSacre)
}

// "the cat sat on" against "the cat sat on the mat": every n-gram matches
// (4/4, 3/3, 2/2, 1/1), ratio 4/6, BP = exp(1 - 6/4) = exp(-0.5).
func TestHandBrevityPenalty(t *testing.T) {
	r, err := HF("the cat sat on", "the cat sat on the mat")
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, "HF", r.Score, math.Exp(-0.5), tolUnit)
	checkClose(t, "length ratio", r.LengthRatio, 4.0/6, 0)
	s := Sacre("the cat sat on", "the cat sat on the mat")
	checkClose(t, "Sacre", s.Score, 100*math.Exp(-0.5), tolSacre)
	checkClose(t, "Sacre BP", s.BP, math.Exp(-0.5), tolUnit)
	// Longer hypothesis: BP 1 in both, ratio 6/4.
	r, _ = HF("the cat sat on the mat", "the cat sat on")
	if r.BrevityPenalty != 1 || r.LengthRatio != 1.5 {
		t.Errorf("longer hypothesis: BP %v, ratio %v, want 1, 1.5", r.BrevityPenalty, r.LengthRatio)
	}
}

// "a b c d e" against "a b x d e":
//
//	1-grams a b d e -> 4/5; 2-grams "a b", "d e" -> 2/4; 3-grams 0/3; 4-grams 0/2.
//
// HF: a zero precision makes BLEU 0. sacreBLEU "exp": the first order with
// no match gets 100/(2*3), the second 100/(4*2), so
// BLEU = (80 * 50 * 100/6 * 12.5)^(1/4), BP = 1.
func TestHandExpSmoothing(t *testing.T) {
	r, err := HF("a b c d e", "a b x d e")
	if err != nil || r.Score != 0 {
		t.Fatalf("HF = %v, %v, want 0, nil", r.Score, err)
	}
	s := Sacre("a b c d e", "a b x d e")
	wantPrec := [MaxOrder]float64{80, 50, 100.0 / 6, 12.5}
	for i := range wantPrec {
		checkClose(t, "precision", s.Precisions[i], wantPrec[i], 1e-12)
	}
	checkClose(t, "Sacre", s.Score, math.Pow(80*50*(100.0/6)*12.5, 0.25), tolSacre)
	if s.Counts != [MaxOrder]int{4, 2, 0, 0} || s.Totals != [MaxOrder]int{5, 4, 3, 2} {
		t.Errorf("counts %v totals %v", s.Counts, s.Totals)
	}
}

// "the the the the" against "the cat": 1-grams clipped to 1 -> 1/4, no
// longer match (totals 3, 2, 1). sacreBLEU: 25, 100/(2*3), 100/(4*2),
// 100/(8*1); BP 1 (4 >= 2).
func TestHandClipping(t *testing.T) {
	s := Sacre("the the the the", "the cat")
	if s.Counts != [MaxOrder]int{1, 0, 0, 0} {
		t.Fatalf("counts %v, want [1 0 0 0]", s.Counts)
	}
	checkClose(t, "Sacre", s.Score, math.Pow(25*(100.0/6)*12.5*12.5, 0.25), tolSacre)
}

// "warming" against "global warming": one token, counts [1 0 0 0], totals
// [1 0 0 0], BP = exp(1 - 2/1). Effective order stops at order 1:
// sentence BLEU = exp(-1) * exp(log(100)/1). Without it (corpus_bleu) the
// missing orders count log 0 -> -9999999999 and the score is 0. HF: the
// 2-gram precision is 0, so 0.
func TestHandEffectiveOrder(t *testing.T) {
	s := Sacre("warming", "global warming")
	checkClose(t, "sentence", s.Score, 100*math.Exp(-1), tolSacre)
	if s.Precisions != [MaxOrder]float64{100, 0, 0, 0} {
		t.Errorf("precisions %v, want [100 0 0 0]", s.Precisions)
	}
	c, err := SacreCorpus([]string{"warming"}, []string{"global warming"})
	if err != nil || c.Score != 0 || c.BP != s.BP {
		t.Errorf("corpus = %+v, %v; want score 0, BP %v", c, err, s.BP)
	}
	r, err := HF("warming", "global warming")
	if err != nil || r.Score != 0 {
		t.Errorf("HF = %v, %v, want 0, nil", r.Score, err)
	}
}

// Corpus of ("a b c d", "a b c d") and ("a b", "a b c d e f"):
//
//	matches 4+2, 3+1, 2+0, 1+0 = 6, 4, 2, 1 of totals 4+2, 3+1, 2+0, 1+0
//	-> every precision 1; lengths 6 and 10, ratio 0.6;
//	HF BP = exp(1 - 1/0.6); sacreBLEU BP = exp(1 - 10/6), score 100*BP.
//
// The sentence BLEUs are 1 and 0 (no 3-gram in "a b"), so the mean 0.5 is
// not the corpus BLEU.
func TestHandCorpus(t *testing.T) {
	hyps := []string{"a b c d", "a b"}
	refs := []string{"a b c d", "a b c d e f"}
	r, err := HFCorpus(hyps, refs)
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, "HFCorpus", r.Score, math.Exp(1-1/0.6), tolUnit)
	if r.HypLen != 6 || r.RefLen != 10 {
		t.Errorf("lengths %d %d, want 6 10", r.HypLen, r.RefLen)
	}
	s, err := SacreCorpus(hyps, refs)
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, "SacreCorpus", s.Score, 100*math.Exp(1-10.0/6), tolSacre)
	if s.Counts != [MaxOrder]int{6, 4, 2, 1} || s.Totals != [MaxOrder]int{6, 4, 2, 1} {
		t.Errorf("counts %v totals %v", s.Counts, s.Totals)
	}
}

func TestHFUndefined(t *testing.T) {
	for _, c := range []struct{ pred, ref string }{
		{"", "Seas rise."},
		{"Seas rise.", ""},
		{"", ""},
		{" \t\n\u00a0\x1c", "Seas rise."},
		{"Seas rise.", "<skipped>"},
	} {
		r, err := HF(c.pred, c.ref)
		if !errors.Is(err, ErrUndefined) {
			t.Errorf("HF(%q, %q) error = %v, want ErrUndefined", c.pred, c.ref, err)
		}
		if r.Score != 0 || math.IsNaN(r.BrevityPenalty) {
			t.Errorf("HF(%q, %q) = %+v with the error", c.pred, c.ref, r)
		}
		// sacreBLEU is defined there: 0.
		if s := Sacre(c.pred, c.ref); s.Score != 0 {
			t.Errorf("Sacre(%q, %q) = %v, want 0", c.pred, c.ref, s.Score)
		}
	}
}

func TestCorpusErrors(t *testing.T) {
	// One empty prediction among others is fine in both.
	if _, err := HFCorpus([]string{"", "a b"}, []string{"a", "a b"}); err != nil {
		t.Errorf("one empty prediction: %v", err)
	}
	for _, c := range []struct {
		name       string
		hyps, refs []string
		undefined  bool
	}{
		{"no pairs", nil, nil, true},
		{"all predictions empty", []string{"", " "}, []string{"a", "b"}, true},
		{"all references empty", []string{"a", "b"}, []string{"", "\n"}, true},
		{"lengths differ", []string{"a"}, []string{"a", "b"}, false},
	} {
		_, err := HFCorpus(c.hyps, c.refs)
		if err == nil || errors.Is(err, ErrUndefined) != c.undefined {
			t.Errorf("HFCorpus %s: err = %v, want undefined=%v", c.name, err, c.undefined)
		}
	}
	if _, err := SacreCorpus(nil, nil); !errors.Is(err, ErrUndefined) {
		t.Errorf("SacreCorpus no pairs: err = %v, want ErrUndefined", err)
	}
	if _, err := SacreCorpus([]string{"a"}, nil); err == nil || errors.Is(err, ErrUndefined) {
		t.Errorf("SacreCorpus lengths differ: err = %v, want a plain error", err)
	}
	// sacreBLEU 2.6.0 scores empty references (0) instead of raising.
	s, err := SacreCorpus([]string{"a", "b"}, []string{"", ""})
	if err != nil || s.Score != 0 || s.BP != 1 {
		t.Errorf("SacreCorpus empty references = %+v, %v, want 0 with BP 1", s, err)
	}
}

// TestSacreSentenceEqualsCorpusWhenEveryOrderExists: with at least 4 tokens
// every order has n-grams, so effective order changes nothing and a
// one-pair corpus scores like the sentence.
func TestSacreSentenceEqualsCorpusWhenEveryOrderExists(t *testing.T) {
	for _, v := range loadVectors(t) {
		hf, sacre := PairStats(v.Hypothesis, v.Reference)
		if hf.HypLen < MaxOrder {
			continue
		}
		c, err := SacreCorpus([]string{v.Hypothesis}, []string{v.Reference})
		if err != nil {
			t.Fatal(err)
		}
		if sent := sacre.Sacre(true); sent != c {
			t.Errorf("%s: sentence %+v, corpus %+v", v.ID, sent, c)
		}
	}
}
