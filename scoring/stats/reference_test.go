package stats

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The reference files in testdata are written by scripts/reference/stats.py
// with Debian 12's SciPy 1.10 and numpy 1.24.

// sciNum is a float64 from the reference files, where SciPy's NaN and
// infinities are written as the strings "nan", "inf" and "-inf".
type sciNum float64

func (x *sciNum) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		switch s {
		case "nan":
			*x = sciNum(math.NaN())
		case "inf":
			*x = sciNum(math.Inf(1))
		case "-inf":
			*x = sciNum(math.Inf(-1))
		default:
			return fmt.Errorf("unknown number %q", s)
		}
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*x = sciNum(f)
	return nil
}

func (x sciNum) finite() bool { return isFinite(float64(x)) }

type pyWarning struct {
	Category string `json:"category"`
	Message  string `json:"message"`
}

type wilcoxonRef struct {
	Statistic  *sciNum     `json:"statistic"`
	Pvalue     *sciNum     `json:"pvalue"`
	Zstatistic *sciNum     `json:"zstatistic"`
	Error      string      `json:"error"`
	Warnings   []pyWarning `json:"warnings"`
}

type pairedCase struct {
	Name     string    `json:"name"`
	A        []float64 `json:"a"`
	B        []float64 `json:"b"`
	TtestRel struct {
		Statistic sciNum      `json:"statistic"`
		Pvalue    sciNum      `json:"pvalue"`
		DF        int         `json:"df"`
		Warnings  []pyWarning `json:"warnings"`
	} `json:"ttest_rel"`
	Wilcoxon       wilcoxonRef  `json:"wilcoxon"`
	WilcoxonApprox wilcoxonRef  `json:"wilcoxon_approx"`
	WilcoxonExact  *wilcoxonRef `json:"wilcoxon_exact"`
	MeanA          sciNum       `json:"mean_a"`
	SDA            sciNum       `json:"sd_a"`
	MeanB          sciNum       `json:"mean_b"`
	SDB            sciNum       `json:"sd_b"`
	MeanD          sciNum       `json:"mean_d"`
	SDD            sciNum       `json:"sd_d"`
	CohensDz       sciNum       `json:"cohens_dz"`
	CohensDPooled  sciNum       `json:"cohens_d_pooled"`
}

type pairedReference struct {
	SciPyVersion string       `json:"scipy_version"`
	Cases        []pairedCase `json:"cases"`
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

func loadPaired(tb testing.TB) pairedReference {
	tb.Helper()
	var ref pairedReference
	readJSON(tb, "scipy_paired.json", &ref)
	if !strings.HasPrefix(ref.SciPyVersion, "1.10.") {
		tb.Fatalf("scipy_paired.json comes from SciPy %s; the package follows SciPy 1.10", ref.SciPyVersion)
	}
	if len(ref.Cases) < 300 {
		tb.Fatalf("scipy_paired.json has %d cases, want at least 300", len(ref.Cases))
	}
	return ref
}

// statClose compares a statistic, a mean or an SD: absolute 1e-9, or
// relative 1e-9 where |want| > 1 (t reaches 1e16 when the differences are
// equal up to rounding).
func statClose(got, want float64) bool {
	return math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want))
}

// pClose compares a p-value, more strictly than the absolute 1e-9 asked
// for: relative 1e-9, so that tiny p-values are checked too (absolute
// 1e-309 for subnormal ones), and a p-value SciPy gives as 0 (underflow)
// must be 0.
func pClose(got, want float64) bool {
	if want == 0 {
		return got == 0
	}
	return math.Abs(got-want) <= 1e-9*math.Max(math.Abs(want), 1e-300)
}

// checkNullable compares a field that is nil where SciPy's value is not
// finite.
func checkNullable(t *testing.T, field string, got *float64, want sciNum, close func(got, want float64) bool) {
	t.Helper()
	switch {
	case !want.finite() && got != nil:
		t.Errorf("%s = %v, want null (SciPy: %v)", field, *got, float64(want))
	case want.finite() && got == nil:
		t.Errorf("%s = null, want %v", field, float64(want))
	case got != nil && !close(*got, float64(want)):
		t.Errorf("%s = %v, want %v (diff %.3g)", field, *got, float64(want), *got-float64(want))
	}
}

