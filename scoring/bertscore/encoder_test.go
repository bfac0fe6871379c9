package bertscore_test

import (
	"context"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/cecbench/cecbench/scoring/bertscore"
	"github.com/cecbench/cecbench/scoring/punkt"
	"github.com/cecbench/cecbench/uselite"
	"github.com/cecbench/cecbench/uselite/uselitetest"
)

// These tests run BERTScore on the real encoder's token vectors.

var (
	encOnce sync.Once
	encVal  *uselite.Encoder
	encErr  error
)

// encoder loads the encoder once for all tests of the package.
func encoder(tb testing.TB) *uselite.Encoder {
	tb.Helper()
	dir := uselite.ModelDir(uselitetest.ModelsDir(tb))
	encOnce.Do(func() { encVal, encErr = uselite.Load(dir) })
	if encErr != nil {
		tb.Fatal(encErr)
	}
	return encVal
}

// useScorer returns a Scorer on the encoder with Punkt and the baseline.
func useScorer(tb testing.TB) *bertscore.Scorer {
	tb.Helper()
	s, err := bertscore.NewScorer(bertscore.Config{
		Embedder:   uselite.BERTScoreEmbedder{Encoder: encoder(tb)},
		Model:      uselite.ModelID,
		Layer:      uselite.TokenStatesLayer,
		Splitter:   punkt.English(),
		SplitterID: "punkt-en@nltk3.8",
		Baseline:   &bertscore.USELiteBaseline,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// longText has 10 sentences, well over the encoder's 128 tokens.
var longText = strings.Repeat("Rising greenhouse gas concentrations trap more outgoing infrared radiation near the surface. ", 5) +
	"Warmer oceans expand and glaciers on land melt, so the sea level rises along every coast. " +
	"Coastal flooding becomes more frequent during storms and spring tides. " +
	"Farmers in dry regions face longer droughts and smaller harvests. " +
	"Some species move toward the poles or to higher ground. " +
	"The northern permafrost thaws and releases methane, which warms the planet further."

func TestIdenticalTextsScoreOne(t *testing.T) {
	s := useScorer(t)
	texts := []string{
		"Global warming is driving polar bears toward extinction.",
		"Burning fossil fuels releases CO2. The extra CO2 traps heat, so temperatures rise.",
		longText,
	}
	for _, opt := range []bertscore.Options{{}, {IDF: true}, {Rescale: true}, {IDF: true, Rescale: true}} {
		got, err := s.Score(context.Background(), texts, texts, opt)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range got {
			// float32 cosines of a unit vector with itself: 1 within 1e-6.
			if math.Abs(r.Precision-1) > 1e-6 || math.Abs(r.Recall-1) > 1e-6 || math.Abs(r.F1-1) > 1e-6 || r.ZeroIDF {
				t.Errorf("%+v text %d: %+v, want P = R = F = 1", opt, i, r)
			}
		}
	}
}

func TestParaphraseBeatsUnrelated(t *testing.T) {
	s := useScorer(t)
	cases := []struct{ ref, paraphrase, unrelated string }{
		{
			"Burning fossil fuels releases carbon dioxide, which traps heat in the atmosphere.",
			"Carbon dioxide from the combustion of fossil fuels traps heat in the air.",
			"The museum opens at nine and the guided tours start an hour later.",
		},
		{
			"Arctic sea ice is shrinking. Less ice means the ocean absorbs more sunlight.",
			"The ice on the Arctic sea is getting smaller, so the ocean takes in more sunlight.",
			"She bought a new bicycle and rode it to the bakery on Sunday.",
		},
		{
			"Deforestation removes trees that would absorb CO2, increasing atmospheric concentrations.",
			"Cutting down forests takes away trees that soak up CO2, so more of it stays in the atmosphere.",
			"The committee postponed the vote on the new parking rules until next month.",
		},
	}
	var cands, refs []string
	for _, c := range cases {
		cands = append(cands, c.paraphrase, c.unrelated)
		refs = append(refs, c.ref, c.ref)
	}
	for _, opt := range []bertscore.Options{{}, {IDF: true}, {Rescale: true}} {
		got, err := s.Score(context.Background(), cands, refs, opt)
		if err != nil {
			t.Fatal(err)
		}
		for i := range cases {
			para, unrel := got[2*i], got[2*i+1]
			t.Logf("%+v case %d: paraphrase P %.4f R %.4f F %.4f; unrelated P %.4f R %.4f F %.4f",
				opt, i, para.Precision, para.Recall, para.F1, unrel.Precision, unrel.Recall, unrel.F1)
			if para.Precision <= unrel.Precision || para.Recall <= unrel.Recall || para.F1 <= unrel.F1 {
				t.Errorf("%+v case %d: paraphrase %+v does not beat unrelated %+v", opt, i, para, unrel)
			}
		}
	}
}

func TestLongTextKeepsEveryToken(t *testing.T) {
	// The last sentence of longText lies beyond the encoder's 128 tokens.
	// The Scorer embeds sentence by sentence, so that sentence's tokens
	// are all in the candidate with the same vectors: recall is 1.
	enc := encoder(t)
	if n := len(enc.Tokenize(longText)); n <= 128 {
		t.Fatalf("longText has %d tokens, want more than 128", n)
	}
	last := "The northern permafrost thaws and releases methane, which warms the planet further."
	got, err := useScorer(t).Score(context.Background(), []string{longText}, []string{last}, bertscore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r := got[0]; math.Abs(r.Recall-1) > 1e-6 || r.Precision >= 0.9 {
		t.Errorf("got %+v, want recall 1 and a precision well below 1", r)
	}
}

func TestEmptyTextWithEncoder(t *testing.T) {
	got, err := useScorer(t).Score(context.Background(), []string{"", "Seas rise."}, []string{"Seas rise.", "   "}, bertscore.Options{Rescale: true})
	if err != nil {
		t.Fatal(err)
	}
	if !got[0].EmptyCandidate || !got[1].EmptyReference || got[0].F1 != 0 || got[1].F1 != 0 {
		t.Errorf("got %+v, want empty flags and zero scores", got)
	}
}
