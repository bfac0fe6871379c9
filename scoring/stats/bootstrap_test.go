package stats

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"
)

// bootstrapSample returns n values of a score-like distribution (0.6 plus
// normal noise of SD 0.2) drawn from a generator seeded with seed.
func bootstrapSample(n int, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 42))
	x := make([]float64, n)
	for i := range x {
		x[i] = 0.6 + 0.2*rng.NormFloat64()
	}
	return x
}

// TestBootstrapDrawsMatchIntN recomputes the resample means from the indices
// math/rand/v2's own Rand.IntN draws from rand.NewPCG(seed, bootstrapStream),
// which is what the documentation promises, for sizes that take the mask
// path (powers of two, 1) and the multiply-shift path.
func TestBootstrapDrawsMatchIntN(t *testing.T) {
	if bits.UintSize != 64 {
		t.Skip("Rand.IntN draws differently on 32-bit platforms; the bootstrap does not")
	}
	for _, n := range []int{1, 2, 3, 7, 8, 100, 1024, 1535} {
		x := bootstrapSample(n, uint64(n))
		const resamples, seed = 50, 12345
		r, err := NewResamples(n, resamples, seed)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]float64, resamples)
		r.means(x, got, make([]float64, n))

		rng := rand.New(rand.NewPCG(seed, bootstrapStream))
		buf := make([]float64, n)
		for k := range resamples {
			for j := range buf {
				buf[j] = x[rng.IntN(n)]
			}
			if want := mean(buf); got[k] != want {
				t.Fatalf("n=%d: resample %d has mean %v; the IntN draws give %v", n, k, got[k], want)
			}
		}
	}
}

// TestQuantileNumpyLinear checks quantile against numpy.quantile(a, q) with
// the default method "linear", worked out by hand: h = (len(a)-1)·q, then
// a[⌊h⌋] + (a[⌊h⌋+1] - a[⌊h⌋])·(h - ⌊h⌋).
func TestQuantileNumpyLinear(t *testing.T) {
	for _, c := range []struct {
		a    []float64
		q    float64
		want float64
	}{
		{[]float64{1, 2, 3, 4, 5}, 0.025, 1.1}, // h = 0.1
		{[]float64{1, 2, 3, 4, 5}, 0.975, 4.9}, // h = 3.9
		{[]float64{1, 2, 3, 4, 5}, 0.5, 3},     // h = 2, an order statistic
		{[]float64{1, 2, 3, 4, 5}, 0, 1},
		{[]float64{1, 2, 3, 4, 5}, 1, 5},
		{[]float64{10, 20}, 0.25, 12.5},                          // h = 0.25
		{[]float64{10, 20}, 0.75, 17.5},                          // h = 0.75: numpy's b - (b-a)(1-g) branch
		{[]float64{0, 0, 1, 1, 1, 2, 5, 9}, 0.1, 0},              // h = 0.7, between two equal values
		{[]float64{0, 0, 1, 1, 1, 2, 5, 9}, 0.9, 6.2},            // h = 6.3: 5 + 4·0.3
		{[]float64{0, 0, 1, 1, 1, 2, 5, 9}, 0.8, 3.8},            // h = 5.6: 2 + 3·0.6
		{[]float64{-3, -1, 0, 2.5}, 1.0 / 3, -1},                 // h = 1
		{[]float64{7}, 0.025, 7},                                 // one value
		{[]float64{7}, 0.975, 7},                                 // one value
		{[]float64{-1e100, 1e100}, 0.5, 0},                       // no overflow
		{[]float64{0.3, 0.3, 0.3}, 0.975, 0.3},                   // equal neighbours give the value itself
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.025, 1.225}, // h = 0.225
	} {
		got := quantile(c.a, c.q)
		if math.Abs(got-c.want) > 1e-12*math.Max(1, math.Abs(c.want)) {
			t.Errorf("quantile(%v, %v) = %v; numpy gives %v", c.a, c.q, got, c.want)
		}
	}
}

