package stats

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"testing"
)

// FuzzPairedTests checks that any input either is rejected with ErrInvalid,
// exactly when it is invalid, or gives results that are never NaN or Inf,
// p-values in [0, 1], a statistic W within its range, null fields exactly
// where the matching warning is given, and the symmetry of swapping a and b
// (t and the effect sizes change sign, the p-values and W stay).
//
// With raw false, the bytes are pairs of small integers times scale (many
// ties and zero differences, the hard cases of the signed-rank test); with
// raw true, every 16 bytes are two float64s taken bit for bit (NaN, Inf,
// subnormals, huge values).
func FuzzPairedTests(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4}, 1.0, false)
	f.Add([]byte{5, 5, 5, 5, 5, 5}, 0.1, false)
	f.Add([]byte{0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, 1e-3, false)
	f.Add([]byte{200, 100, 3, 7, 9, 250, 13, 13, 1, 0, 0, 1, 127, 128}, 1e90, false)
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}, 0.0, true)
	f.Add(slices.Repeat([]byte{3, 1, 4, 1, 5, 9, 2, 6}, 20), 0.25, false)
	f.Fuzz(func(t *testing.T, data []byte, scale float64, raw bool) {
		a, b := fuzzPairs(data, scale, raw)
		p, err := PairedTests(a, b)
		invalid := len(a) < MinN || slices.ContainsFunc(append(slices.Clone(a), b...), func(v float64) bool {
			return math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > MaxAbsValue
		})
		if err != nil {
			if !errors.Is(err, ErrInvalid) || !invalid {
				t.Fatalf("PairedTests(%v, %v): unexpected error %v", a, b, err)
			}
			return
		}
		if invalid {
			t.Fatalf("PairedTests(%v, %v) accepted invalid input", a, b)
		}
		checkPairedInvariants(t, p)
		q, err := PairedTests(b, a)
		if err != nil {
			t.Fatal(err)
		}
		checkSwapped(t, p, q)
	})
}

// fuzzPairs turns fuzz bytes into two samples of equal length.
func fuzzPairs(data []byte, scale float64, raw bool) (a, b []float64) {
	if raw {
		for ; len(data) >= 16; data = data[16:] {
			a = append(a, math.Float64frombits(binary.LittleEndian.Uint64(data)))
			b = append(b, math.Float64frombits(binary.LittleEndian.Uint64(data[8:])))
		}
		return a, b
	}
	for ; len(data) >= 2; data = data[2:] {
		a = append(a, float64(int8(data[0]))*scale)
		b = append(b, float64(int8(data[1]))*scale)
	}
	return a, b
}

func checkPairedInvariants(t *testing.T, p Paired) {
	t.Helper()
	has := func(w string) bool { return slices.Contains(p.Warnings, w) }
	for name, v := range map[string]float64{"mean_a": p.MeanA, "sd_a": p.SDA, "mean_b": p.MeanB, "sd_b": p.SDB} {
		if !isFinite(v) {
			t.Errorf("%s = %v", name, v)
		}
	}
	for name, v := range map[string]*float64{"t": p.T, "p_t": p.PT, "wilcoxon_w": p.WilcoxonW,
		"p_wilcoxon": p.PWilcoxon, "cohens_dz": p.CohensDz, "cohens_d_pooled": p.CohensDPooled} {
		if v != nil && !isFinite(*v) {
			t.Errorf("%s = %v", name, *v)
		}
	}
	for name, v := range map[string]*float64{"p_t": p.PT, "p_wilcoxon": p.PWilcoxon} {
		if v != nil && (*v < 0 || *v > 1) {
			t.Errorf("%s = %v, outside [0, 1]", name, *v)
		}
	}
	if p.DF != p.N-1 || p.Warnings == nil {
		t.Errorf("N, DF = %d, %d; warnings %v", p.N, p.DF, p.Warnings)
	}
	if (p.T == nil) != (has(WarnTUndefined) || has(WarnTInfinite)) || (p.PT == nil) != has(WarnTUndefined) {
		t.Errorf("t, p_t = %v, %v with warnings %q", p.T, p.PT, p.Warnings)
	}
	if has(WarnTInfinite) && *p.PT != 0 {
		t.Errorf("p_t = %v with infinite t, want 0", *p.PT)
	}
	wNull := p.WilcoxonW == nil
	if wNull != has(WarnWilcoxonAllZero) || wNull != (p.PWilcoxon == nil) || wNull != (p.WilcoxonMethod == "") {
		t.Errorf("wilcoxon = %v, %v, %q with warnings %q", p.WilcoxonW, p.PWilcoxon, p.WilcoxonMethod, p.Warnings)
	}
	if !wNull {
		if n := float64(p.N); *p.WilcoxonW < 0 || *p.WilcoxonW > n*(n+1)/4 {
			t.Errorf("wilcoxon_w = %v outside [0, n(n+1)/4] for n = %d", *p.WilcoxonW, p.N)
		}
		if p.WilcoxonMethod == methodExact && (p.N > exactMaxN || has(WarnWilcoxonZeros)) {
			t.Errorf("exact method with n = %d and warnings %q", p.N, p.Warnings)
		}
	}
	if (p.CohensDz == nil) != has(WarnDzUndefined) || (p.CohensDPooled == nil) != has(WarnDPooledUndefined) {
		t.Errorf("effect sizes %v, %v with warnings %q", p.CohensDz, p.CohensDPooled, p.Warnings)
	}
}

// checkSwapped compares PairedTests(a, b) with PairedTests(b, a): numpy's
// sums are exact under negation, so t and the effect sizes change sign
// exactly and everything else is equal, except the exact Wilcoxon p-value
// with ties, which SciPy takes at the positive rank sum rounded down (n = 4
// with every |difference| tied: the rank sums 2.5 and 7.5 give 0.375 and
// 0.625).
func checkSwapped(t *testing.T, p, q Paired) {
	t.Helper()
	if slices.Contains(p.Warnings, WarnWilcoxonTiesExact) {
		q.PWilcoxon = p.PWilcoxon
	}
	neg := func(x *float64) *float64 {
		if x == nil {
			return nil
		}
		return ptr(-*x)
	}
	eq := func(x, y *float64) bool { return (x == nil && y == nil) || (x != nil && y != nil && *x == *y) }
	if !eq(p.T, neg(q.T)) || !eq(p.PT, q.PT) || !eq(p.WilcoxonW, q.WilcoxonW) || !eq(p.PWilcoxon, q.PWilcoxon) ||
		!eq(p.CohensDz, neg(q.CohensDz)) || !eq(p.CohensDPooled, neg(q.CohensDPooled)) ||
		p.WilcoxonMethod != q.WilcoxonMethod || !slices.Equal(p.Warnings, q.Warnings) {
		t.Errorf("swapping a and b: %+v versus %+v", p, q)
	}
}
