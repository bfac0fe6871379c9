package scoring

import "strings"

// MetricVersion is the version of the CEC definition this package computes.
// Bump it whenever a change could move any score.
const MetricVersion = "1"

// Signature identifies everything a CEC value depends on, sacreBLEU-style,
// so that a number can be reproduced.
type Signature struct {
	// Embedder is the embedder id, e.g. "use-lite-en@0.2.0", or
	// "client-provided" for precomputed vectors.
	Embedder string
	// Weights is the embedder's weights checksum (a sha256 prefix) or "".
	Weights string
	// Splitter names the sentence splitter, "none" for precomputed vectors.
	Splitter string
}

// String renders the signature as "cec|v:1|emb:...|weights:...|split:...|sim:cos|agg:mean-max".
func (s Signature) String() string {
	parts := []string{"cec", "v:" + MetricVersion, "emb:" + s.Embedder}
	if s.Weights != "" {
		w := s.Weights
		if len(w) > 12 {
			w = w[:12]
		}
		parts = append(parts, "weights:sha256."+w)
	}
	parts = append(parts, "split:"+s.Splitter, "sim:cos", "agg:mean-max")
	return strings.Join(parts, "|")
}

// namespace is the cache namespace of an embedder: vectors are only reused
// for the same embedder id and weights.
func (s Signature) namespace() string { return s.Embedder + "#" + s.Weights }