// TestPairedTestsMatchesSciPy compares every field of PairedTests with
// SciPy's ttest_rel and wilcoxon, numpy's mean and std(ddof=1), and the
// effect sizes computed from them, on every reference case.
func TestPairedTestsMatchesSciPy(t *testing.T) {
	ref := loadPaired(t)
	methods := map[string]int{}
	for _, c := range ref.Cases {
		t.Run(c.Name, func(t *testing.T) {
			p, err := PairedTests(c.A, c.B)
			if err != nil {
				t.Fatal(err)
			}
			if p.N != len(c.A) || p.DF != c.TtestRel.DF {
				t.Errorf("N, DF = %d, %d; want %d, %d", p.N, p.DF, len(c.A), c.TtestRel.DF)
			}
			for _, f := range []struct {
				name      string
				got, want float64
			}{{"mean_a", p.MeanA, float64(c.MeanA)}, {"sd_a", p.SDA, float64(c.SDA)},
				{"mean_b", p.MeanB, float64(c.MeanB)}, {"sd_b", p.SDB, float64(c.SDB)}} {
				if !statClose(f.got, f.want) {
					t.Errorf("%s = %v, want %v", f.name, f.got, f.want)
				}
			}
			checkNullable(t, "t", p.T, c.TtestRel.Statistic, statClose)
			checkNullable(t, "p_t", p.PT, c.TtestRel.Pvalue, pClose)
			checkNullable(t, "cohens_dz", p.CohensDz, c.CohensDz, statClose)
			checkNullable(t, "cohens_d_pooled", p.CohensDPooled, c.CohensDPooled, statClose)

			w := c.Wilcoxon
			if w.Error != "" {
				if p.WilcoxonW != nil || p.PWilcoxon != nil || p.WilcoxonMethod != "" {
					t.Errorf("wilcoxon = %v, %v, %q; want null (SciPy raised %s)", p.WilcoxonW, p.PWilcoxon, p.WilcoxonMethod, w.Error)
				}
			} else {
				checkNullable(t, "wilcoxon_w", p.WilcoxonW, *w.Statistic, statClose)
				checkNullable(t, "p_wilcoxon", p.PWilcoxon, *w.Pvalue, pClose)
				if want := expectedMethod(c); p.WilcoxonMethod != want {
					t.Errorf("wilcoxon_method = %q, want %q", p.WilcoxonMethod, want)
				}
				methods[p.WilcoxonMethod]++
			}

			got := map[string]bool{}
			for _, m := range p.Warnings {
				if got[m] {
					t.Errorf("warning given twice: %s", m)
				}
				got[m] = true
			}
			want := expectedWarnings(t, c)
			for m := range want {
				if !got[m] {
					t.Errorf("missing warning %q", m)
				}
			}
			for m := range got {
				if !want[m] {
					t.Errorf("unexpected warning %q", m)
				}
			}
		})
	}
	// The reference cases must exercise both methods.
	if methods[methodExact] < 50 || methods[methodApprox] < 50 {
		t.Errorf("cases per Wilcoxon method = %v; want at least 50 of each", methods)
	}
}

// expectedMethod is SciPy 1.10's choice for method='auto', restated from its
// documentation: exact for n <= 50 without zero differences.
func expectedMethod(c pairedCase) string {
	if len(c.A) > 50 {
		return methodApprox
	}
	for i := range c.A {
		if c.A[i]-c.B[i] == 0 {
			return methodApprox
		}
	}
	return methodExact
}

