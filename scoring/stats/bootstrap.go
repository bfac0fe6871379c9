package stats

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
)

// DefaultResamples is the number of bootstrap resamples the leaderboard uses
// for its per-metric confidence intervals.
const DefaultResamples = 1000

// bootstrapStream is the second seed word of the PCG behind every bootstrap:
// rand.NewPCG(seed, bootstrapStream). It is part of the determinism
// contract: changing it changes every interval ever published.
const bootstrapStream = 0x9e3779b97f4a7c15

// BootstrapMean returns the mean of x and the percentile bootstrap interval
// of the mean at the given level (0.95 for 95%): `resamples` resamples of
// len(x) values drawn with replacement from x by a PCG generator seeded with
// seed (math/rand/v2, rand.NewPCG(seed, a fixed second word)), each
// resample's mean computed, the interval being the (1-level)/2 and
// (1+level)/2 quantiles of those means with linear interpolation between
// order statistics (numpy.percentile's default "linear" method).
// Deterministic for a given seed. Errors wrapping ErrInvalid: empty x, a
// non-finite value, resamples < 1, level not in (0,1).
//
// Like PairedTests it also rejects a value larger in magnitude than
// MaxAbsValue, so that every mean is finite. The mean and each resample's
// mean are numpy.mean of the values (pairwise summation, as in PairedTests);
// the draws are described at Resamples. BootstrapMean(x, R, level, seed)
// equals NewResamples(len(x), R, seed).Interval(x, level) bit for bit.
func BootstrapMean(x []float64, resamples int, level float64, seed uint64) (mean, low, high float64, err error) {
	if len(x) == 0 {
		return 0, 0, 0, fmt.Errorf("%w: x is empty; the bootstrap needs at least one value", ErrInvalid)
	}
	r, err := newResamples(len(x), resamples, seed)
	if err != nil {
		return 0, 0, 0, err
	}
	return r.Interval(x, level)
}

// Resamples draws `resamples` index sets of n indices each (with
// replacement) from a PCG seeded with seed; BootstrapMean's draws for (n,
// resamples, seed) are exactly these.
//
// The draws come from one generator, pcg := rand.NewPCG(seed, a fixed second
// word), resample after resample and index after index. Each index is the
// value rand.New(pcg).IntN(n) gives on a 64-bit platform (Lemire's
// multiply-shift on pcg.Uint64 with its rejection step, so exactly uniform;
// a power-of-two n masks), computed without the interface call and the same
// way on every platform, so the draws do not depend on GOARCH.
//
// A Resamples stores only n, the count and the seed: every Interval call
// regenerates the same stream. Storing the indices would take 4·n·resamples
// bytes (6 MB for n=1535 and 1000 resamples), and storing how often each row
// is drawn in each resample n·resamples counts (3 MB as uint16) and a mean
// Σcount·x/n that rounds differently from numpy.mean(x[idx]); regenerating
// costs little more than reading either back: one PCG step and one multiply
// per draw. Each metric's interval therefore costs the same as a
// BootstrapMean call, and the rows drawn are the same for every metric (a
// paired bootstrap). A Resamples is immutable and safe for concurrent use.
type Resamples struct {
	n         int
	resamples int
	seed      uint64
}

