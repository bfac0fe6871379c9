package rouge

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// tol is the acceptance bar: rouge-score's values to 1e-9.
const tol = 1e-9

// devPair is one line of testdata/metric_vectors_dev.jsonl (rouge-score
// 0.1.2 run by the reference team); only the ROUGE fields are read.
type devPair struct {
	ID           string   `json:"id"`
	Note         string   `json:"note"`
	Hypothesis   string   `json:"hypothesis"`
	Reference    string   `json:"reference"`
	Rouge1       *float64 `json:"rouge1_f"`
	Rouge2       *float64 `json:"rouge2_f"`
	RougeL       *float64 `json:"rougeL_f"`
	RougeLsum    *float64 `json:"rougeLsum_f"`
	Rouge1NoStem *float64 `json:"rouge1_f_nostem"`
	Rouge2NoStem *float64 `json:"rouge2_f_nostem"`
	RougeLNoStem *float64 `json:"rougeL_f_nostem"`
}

func loadDev(tb testing.TB) []devPair {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "metric_vectors_dev.jsonl"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	var out []devPair
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var p devPair
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			tb.Fatal(err)
		}
		for name, v := range map[string]*float64{"rouge1_f": p.Rouge1, "rouge2_f": p.Rouge2,
			"rougeL_f": p.RougeL, "rougeLsum_f": p.RougeLsum, "rouge1_f_nostem": p.Rouge1NoStem,
			"rouge2_f_nostem": p.Rouge2NoStem, "rougeL_f_nostem": p.RougeLNoStem} {
			if v == nil {
				tb.Fatalf("%s: no %s", p.ID, name)
			}
		}
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(out) < 20 {
		tb.Fatalf("only %d dev pairs", len(out))
	}
	return out
}

// checkClose reports got != want beyond tol.
func checkClose(tb testing.TB, what string, got, want float64) {
	tb.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol {
		tb.Errorf("%s = %.17g, want %.17g (diff %.3g)", what, got, want, got-want)
	}
}

func TestDevVectors(t *testing.T) {
	for _, p := range loadDev(t) {
		s := Compute(p.Reference, p.Hypothesis, true)
		checkClose(t, p.ID+" rouge1_f", s.Rouge1.F, *p.Rouge1)
		checkClose(t, p.ID+" rouge2_f", s.Rouge2.F, *p.Rouge2)
		checkClose(t, p.ID+" rougeL_f", s.RougeL.F, *p.RougeL)
		checkClose(t, p.ID+" rougeLsum_f", s.RougeLsum.F, *p.RougeLsum)
		n := Compute(p.Reference, p.Hypothesis, false)
		checkClose(t, p.ID+" rouge1_f_nostem", n.Rouge1.F, *p.Rouge1NoStem)
		checkClose(t, p.ID+" rouge2_f_nostem", n.Rouge2.F, *p.Rouge2NoStem)
		checkClose(t, p.ID+" rougeL_f_nostem", n.RougeL.F, *p.RougeLNoStem)
	}
}

// TestDevRougeLsumSplitsAtNewlines shows which sentence splitting the
// reference values use: rouge-score's default (lines) reproduces every
// rougeLsum_f, while Punkt sentences (split_summaries=True) do not, e.g. on
// the pair whose sentences are reordered.
func TestDevRougeLsumSplitsAtNewlines(t *testing.T) {
	punktDiffers := 0
	for _, p := range loadDev(t) {
		got := Scorer{UseStemmer: true, SplitSummaries: true}.Score(p.Reference, p.Hypothesis).RougeLsum.F
		if math.Abs(got-*p.RougeLsum) > tol {
			punktDiffers++
			t.Logf("%s (%s): rougeLsum_f with Punkt sentences %.17g, reference %.17g", p.ID, p.Note, got, *p.RougeLsum)
		}
	}
	if punktDiffers == 0 {
		t.Errorf("Punkt splitting reproduces every rougeLsum_f: the dev data cannot tell the two apart")
	}
}

// pythonRouge is testdata/python_rouge.json, from scripts/reference/rouge.py.
type pythonRouge struct {
	Tokens []struct {
		Text    string   `json:"text"`
		Plain   []string `json:"plain"`
		Stemmed []string `json:"stemmed"`
	} `json:"tokens"`
	Pairs []struct {
		Reference  string                `json:"reference"`
		Prediction string                `json:"prediction"`
		Stemmed    map[string][3]float64 `json:"stemmed"`
		Plain      map[string][3]float64 `json:"plain"`
	} `json:"pairs"`
}

