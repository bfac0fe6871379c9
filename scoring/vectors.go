package scoring

import (
	"fmt"
	"math"
)

// VectorSignature is the signature of scores computed from vectors the
// client embedded itself.
var VectorSignature = Signature{Embedder: "client-provided", Splitter: "none"}

// ScoreVectors computes CEC from precomputed sentence vectors. Both sides
// must hold vectors of one common length with finite numbers.
func (s *Scorer) ScoreVectors(gen, ref [][]float64, opts Options) (Result, error) {
	thr, err := opts.threshold()
	if err != nil {
		return Result{}, err
	}
	dim := -1
	for _, side := range []struct {
		name string
		vecs [][]float64
	}{{"generated_embeddings", gen}, {"reference_embeddings", ref}} {
		if len(side.vecs) > s.cfg.Limits.MaxVectorsPerSide {
			return Result{}, &LimitError{Field: side.name, Limit: "max_vectors_per_side", Max: s.cfg.Limits.MaxVectorsPerSide, Got: len(side.vecs)}
		}
		for i, v := range side.vecs {
			field := fmt.Sprintf("%s[%d]", side.name, i)
			if len(v) == 0 {
				return Result{}, &InvalidError{Field: field, Reason: "a vector needs at least one number"}
			}
			if len(v) > s.cfg.Limits.MaxVectorDimension {
				return Result{}, &LimitError{Field: field, Limit: "max_vector_dimension", Max: s.cfg.Limits.MaxVectorDimension, Got: len(v)}
			}
			if dim < 0 {
				dim = len(v)
			} else if len(v) != dim {
				return Result{}, &InvalidError{Field: field, Reason: fmt.Sprintf("has %d dimensions but the first vector has %d: all vectors must have the same dimension", len(v), dim)}
			}
			for k, x := range v {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					return Result{}, &InvalidError{Field: fmt.Sprintf("%s[%d]", field, k), Reason: "must be a finite number"}
				}
			}
		}
	}
	return Result{
		Coherence: CEC(gen, ref, thr),
		Signature: VectorSignature,
		Warnings:  emptyWarnings(len(gen), len(ref), "side"),
	}, nil
}
