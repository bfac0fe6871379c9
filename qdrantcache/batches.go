package qdrantcache

// Bounds of one retrieve or upsert: a call's points go in one request up
// to these, in several only above them.
const (
	maxBatch      = 1000
	maxBatchBytes = 16 << 20 // well under Qdrant's default 32 MiB request limit
)

// span is the half-open range [from, to) of a batch.
type span struct{ from, to int }

// batches cuts n items into consecutive spans of at most maxBatch items
// and, past the first item of a span, at most maxBatchBytes as size(i)
// estimates them.
func batches(n int, size func(i int) int) []span {
	var out []span
	from, bytes := 0, 0
	for i := range n {
		b := size(i)
		if i > from && (i-from == maxBatch || bytes+b > maxBatchBytes) {
			out = append(out, span{from, i})
			from, bytes = i, 0
		}
		bytes += b
	}
	if n > from {
		out = append(out, span{from, n})
	}
	return out
}