func loadPython(tb testing.TB) pythonRouge {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "python_rouge.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var ref pythonRouge
	if err := json.Unmarshal(data, &ref); err != nil {
		tb.Fatal(err)
	}
	if len(ref.Tokens) < 10 || len(ref.Pairs) < 200 {
		tb.Fatalf("%d texts and %d pairs: test data incomplete", len(ref.Tokens), len(ref.Pairs))
	}
	return ref
}

func TestTokensMatchPython(t *testing.T) {
	for _, c := range loadPython(t).Tokens {
		if got := Tokens(c.Text, false); !slices.Equal(got, c.Plain) {
			t.Errorf("Tokens(%q, false) = %q, Python says %q", c.Text, got, c.Plain)
		}
		if got := Tokens(c.Text, true); !slices.Equal(got, c.Stemmed) {
			t.Errorf("Tokens(%q, true) = %q, Python says %q", c.Text, got, c.Stemmed)
		}
	}
}

// TestScoresMatchPython compares precision, recall and F of every variant,
// both sentence splittings and both stemmer settings with the values of
// scripts/reference/rouge.py on hand-made texts and Climate-FEVER pairs
// (multi-line and single-line texts).
func TestScoresMatchPython(t *testing.T) {
	ref := loadPython(t)
	for i, p := range ref.Pairs {
		for _, stem := range []bool{false, true} {
			want := p.Plain
			if stem {
				want = p.Stemmed
			}
			lines := Scorer{UseStemmer: stem}.Score(p.Reference, p.Prediction)
			sents := Scorer{UseStemmer: stem, SplitSummaries: true}.Score(p.Reference, p.Prediction)
			got := map[string]Score{
				"rouge1": lines.Rouge1, "rouge2": lines.Rouge2, "rougeL": lines.RougeL,
				"rougeLsum": lines.RougeLsum, "rougeLsum_punkt": sents.RougeLsum,
			}
			if sents.Rouge1 != lines.Rouge1 || sents.Rouge2 != lines.Rouge2 || sents.RougeL != lines.RougeL {
				t.Errorf("pair %d: splitting changed a score other than rougeLsum", i)
			}
			for name, g := range got {
				w, ok := want[name]
				if !ok {
					t.Fatalf("pair %d: no %s in the test data", i, name)
				}
				what := fmt.Sprintf("pair %d stem=%v %s", i, stem, name)
				checkClose(t, what+" P", g.Precision, w[0])
				checkClose(t, what+" R", g.Recall, w[1])
				checkClose(t, what+" F", g.F, w[2])
			}
		}
	}
}

