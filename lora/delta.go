package lora

import (
	"hash/fnv"
	"math"
)

// subtractInto overwrites tuned with tuned − base and returns it with its
// Frobenius norm. gguf.Reader.ReadF32 returns a fresh slice per call, so
// reusing it saves a tensor-sized allocation.
func subtractInto(tuned, base []float32) ([]float32, float64) {
	var s float64
	for i, b := range base {
		tuned[i] -= b
		s += float64(tuned[i]) * float64(tuned[i])
	}
	return tuned, math.Sqrt(s)
}

// relChange returns ||tuned − base|| / ||base|| (1 when base is all zeros
// and tuned is not) and whether tuned differs from base at all.
func relChange(base, tuned []float32) (float64, bool) {
	var diff, norm float64
	changed := false
	for i, b := range base {
		t := tuned[i]
		if t != b {
			changed = true
		}
		e := float64(t) - float64(b)
		diff += e * e
		norm += float64(b) * float64(b)
	}
	switch {
	case !changed:
		return 0, false
	case norm == 0:
		return 1, true
	}
	return math.Sqrt(diff / norm), true
}

// matrixSeed derives the seed of one matrix's randomized SVD from the
// user's seed and the tensor name, so a matrix's factors do not depend on
// which other tensors are included.
func matrixSeed(seed uint64, name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return seed ^ h.Sum64()
}