// expectedWarnings maps SciPy's warnings and non-finite results of a case
// to the Warn* messages PairedTests must give, and adds the tie warning
// wherever the exact method meets tied |differences|.
func expectedWarnings(t *testing.T, c pairedCase) map[string]bool {
	t.Helper()
	want := map[string]bool{}
	for _, w := range c.TtestRel.Warnings {
		if !strings.HasPrefix(w.Message, "Precision loss occurred in moment calculation") {
			t.Fatalf("unknown SciPy warning from ttest_rel: %s: %s", w.Category, w.Message)
		}
		want[WarnPrecisionLoss] = true
	}
	for _, w := range c.Wilcoxon.Warnings {
		switch {
		case strings.HasPrefix(w.Message, "Exact p-value calculation does not work if there are zeros."):
			want[WarnWilcoxonZeros] = true
		case w.Message == "Sample size too small for normal approximation.":
			want[WarnWilcoxonSmallSample] = true
		default:
			t.Fatalf("unknown SciPy warning from wilcoxon: %s: %s", w.Category, w.Message)
		}
	}
	if c.Wilcoxon.Error != "" {
		want[WarnWilcoxonAllZero] = true
	}
	switch s := float64(c.TtestRel.Statistic); {
	case math.IsNaN(s):
		want[WarnTUndefined] = true
	case math.IsInf(s, 0):
		want[WarnTInfinite] = true
	}
	if !c.CohensDz.finite() {
		want[WarnDzUndefined] = true
	}
	if !c.CohensDPooled.finite() {
		want[WarnDPooledUndefined] = true
	}
	if expectedMethod(c) == methodExact {
		seen := map[float64]bool{}
		for i := range c.A {
			d := math.Abs(c.A[i] - c.B[i])
			if seen[d] {
				want[WarnWilcoxonTiesExact] = true
			}
			seen[d] = true
		}
	}
	return want
}

// TestSignedRankMethodsMatchSciPy checks both ways of computing the
// Wilcoxon p-value on every case, not only the one 'auto' picks: SciPy's
// method='approx' (statistic, p-value, z) and method='exact' (where the
// differences hold no zero and n <= 50).
func TestSignedRankMethodsMatchSciPy(t *testing.T) {
	ref := loadPaired(t)
	exact := 0
	for _, c := range ref.Cases {
		d := make([]float64, len(c.A))
		for i := range d {
			d[i] = c.A[i] - c.B[i]
		}
		check := func(method string, w *wilcoxonRef) {
			got := signedRankMethod(d, method)
			if w.Error != "" {
				if got.method != "" {
					t.Errorf("%s: method %s: got method %q, want none (SciPy raised %s)", c.Name, method, got.method, w.Error)
				}
				return
			}
			if !statClose(got.statistic, float64(*w.Statistic)) || !pClose(got.p, float64(*w.Pvalue)) {
				t.Errorf("%s: method %s: statistic, p = %v, %v; want %v, %v", c.Name, method, got.statistic, got.p, float64(*w.Statistic), float64(*w.Pvalue))
			}
			if w.Zstatistic != nil && !statClose(got.z, float64(*w.Zstatistic)) {
				t.Errorf("%s: method %s: z = %v, want %v", c.Name, method, got.z, float64(*w.Zstatistic))
			}
		}
		check(methodApprox, &c.WilcoxonApprox)
		if c.WilcoxonExact != nil {
			check(methodExact, c.WilcoxonExact)
			exact++
		}
	}
	if exact < 100 {
		t.Errorf("only %d cases check the exact method", exact)
	}
}

// TestMomentsEqualNumpyBitwise checks that the means, SDs and t statistics
// equal numpy's and SciPy's exactly, not just within 1e-9: the emulation of
// numpy's pairwise summation is what keeps t exact when it is huge.
func TestMomentsEqualNumpyBitwise(t *testing.T) {
	ref := loadPaired(t)
	for _, c := range ref.Cases {
		scratch := make([]float64, len(c.A))
		d := make([]float64, len(c.A))
		for i := range d {
			d[i] = c.A[i] - c.B[i]
		}
		for _, s := range []struct {
			name     string
			x        []float64
			mean, sd sciNum
		}{{"a", c.A, c.MeanA, c.SDA}, {"b", c.B, c.MeanB, c.SDB}, {"d", d, c.MeanD, c.SDD}} {
			m, sd := meanStd(s.x, scratch)
			if m != float64(s.mean) || sd != float64(s.sd) {
				t.Errorf("%s: mean, sd of %s = %v, %v; numpy %v, %v", c.Name, s.name, m, sd, float64(s.mean), float64(s.sd))
			}
		}
		tt := pairedT(d, scratch).t
		want := float64(c.TtestRel.Statistic)
		if tt != want && !(math.IsNaN(tt) && math.IsNaN(want)) {
			t.Errorf("%s: t = %v, SciPy %v", c.Name, tt, want)
		}
	}
}