// TestBootstrapMeanHandComputed works one small bootstrap out by hand. With
// seed 3, Rand.IntN(3) on rand.NewPCG(3, bootstrapStream) draws the index
// sets {2,0,2} {1,1,0} {2,2,0} {0,1,2} {1,2,2}, so x = {0, 3, 6} gives the
// resample means 4 2 4 3 5, sorted 2 3 4 4 5. At level 0.8 numpy.percentile
// (linear) takes h = 4·0.1 = 0.4 (2 + 0.4·(3-2) = 2.4) and h = 4·0.9 = 3.6
// (4 + 0.6·(5-4) = 4.6); at level 0.5, h = 1 and h = 3: exactly 3 and 4.
func TestBootstrapMeanHandComputed(t *testing.T) {
	x := []float64{0, 3, 6}
	for _, c := range []struct {
		level, low, high float64
	}{{0.8, 2.4, 4.6}, {0.5, 3, 4}} {
		m, low, high, err := BootstrapMean(x, 5, c.level, 3)
		if err != nil {
			t.Fatal(err)
		}
		if m != 3 || math.Abs(low-c.low) > 1e-12 || math.Abs(high-c.high) > 1e-12 {
			t.Errorf("level %v: got mean %v, interval [%v, %v]; want 3, [%v, %v]", c.level, m, low, high, c.low, c.high)
		}
	}
	r, err := NewResamples(3, 5, 3)
	if err != nil {
		t.Fatal(err)
	}
	means := make([]float64, 5)
	r.means(x, means, make([]float64, 3))
	if want := []float64{4, 2, 4, 3, 5}; !slices.Equal(means, want) {
		t.Errorf("resample means %v; want %v", means, want)
	}
}

// TestBootstrapMeanProperties checks, on samples of several sizes and
// shapes, that the mean is numpy.mean and the interval contains it and lies
// within [min(x), max(x)].
func TestBootstrapMeanProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, n := range []int{20, 57, 128, 200, 1535} {
		for shape, draw := range map[string]func() float64{
			"normal":      func() float64 { return 0.6 + 0.2*rng.NormFloat64() },
			"exponential": rng.ExpFloat64,
			"binary":      func() float64 { return float64(rng.IntN(2)) },
			"percent":     func() float64 { return math.Round(100 * rng.Float64()) },
		} {
			x := make([]float64, n)
			for i := range x {
				x[i] = draw()
			}
			for _, level := range []float64{0.5, 0.9, 0.95, 0.99} {
				m, low, high, err := BootstrapMean(x, DefaultResamples, level, uint64(n))
				if err != nil {
					t.Fatal(err)
				}
				if m != mean(x) {
					t.Errorf("%s n=%d: mean %v; numpy.mean is %v", shape, n, m, mean(x))
				}
				if !(low <= m && m <= high) {
					t.Errorf("%s n=%d level %v: interval [%v, %v] does not contain the mean %v", shape, n, level, low, high, m)
				}
				if low < slices.Min(x) || high > slices.Max(x) {
					t.Errorf("%s n=%d level %v: interval [%v, %v] leaves [min, max] = [%v, %v]", shape, n, level, low, high, slices.Min(x), slices.Max(x))
				}
				if low == high {
					t.Errorf("%s n=%d level %v: empty interval at %v", shape, n, level, low)
				}
			}
		}
	}
}

// TestBootstrapMeanNested checks that a higher level never gives a narrower
// interval from the same resamples.
func TestBootstrapMeanNested(t *testing.T) {
	x := bootstrapSample(300, 5)
	prevLow, prevHigh := math.Inf(1), math.Inf(-1)
	for _, level := range []float64{0.1, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999} {
		_, low, high, err := BootstrapMean(x, DefaultResamples, level, 1)
		if err != nil {
			t.Fatal(err)
		}
		if low > prevLow || high < prevHigh {
			t.Errorf("level %v: [%v, %v] does not contain the narrower [%v, %v]", level, low, high, prevLow, prevHigh)
		}
		prevLow, prevHigh = low, high
	}
}

// TestBootstrapMeanConstant checks that constant x gives low == high ==
// mean exactly: every resample is x itself, summed the same way.
func TestBootstrapMeanConstant(t *testing.T) {
	for _, c := range []struct {
		v float64
		n int
	}{{0.1, 1}, {0.1, 3}, {0.7, 200}, {1.0 / 3, 1535}, {-2.5, 1024}, {0, 10}} {
		x := slices.Repeat([]float64{c.v}, c.n)
		m, low, high, err := BootstrapMean(x, 200, 0.95, 1)
		if err != nil {
			t.Fatal(err)
		}
		if low != m || high != m || m != mean(x) {
			t.Errorf("%d × %v: mean %v, interval [%v, %v]; want all equal to numpy.mean %v", c.n, c.v, m, low, high, mean(x))
		}
	}
}

// TestBootstrapMeanDeterministic checks that a seed always gives the same
// interval and that other seeds give other intervals.
func TestBootstrapMeanDeterministic(t *testing.T) {
	x := bootstrapSample(500, 1)
	_, low, high, err := BootstrapMean(x, DefaultResamples, 0.95, 2024)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		_, l, h, _ := BootstrapMean(x, DefaultResamples, 0.95, 2024)
		if l != low || h != high {
			t.Fatalf("seed 2024 gave [%v, %v], then [%v, %v]", low, high, l, h)
		}
	}
	seen := map[[2]float64]uint64{{low, high}: 2024}
	for seed := range uint64(20) {
		_, l, h, _ := BootstrapMean(x, DefaultResamples, 0.95, seed)
		if prev, ok := seen[[2]float64{l, h}]; ok {
			t.Errorf("seeds %d and %d give the same interval [%v, %v]", prev, seed, l, h)
		}
		seen[[2]float64{l, h}] = seed
	}
}

