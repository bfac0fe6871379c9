package lora

import (
	"fmt"
	"math"
)

// Defaults for the zero Options.
const (
	DefaultRank  = 16
	DefaultAlpha = 32
)

// Options control Extract. The zero value is usable.
type Options struct {
	// Rank is the rank r of every adapted matrix (default DefaultRank);
	// a matrix with a smaller dimension gets that dimension.
	Rank int
	// Alpha is written as adapter.lora.alpha (default DefaultAlpha).
	// llama.cpp scales B·A by alpha/r when it applies the adapter; Extract
	// compensates, so any alpha gives the same effective weights.
	Alpha float64
	// Include selects the tensors to adapt; the selected tensors must be
	// 2-D. Default: DefaultInclude. Selecting "token_embd.weight" gives it
	// llama.cpp's transposed embedding layout; do not select it for a
	// model whose output matrix is tied to the embedding.
	Include func(name string, dims []uint64) bool
	// Seed makes the randomized SVDs reproducible.
	Seed uint64
	// Progress, if set, is called after each included matrix with the
	// number done and the number included.
	Progress func(done, total int)
}

// withDefaults returns o with zero fields replaced by their defaults, or an
// error for values that make no adapter.
func (o Options) withDefaults() (Options, error) {
	if o.Rank == 0 {
		o.Rank = DefaultRank
	}
	if o.Rank < 0 {
		return o, fmt.Errorf("lora: rank %d: must be positive", o.Rank)
	}
	if o.Alpha == 0 {
		o.Alpha = DefaultAlpha
	}
	if !(o.Alpha > 0) || math.IsInf(o.Alpha, 0) || float32(o.Alpha) == 0 || math.IsInf(float64(float32(o.Alpha)), 0) {
		return o, fmt.Errorf("lora: alpha %v: must be a positive float32 (llama.cpp treats 0 as \"no scaling\")", o.Alpha)
	}
	if o.Include == nil {
		o.Include = DefaultInclude
	}
	return o, nil
}
