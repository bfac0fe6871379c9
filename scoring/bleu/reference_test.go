package bleu

import (
	"bufio"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// Tolerances. The targets are 1e-9 on 0..1 and 1e-7 on sacreBLEU's 0..100;
// the code follows the Python's float operations in order, so the tests ask
// for much less, leaving room only for a last-ulp difference between Go's
// and glibc's exp and log.
const (
	tolUnit  = 1e-13 // 0..1 values
	tolSacre = 1e-11 // 0..100 values
)

// vector is one line of testdata/metric_vectors_dev.jsonl (a copy of
// ../shared/data/reference-metrics/metric_vectors_dev.jsonl), computed with
// HF evaluate (main a7dd338) and sacreBLEU 2.6.0; only the BLEU fields.
type vector struct {
	ID         string   `json:"id"`
	Note       string   `json:"note"`
	Hypothesis string   `json:"hypothesis"`
	Reference  string   `json:"reference"`
	BleuHF     *float64 `json:"bleu_hf"`
	BleuHFErr  string   `json:"bleu_hf_error"`
	HFDetail   *struct {
		Precisions        []float64 `json:"precisions"`
		BrevityPenalty    float64   `json:"brevity_penalty"`
		LengthRatio       float64   `json:"length_ratio"`
		TranslationLength int       `json:"translation_length"`
		ReferenceLength   int       `json:"reference_length"`
	} `json:"bleu_hf_detail"`
	Sacre       float64 `json:"sacrebleu_sentence"`
	SacreDetail struct {
		Precisions []float64 `json:"precisions"`
		BP         float64   `json:"bp"`
		SysLen     int       `json:"sys_len"`
		RefLen     int       `json:"ref_len"`
		Counts     []int     `json:"counts"`
		Totals     []int     `json:"totals"`
	} `json:"sacrebleu_sentence_detail"`
}

func loadVectors(tb testing.TB) []vector {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "metric_vectors_dev.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	var out []vector
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v vector
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			tb.Fatalf("metric_vectors_dev.jsonl line %d: %v", len(out)+1, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(out) == 0 {
		tb.Fatal("metric_vectors_dev.jsonl is empty")
	}
	return out
}

func readJSON(tb testing.TB, name string, v any) {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
}

// checkClose fails when got and want differ by more than tol (absolute).
func checkClose(tb testing.TB, what string, got, want, tol float64) {
	tb.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		tb.Errorf("%s = %.17g, want %.17g (diff %.3g, tolerance %.0e)", what, got, want, got-want, tol)
	}
}

func checkInts(tb testing.TB, what string, got [MaxOrder]int, want []int) {
	tb.Helper()
	if len(want) != MaxOrder {
		tb.Fatalf("%s: reference has %d values", what, len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			tb.Errorf("%s = %v, want %v", what, got, want)
			return
		}
	}
}

// TestReferenceVectorsHF checks bleu_hf, bleu_hf_error and bleu_hf_detail.
func TestReferenceVectorsHF(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.ID, func(t *testing.T) {
			got, err := HF(v.Hypothesis, v.Reference)
			if v.BleuHF == nil {
				if v.BleuHFErr == "" {
					t.Fatal("reference has neither bleu_hf nor bleu_hf_error")
				}
				if !errors.Is(err, ErrUndefined) {
					t.Fatalf("%s: err = %v, want ErrUndefined (Python: %s)", v.Note, err, v.BleuHFErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: unexpected error %v", v.Note, err)
			}
			d := v.HFDetail
			checkClose(t, "bleu", got.Score, *v.BleuHF, tolUnit)
			for i, p := range d.Precisions {
				checkClose(t, "precision", got.Precisions[i], p, tolUnit)
			}
			checkClose(t, "brevity_penalty", got.BrevityPenalty, d.BrevityPenalty, tolUnit)
			checkClose(t, "length_ratio", got.LengthRatio, d.LengthRatio, tolUnit)
			if got.HypLen != d.TranslationLength || got.RefLen != d.ReferenceLength {
				t.Errorf("lengths = %d, %d, want %d, %d", got.HypLen, got.RefLen, d.TranslationLength, d.ReferenceLength)
			}
		})
	}
}

// TestReferenceVectorsSacre checks sacrebleu_sentence and its detail.
func TestReferenceVectorsSacre(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.ID, func(t *testing.T) {
			got := Sacre(v.Hypothesis, v.Reference)
			d := v.SacreDetail
			checkClose(t, "score", got.Score, v.Sacre, tolSacre)
			for i, p := range d.Precisions {
				checkClose(t, "precision", got.Precisions[i], p, tolSacre)
			}
			checkClose(t, "bp", got.BP, d.BP, tolUnit)
			checkInts(t, "counts", got.Counts, d.Counts)
			checkInts(t, "totals", got.Totals, d.Totals)
			if got.SysLen != d.SysLen || got.RefLen != d.RefLen {
				t.Errorf("lengths = %d, %d, want %d, %d", got.SysLen, got.RefLen, d.SysLen, d.RefLen)
			}
		})
	}
}

// TestReferenceVectorsPairStats checks that PairStats, which tokenizes once
// for both implementations, scores the vectors like HF and Sacre.
func TestReferenceVectorsPairStats(t *testing.T) {
	for _, v := range loadVectors(t) {
		hf, sacre := PairStats(v.Hypothesis, v.Reference)
		wantHF, wantErr := HF(v.Hypothesis, v.Reference)
		gotHF, gotErr := hf.HF()
		if gotHF != wantHF || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%s: PairStats HF = %+v, %v; HF = %+v, %v", v.ID, gotHF, gotErr, wantHF, wantErr)
		}
		if got, want := sacre.Sacre(true), Sacre(v.Hypothesis, v.Reference); got != want {
			t.Errorf("%s: PairStats Sacre = %+v, Sacre = %+v", v.ID, got, want)
		}
	}
}