// TestBootstrapMeanEqualsResamples checks that BootstrapMean is
// NewResamples(...).Interval bit for bit, and that one Resamples serves
// several metrics of the same rows (a paired bootstrap).
func TestBootstrapMeanEqualsResamples(t *testing.T) {
	for _, n := range []int{1, 2, 5, 64, 333, 1535} {
		metrics := [][]float64{bootstrapSample(n, 1), bootstrapSample(n, 2), bootstrapSample(n, 3)}
		for _, resamples := range []int{1, 2, 10, DefaultResamples} {
			seed := uint64(n*1000 + resamples)
			r, err := NewResamples(n, resamples, seed)
			if err != nil {
				t.Fatal(err)
			}
			for i, x := range metrics {
				for _, level := range []float64{0.9, 0.95} {
					m1, l1, h1, err1 := BootstrapMean(x, resamples, level, seed)
					m2, l2, h2, err2 := r.Interval(x, level)
					if err1 != nil || err2 != nil {
						t.Fatal(err1, err2)
					}
					if m1 != m2 || l1 != l2 || h1 != h2 {
						t.Errorf("n=%d R=%d metric %d level %v: BootstrapMean (%v, %v, %v), Interval (%v, %v, %v)", n, resamples, i, level, m1, l1, h1, m2, l2, h2)
					}
				}
			}
		}
	}
}

// TestBootstrapMeanPairedRows checks that a shared Resamples draws the same
// rows for every metric: for y = 2x + 1 every resample mean is 2·mean + 1,
// so the interval of y is the interval of x mapped the same way.
func TestBootstrapMeanPairedRows(t *testing.T) {
	x := bootstrapSample(400, 9)
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = 2*v + 1
	}
	r, err := NewResamples(len(x), DefaultResamples, 77)
	if err != nil {
		t.Fatal(err)
	}
	_, lx, hx, _ := r.Interval(x, 0.95)
	_, ly, hy, _ := r.Interval(y, 0.95)
	if math.Abs(ly-(2*lx+1)) > 1e-12 || math.Abs(hy-(2*hx+1)) > 1e-12 {
		t.Errorf("y = 2x+1: interval [%v, %v]; x's mapped is [%v, %v]", ly, hy, 2*lx+1, 2*hx+1)
	}
}

