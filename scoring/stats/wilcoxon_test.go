package stats

import (
	"slices"
	"testing"
)

// TestSignedRankCountsMatchSciPy compares the exact null distribution with
// SciPy's _get_wilcoxon_distr(n) times 2^n, for n from 1 to 50.
func TestSignedRankCountsMatchSciPy(t *testing.T) {
	var ref struct {
		Distributions []struct {
			N      int      `json:"n"`
			Counts []uint64 `json:"counts"`
		} `json:"distributions"`
	}
	readJSON(t, "scipy_wilcoxon_pmf.json", &ref)
	if len(ref.Distributions) == 0 {
		t.Fatal("no distributions in scipy_wilcoxon_pmf.json")
	}
	for _, d := range ref.Distributions {
		if got := signedRankCounts(d.N); !slices.Equal(got, d.Counts) {
			t.Errorf("signedRankCounts(%d) differs from SciPy", d.N)
		}
	}
}

// TestSignedRankCountsProperties checks, for every n the exact method uses,
// that the counts add up to 2^n and are symmetric.
func TestSignedRankCountsProperties(t *testing.T) {
	for n := 1; n <= exactMaxN; n++ {
		c := signedRankCounts(n)
		var total uint64
		for i, v := range c {
			total += v
			if v != c[len(c)-1-i] {
				t.Fatalf("n=%d: counts not symmetric at %d", n, i)
			}
		}
		if total != 1<<n {
			t.Errorf("n=%d: counts sum to %d, want 2^%d", n, total, n)
		}
	}
}

// TestSignedRankHandCases checks small cases worked out by hand and SciPy's
// documented example (scipy.stats.wilcoxon docstring: W = 24, p =
// 0.041259765625 exactly).
func TestSignedRankHandCases(t *testing.T) {
	for _, c := range []struct {
		name   string
		d      []float64
		w, p   float64
		method string
	}{
		// Ranks 1..15 with negative ranks 10 (-48) and 14 (-67): W = 24.
		{"scipy-docs", []float64{6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75}, 24, 0.041259765625, methodExact},
		// n = 3, all positive: P(R+ = 6) = 1/8, two-sided 2/8.
		{"all-positive-3", []float64{1, 2, 3}, 0, 0.25, methodExact},
		// R+ = 2 + 3 = 5 of a total of 6 (n = 3); P(R+ >= 5) = 2/8.
		{"n3", []float64{-1, 2, 3}, 1, 0.5, methodExact},
		// Centre of the distribution: R+ = 5 = 10/2 (n = 4).
		{"centre", []float64{1, -2, -3, 4}, 5, 1, methodExact},
	} {
		got := signedRank(c.d)
		if got.statistic != c.w || got.p != c.p || got.method != c.method {
			t.Errorf("%s: W, p, method = %v, %v, %q; want %v, %v, %q", c.name, got.statistic, got.p, got.method, c.w, c.p, c.method)
		}
	}
}