// NewResamples returns the resamples of n indices drawn with seed. It returns
// an error wrapping ErrInvalid when n < 1 or resamples < 1.
func NewResamples(n, resamples int, seed uint64) (*Resamples, error) {
	r, err := newResamples(n, resamples, seed)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// newResamples is NewResamples returning a value, so that BootstrapMean
// allocates nothing but Interval's scratch.
func newResamples(n, resamples int, seed uint64) (Resamples, error) {
	if n < 1 {
		return Resamples{}, fmt.Errorf("%w: n is %d; the bootstrap needs at least one value", ErrInvalid, n)
	}
	if resamples < 1 {
		return Resamples{}, fmt.Errorf("%w: %d resamples asked for; the bootstrap needs at least 1", ErrInvalid, resamples)
	}
	return Resamples{n: n, resamples: resamples, seed: seed}, nil
}

// Interval returns the mean of x and its percentile interval at level using
// these resamples; len(x) must be n (else ErrInvalid).
//
// It also returns an error wrapping ErrInvalid when a value is not finite or
// exceeds MaxAbsValue in magnitude, or level is not in (0, 1). It allocates
// one slice of resamples+n float64s: the resample means and the values of the
// resample being drawn.
func (r *Resamples) Interval(x []float64, level float64) (mean, low, high float64, err error) {
	if len(x) != r.n {
		return 0, 0, 0, fmt.Errorf("%w: x has %d values and the resamples draw from %d", ErrInvalid, len(x), r.n)
	}
	for i, v := range x {
		if !isFinite(v) {
			return 0, 0, 0, fmt.Errorf("%w: x[%d] is %v; values must be finite numbers", ErrInvalid, i, v)
		}
		if math.Abs(v) > MaxAbsValue {
			return 0, 0, 0, fmt.Errorf("%w: x[%d] is %v; values must lie within ±%g", ErrInvalid, i, v, MaxAbsValue)
		}
	}
	if !(level > 0 && level < 1) {
		return 0, 0, 0, fmt.Errorf("%w: level is %v; it must lie strictly between 0 and 1 (0.95 for a 95%% interval)", ErrInvalid, level)
	}

	scratch := make([]float64, r.resamples+r.n)
	means, buf := scratch[:r.resamples:r.resamples], scratch[r.resamples:]
	r.means(x, means, buf)
	slices.Sort(means)
	// numpy.mean(x); the function mean is shadowed by the result's name.
	mean = pairwiseSum(x) / float64(len(x))
	return mean, quantile(means, (1-level)/2), quantile(means, (1+level)/2), nil
}

// means writes the mean of each resample of x into out, in the order drawn;
// buf holds len(x) values. Each mean is numpy.mean(x[idx]) for the
// resample's indices idx.
//
// Each index is what rand.New(pcg).IntN(len(x)) returns on a 64-bit
// platform (math/rand/v2's uint64n): a power-of-two n masks the low bits of
// pcg.Uint64(); any other n takes the high word of pcg.Uint64()·n (Lemire's
// multiply-shift) and draws again while the low word is below 2⁶⁴ mod n,
// which makes every index exactly equally likely. The draw is written out
// here rather than called through rand.Rand (an interface call per draw) or
// a helper (too large for the compiler to inline): for n = 1535 this takes
// about 30% less time than IntN.
func (r *Resamples) means(x, out, buf []float64) {
	pcg := rand.NewPCG(r.seed, bootstrapStream)
	n := uint64(len(x))
	fn := float64(len(x))
	buf = buf[:len(x)]
	if n&(n-1) == 0 { // a power of two (or 1): mask
		mask := n - 1
		for k := range out {
			for j := range buf {
				buf[j] = x[pcg.Uint64()&mask]
			}
			out[k] = pairwiseSum(buf) / fn
		}
		return
	}
	thresh := -n % n // 2⁶⁴ mod n
	for k := range out {
		for j := range buf {
			hi, lo := bits.Mul64(pcg.Uint64(), n)
			for lo < thresh { // probability below n/2⁶⁴ per draw
				hi, lo = bits.Mul64(pcg.Uint64(), n)
			}
			buf[j] = x[hi]
		}
		out[k] = pairwiseSum(buf) / fn
	}
}

// quantile is numpy.quantile(sorted, q) with numpy 1.24's default method
// "linear", for sorted values and q in [0, 1]: the virtual index h = (m-1)q
// falls between the order statistics a = sorted[⌊h⌋] and b = sorted[⌊h⌋+1],
// and the value is numpy's _lerp(a, b, g) for g = h - ⌊h⌋, which computes
// a + (b-a)g when g < 0.5 and b - (b-a)(1-g) otherwise.
func quantile(sorted []float64, q float64) float64 {
	h := float64(len(sorted)-1) * q
	f := math.Floor(h)
	g := h - f
	i := int(f)
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	if i < 0 {
		return sorted[0]
	}
	a, b := sorted[i], sorted[i+1]
	d := b - a
	if g >= 0.5 {
		return b - float64(d*(1-g)) // no FMA, as numpy
	}
	return a + float64(d*g)
}
