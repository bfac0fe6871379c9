package bleu

import (
	"math/bits"
	"sync"
)

// MaxOrder is the largest n-gram order counted, the default of both
// reference implementations.
const MaxOrder = 4

// Stats are BLEU's sufficient statistics for one hypothesis and one
// reference, or summed over a corpus. Both reference implementations count
// the same things with one reference: tensorflow/nmt's matches_by_order and
// possible_matches_by_order, sacreBLEU's correct and total.
type Stats struct {
	// HypLen and RefLen are the token counts.
	HypLen, RefLen int
	// Matches[n-1] is the number of hypothesis n-grams found in the
	// reference, each n-gram clipped to its count there.
	Matches [MaxOrder]int
	// Totals[n-1] is the number of hypothesis n-grams, max(0, HypLen-n+1).
	Totals [MaxOrder]int
}

// Add returns the sum of s and o, as a corpus adds its sentences.
func (s Stats) Add(o Stats) Stats {
	s.HypLen += o.HypLen
	s.RefLen += o.RefLen
	for i := range s.Matches {
		s.Matches[i] += o.Matches[i]
		s.Totals[i] += o.Totals[i]
	}
	return s
}

// Count returns the statistics of hypothesis tokens hyp against reference
// tokens ref.
func Count(hyp, ref []string) Stats {
	s := Stats{HypLen: len(hyp), RefLen: len(ref)}
	for n := 1; n <= MaxOrder; n++ {
		s.Totals[n-1] = max(0, len(hyp)-n+1)
	}
	if len(hyp) == 0 || len(ref) == 0 {
		return s
	}
	c := counters.Get().(*counter)
	defer counters.Put(c)
	s.Matches = c.matches(hyp, ref)
	return s
}

// counter is the reusable scratch space of Count.
//
// Every distinct n-gram of the reference gets an id: a unigram its token's
// id (from 1), an n-gram the id of the pair (id of its first n-1 tokens,
// id of its last token), found in an open-addressing table. remaining[id]
// counts the reference's occurrences; each hypothesis n-gram takes one if
// any is left, which totals min(hypothesis count, reference count) per
// distinct n-gram: the clipped count. A hypothesis n-gram absent from the
// reference has id 0, and so do all its extensions.
type counter struct {
	vocab     map[string]uint32
	ref, hyp  []uint32 // per position: the id of the n-gram starting there
	refTok    []uint32 // per position: the reference token id
	hypTok    []uint32 // per position: the hypothesis token id, 0 if unknown
	remaining []int32  // per n-gram id
	keys      []uint64 // table: (prefix id << 32 | token id), 0 = empty
	vals      []uint32 // table: n-gram id
}

var counters = sync.Pool{New: func() any { return &counter{vocab: make(map[string]uint32)} }}

func (c *counter) matches(hyp, ref []string) (m [MaxOrder]int) {
	if len(c.vocab) > 1<<12 {
		c.vocab = make(map[string]uint32) // clear would cost its whole capacity on every later call
	} else {
		clear(c.vocab)
	}
	c.refTok = grow(c.refTok, len(ref))
	c.ref = grow(c.ref, len(ref))
	c.remaining = append(c.remaining[:0], 0) // id 0: absent
	for i, tok := range ref {
		id, ok := c.vocab[tok]
		if !ok {
			id = uint32(len(c.remaining))
			c.vocab[tok] = id
			c.remaining = append(c.remaining, 0)
		}
		c.refTok[i], c.ref[i] = id, id
		c.remaining[id]++
	}
	c.hypTok = grow(c.hypTok, len(hyp))
	c.hyp = grow(c.hyp, len(hyp))
	for i, tok := range hyp {
		id := c.vocab[tok]
		c.hypTok[i], c.hyp[i] = id, id
		if id != 0 && c.remaining[id] > 0 {
			c.remaining[id]--
			m[0]++
		}
	}
	if len(ref) < 2 || len(hyp) < 2 {
		return m
	}

	// The table holds at most (MaxOrder-1)*len(ref) keys; keep it at most
	// half full.
	size := 1
	for size < 2*(MaxOrder-1)*len(ref) {
		size <<= 1
	}
	c.keys = grow(c.keys, size)
	clear(c.keys)
	c.vals = grow(c.vals, size)
	shift := 64 - bits.TrailingZeros(uint(size))
	for n := 2; n <= MaxOrder; n++ {
		for i := 0; i+n <= len(ref); i++ {
			key := uint64(c.ref[i])<<32 | uint64(c.refTok[i+n-1])
			slot := c.find(key, shift)
			if c.keys[slot] == 0 {
				c.keys[slot] = key
				c.vals[slot] = uint32(len(c.remaining))
				c.remaining = append(c.remaining, 0)
			}
			id := c.vals[slot]
			c.ref[i] = id
			c.remaining[id]++
		}
		for i := 0; i+n <= len(hyp); i++ {
			prefix, last := c.hyp[i], c.hypTok[i+n-1]
			id := uint32(0)
			if prefix != 0 && last != 0 {
				if slot := c.find(uint64(prefix)<<32|uint64(last), shift); c.keys[slot] != 0 {
					id = c.vals[slot]
				}
			}
			c.hyp[i] = id
			if id != 0 && c.remaining[id] > 0 {
				c.remaining[id]--
				m[n-1]++
			}
		}
	}
	return m
}

// find returns the slot of key in the table, or the empty slot where it
// would go.
func (c *counter) find(key uint64, shift int) int {
	mask := len(c.keys) - 1
	slot := int((key * 0x9e3779b97f4a7c15) >> shift)
	for c.keys[slot] != 0 && c.keys[slot] != key {
		slot = (slot + 1) & mask
	}
	return slot
}

// grow returns b resized to n elements, reusing its array when it can.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}

// PairStats tokenizes a hypothesis and a reference with 13a and returns
// their statistics as HF evaluate counts them (hf) and as sacreBLEU counts
// them (sacre). The two can differ only when a text's trailing whitespace
// starts with a newline, which HF's tokenizer joins with a "-" before it
// (see SacreTokens); otherwise each text is tokenized once and sacre
// equals hf.
func PairStats(hypothesis, reference string) (hf, sacre Stats) {
	hyp, ref := Tokenize13a(hypothesis), Tokenize13a(reference)
	hf = Count(hyp, ref)
	hypDiffers, refDiffers := sacreDiffers(hypothesis), sacreDiffers(reference)
	if !hypDiffers && !refDiffers {
		return hf, hf
	}
	if hypDiffers {
		hyp = SacreTokens(hypothesis)
	}
	if refDiffers {
		ref = SacreTokens(reference)
	}
	return hf, Count(hyp, ref)
}