// TestBootstrapMeanWidthShrinks checks that the width falls roughly as
// 1/√n: 16 times the values, a quarter of the width.
func TestBootstrapMeanWidthShrinks(t *testing.T) {
	_, l1, h1, err := BootstrapMean(bootstrapSample(100, 11), DefaultResamples, 0.95, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, l2, h2, err := BootstrapMean(bootstrapSample(1600, 12), DefaultResamples, 0.95, 1)
	if err != nil {
		t.Fatal(err)
	}
	ratio := (h1 - l1) / (h2 - l2)
	t.Logf("width n=100 %.4f, n=1600 %.4f, ratio %.3f (√16 = 4)", h1-l1, h2-l2, ratio)
	if ratio < 3 || ratio > 5 {
		t.Errorf("width ratio n=100 / n=1600 is %.3f; want about 4", ratio)
	}
}

// TestBootstrapMeanCoverage draws 200 samples of 200 values from a skewed
// distribution with a known mean (exponential, mean 1) and checks that the
// 95% interval contains the true mean in 88% to 99% of them. The percentile
// bootstrap is known to undercover slightly for skewed data at this size.
func TestBootstrapMeanCoverage(t *testing.T) {
	if testing.Short() {
		t.Skip("8M draws")
	}
	rng := rand.New(rand.NewPCG(2718, 2818))
	const samples, n = 200, 200
	covered := 0
	x := make([]float64, n)
	for s := range samples {
		for i := range x {
			x[i] = rng.ExpFloat64()
		}
		_, low, high, err := BootstrapMean(x, DefaultResamples, 0.95, uint64(s))
		if err != nil {
			t.Fatal(err)
		}
		if low <= 1 && 1 <= high {
			covered++
		}
	}
	rate := float64(covered) / samples
	t.Logf("coverage %d/%d = %.3f", covered, samples, rate)
	if rate < 0.88 || rate > 0.99 {
		t.Errorf("the 95%% interval contains the true mean in %.1f%% of samples; want 88%% to 99%%", 100*rate)
	}
}

// TestBootstrapMeanInvalid checks that every bad input is rejected with
// ErrInvalid.
func TestBootstrapMeanInvalid(t *testing.T) {
	ok := []float64{0.1, 0.5, 0.9}
	for _, c := range []struct {
		name      string
		x         []float64
		resamples int
		level     float64
	}{
		{"nil x", nil, 100, 0.95},
		{"empty x", []float64{}, 100, 0.95},
		{"NaN", []float64{0.1, math.NaN()}, 100, 0.95},
		{"+Inf", []float64{math.Inf(1), 0.1}, 100, 0.95},
		{"-Inf", []float64{0.1, 0.2, math.Inf(-1)}, 100, 0.95},
		{"too large", []float64{0.1, 2 * MaxAbsValue}, 100, 0.95},
		{"no resamples", ok, 0, 0.95},
		{"negative resamples", ok, -5, 0.95},
		{"level 0", ok, 100, 0},
		{"level 1", ok, 100, 1},
		{"level 95", ok, 100, 95},
		{"negative level", ok, 100, -0.95},
		{"NaN level", ok, 100, math.NaN()},
		{"Inf level", ok, 100, math.Inf(1)},
	} {
		_, _, _, err := BootstrapMean(c.x, c.resamples, c.level, 1)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v; want ErrInvalid", c.name, err)
		}
	}

	for _, c := range [][2]int{{0, 10}, {-1, 10}, {10, 0}, {10, -1}} {
		if r, err := NewResamples(c[0], c[1], 1); !errors.Is(err, ErrInvalid) || r != nil {
			t.Errorf("NewResamples(%d, %d): (%v, %v); want nil and ErrInvalid", c[0], c[1], r, err)
		}
	}
	r, err := NewResamples(3, 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range [][]float64{nil, {0.1, 0.2}, {0.1, 0.2, 0.3, 0.4}, {0.1, math.NaN(), 0.3}} {
		if _, _, _, err := r.Interval(x, 0.95); !errors.Is(err, ErrInvalid) {
			t.Errorf("Interval(%v) on n=3: err = %v; want ErrInvalid", x, err)
		}
	}
	if _, _, _, err := r.Interval(ok, 1.5); !errors.Is(err, ErrInvalid) {
		t.Errorf("Interval level 1.5: err = %v; want ErrInvalid", err)
	}
}

// TestBootstrapMeanAllocs checks that BootstrapMean allocates only its one
// scratch slice.
func TestBootstrapMeanAllocs(t *testing.T) {
	x := bootstrapSample(1535, 1)
	allocs := testing.AllocsPerRun(5, func() {
		if _, _, _, err := BootstrapMean(x, DefaultResamples, 0.95, 1); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 1 {
		t.Errorf("BootstrapMean allocates %v times; want 1", allocs)
	}
}

// BenchmarkBootstrapMean1535 times one leaderboard interval: 1,000
// resamples of 1,535 values (Climate-FEVER), 1.5M draws.
func BenchmarkBootstrapMean1535(b *testing.B) {
	x := bootstrapSample(1535, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, _, err := BootstrapMean(x, DefaultResamples, 0.95, 1); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleBootstrapMean() {
	// Per-claim scores of one submission; 95% interval from 1,000 resamples.
	x := []float64{0.81, 0.74, 0.69, 0.88, 0.77, 0.65, 0.92, 0.71, 0.80, 0.76}
	m, low, high, err := BootstrapMean(x, DefaultResamples, 0.95, 1)
	if err != nil {
		panic(err)
	}
	fmt.Printf("mean %.4f, 95%% CI [%.4f, %.4f]\n", m, low, high)
	// Output:
	// mean 0.7730, 95% CI [0.7250, 0.8240]
}

func ExampleResamples() {
	// Two metrics of the same ten claims, resampled by the same rows.
	accuracy := []float64{1, 1, 0, 1, 1, 0, 1, 1, 1, 0}
	score := []float64{0.81, 0.74, 0.69, 0.88, 0.77, 0.65, 0.92, 0.71, 0.80, 0.76}
	r, err := NewResamples(len(score), DefaultResamples, 1)
	if err != nil {
		panic(err)
	}
	for _, x := range [][]float64{accuracy, score} {
		m, low, high, err := r.Interval(x, 0.95)
		if err != nil {
			panic(err)
		}
		fmt.Printf("mean %.4f, 95%% CI [%.4f, %.4f]\n", m, low, high)
	}
	// Output:
	// mean 0.7000, 95% CI [0.4000, 1.0000]
	// mean 0.7730, 95% CI [0.7250, 0.8240]
}