// TestHandComputed checks cases worked out by hand; the counts are in the
// comments.
func TestHandComputed(t *testing.T) {
	type want struct{ p, r float64 }
	cases := []struct {
		name, ref, pred string
		stem            bool
		r1, r2, l, lsum want
	}{
		{
			// ref: the cat sat on the mat (6 tokens); pred: the cat is on the mat (6).
			// unigrams: the 2+cat+on+mat = 5 of 6 each side.
			// bigrams: the-cat, on-the, the-mat = 3 of 5 each side.
			// LCS: the cat on the mat = 5. One line each: Lsum = L.
			name: "one word changed", ref: "The cat sat on the mat.", pred: "the cat is on the mat",
			r1: want{5.0 / 6, 5.0 / 6}, r2: want{3.0 / 5, 3.0 / 5}, l: want{5.0 / 6, 5.0 / 6}, lsum: want{5.0 / 6, 5.0 / 6},
		},
		{
			// ref a a a b (4), pred a a c (3). unigrams: min(3,2) = 2.
			// bigrams: ref aa aa ab (3), pred aa ac (2): min(2,1) = 1.
			// LCS: a a = 2.
			name: "clipping", ref: "a a a b", pred: "a a c",
			r1: want{2.0 / 3, 2.0 / 4}, r2: want{1.0 / 2, 1.0 / 3}, l: want{2.0 / 3, 2.0 / 4}, lsum: want{2.0 / 3, 2.0 / 4},
		},
		{
			// The ROUGE paper's summary-level example: r = w1..w5, c1 = w1 w2 w6 w7 w8,
			// c2 = w1 w3 w8 w9 w5. LCS(r,c1) = w1 w2, LCS(r,c2) = w1 w3 w5; union
			// w1 w2 w3 w5 = 4 hits; m = 5, n = 10. Whole texts: LCS w1 w2 w3 w5 = 4.
			// unigrams: w1 w2 w3 w5 = 4; bigrams: w1-w2 = 1 of 4 (ref) and 9 (pred).
			name: "paper example", ref: "w1 w2 w3 w4 w5", pred: "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5",
			r1: want{4.0 / 10, 4.0 / 5}, r2: want{1.0 / 9, 1.0 / 4}, l: want{4.0 / 10, 4.0 / 5}, lsum: want{4.0 / 10, 4.0 / 5},
		},
		{
			// Sentences swapped: LCS of a b c d e f and d e f a b c is 3 of 6;
			// each reference line matches one prediction line fully: 6 hits.
			// bigrams: ab bc de ef = 4 of 5.
			name: "reordered lines", ref: "a b c\nd e f", pred: "d e f\na b c",
			r1: want{1, 1}, r2: want{4.0 / 5, 4.0 / 5}, l: want{3.0 / 6, 3.0 / 6}, lsum: want{1, 1},
		},
		{
			// Double-counting guard: both reference lines "a b" have union {a, b}
			// but the prediction has one a and one b: 2 hits; m = 4, n = 2.
			name: "double counting", ref: "a b\na b", pred: "a b",
			r1: want{2.0 / 2, 2.0 / 4}, r2: want{1.0 / 1, 1.0 / 3}, l: want{2.0 / 2, 2.0 / 4}, lsum: want{2.0 / 2, 2.0 / 4},
		},
		{
			// Stemming: dogs->dog, running->run, runs->run; "were" stays, and
			// "the" (3 letters) is never stemmed. ref the dog were run (4),
			// pred the dog run (3): unigrams 3; bigrams the-dog = 1 of 3 and 2;
			// LCS the dog run = 3.
			name: "stemmed", ref: "The dogs were running", pred: "the dog runs", stem: true,
			r1: want{3.0 / 3, 3.0 / 4}, r2: want{1.0 / 2, 1.0 / 3}, l: want{3.0 / 3, 3.0 / 4}, lsum: want{3.0 / 3, 3.0 / 4},
		},
		{
			// Unstemmed, the same texts share only "the" (1 of 4 and 3); no bigram.
			name: "not stemmed", ref: "The dogs were running", pred: "the dog runs",
			r1: want{1.0 / 3, 1.0 / 4}, r2: want{0, 0}, l: want{1.0 / 3, 1.0 / 4}, lsum: want{1.0 / 3, 1.0 / 4},
		},
		{
			// "was" has 3 letters so it is not stemmed, although Porter gives "wa".
			name: "short words unstemmed", ref: "was", pred: "wa", stem: true,
		},
		{
			// İ lower-cases to i + U+0307, which splits the token: i s; K (Kelvin) is k.
			name: "Python lower-casing", ref: "İs \u212aelvin", pred: "i s kelvin",
			r1: want{1, 1}, r2: want{1, 1}, l: want{1, 1}, lsum: want{1, 1},
		},
		{name: "empty prediction", ref: "Sea levels rise.", pred: ""},
		{name: "punctuation only", ref: "...", pred: "?!"},
	}
	for _, c := range cases {
		s := Compute(c.ref, c.pred, c.stem)
		for _, v := range []struct {
			name string
			got  Score
			want want
		}{{"rouge1", s.Rouge1, c.r1}, {"rouge2", s.Rouge2, c.r2}, {"rougeL", s.RougeL, c.l}, {"rougeLsum", s.RougeLsum, c.lsum}} {
			f := 0.0
			if v.want.p+v.want.r > 0 {
				f = 2 * v.want.p * v.want.r / (v.want.p + v.want.r)
			}
			checkClose(t, c.name+" "+v.name+" P", v.got.Precision, v.want.p)
			checkClose(t, c.name+" "+v.name+" R", v.got.Recall, v.want.r)
			checkClose(t, c.name+" "+v.name+" F", v.got.F, f)
		}
	}
}

func TestSignature(t *testing.T) {
	cases := map[string]string{
		Signature(false):                         "rouge|impl:rouge-score-0.1.2|tok:default|stem:none|lsum:newline",
		Signature(true):                          "rouge|impl:rouge-score-0.1.2|tok:default|stem:porter-nltk3.8|lsum:newline",
		Scorer{SplitSummaries: true}.Signature(): "rouge|impl:rouge-score-0.1.2|tok:default|stem:none|lsum:punkt-en@nltk3.8",
	}
	for got, want := range cases {
		if got != want {
			t.Errorf("signature %q, want %q", got, want)
		}
	}
}
