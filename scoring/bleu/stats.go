package bleu

import (
	"math/rand/v2"
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
// Every distinct reference token, and every distinct reference n-gram that
// the hypothesis may share, gets an id from 1: a token from the vocabulary
// table, an n-gram as the pair (id of its first n-1 tokens, id of its last
// token) from the n-gram table. remaining[id] counts the reference's
// occurrences; each hypothesis n-gram takes one if any is left, which
// totals min(hypothesis count, reference count) per distinct n-gram: the
// clipped count. A hypothesis n-gram absent from the reference has id 0,
// and so do all its extensions.
//
// A reference n-gram can only match if its first n-1 tokens and its last
// token are found in the hypothesis (inHyp); the others get id 0 instead
// of a table entry, and so do their extensions.
type counter struct {
	seed      uint64      // of hashString, random per counter
	vocab     []vocabSlot // table of reference tokens; all slots empty between calls
	grams     []gramSlot  // table of reference n-grams; all slots empty between calls
	vocabUsed []int32     // the vocab slots this call filled
	gramsUsed []int32     // the grams slots this call filled
	ref, hyp  []uint32    // per position: the id of the n-gram starting there
	tokens    []string    // per token id: the token
	refTok    []uint32    // per position: the reference token id
	hypTok    []uint32    // per position: the hypothesis token id, 0 if unknown
	remaining []int32     // per id
	inHyp     []bool      // per id: the hypothesis has it; false for id 0
}

// vocabSlot is one slot of the vocabulary table; id 0 means empty. The
// token itself is in counter.tokens[id]; for tokens of up to 8 bytes,
// equal hash and length already mean equal tokens (see hashString).
type vocabSlot struct {
	hash uint64 // hashString(tok)
	id   uint32
	n    uint32 // len(tok)
}

// gramSlot is one slot of the n-gram table: key is (prefix id << 32 |
// token id), never 0 as ids start at 1; key and id are 0 when empty.
type gramSlot struct {
	key uint64
	id  uint32
}

var counters = sync.Pool{New: func() any { return &counter{seed: rand.Uint64()} }}

// tableSize returns the power of two at least 2*n, so that a table of n
// keys is at most half full, and its log2.
func tableSize(n int) (size, log int) {
	size, log = 8, 3
	for size < 2*n {
		size, log = size<<1, log+1
	}
	return size, log
}

func (c *counter) matches(hyp, ref []string) (m [MaxOrder]int) {
	defer c.empty()
	// Ids: 0, one per distinct reference token, one per reference n-gram
	// of order 2 and up at most.
	nIDs := 1 + MaxOrder*len(ref)
	c.remaining = grow(c.remaining, nIDs)
	c.inHyp = grow(c.inHyp, nIDs)
	remaining, inHyp := c.remaining, c.inHyp
	remaining[0], inHyp[0] = 0, false
	next := uint32(1)

	size, log := tableSize(len(ref))
	if cap(c.vocab) < size {
		c.vocab = make([]vocabSlot, size)
	}
	vocab := c.vocab[:size]
	mask, shift := uint64(size-1), 64-log
	c.refTok = grow(c.refTok, len(ref))
	c.tokens = grow(c.tokens, len(ref)+1)
	refTok, tokens := c.refTok, c.tokens
	for i, tok := range ref {
		h := hashString(tok, c.seed)
		slot := h >> shift
		for {
			e := &vocab[slot]
			if e.id == 0 {
				*e = vocabSlot{hash: h, id: next, n: uint32(len(tok))}
				tokens[next] = tok
				c.vocabUsed = append(c.vocabUsed, int32(slot))
				remaining[next], inHyp[next] = 0, false
				next++
				break
			}
			if e.hash == h && e.n == uint32(len(tok)) && (len(tok) <= 8 || tokens[e.id] == tok) {
				break
			}
			slot = (slot + 1) & mask
		}
		id := vocab[slot].id
		refTok[i] = id
		remaining[id]++
	}
	c.hypTok = grow(c.hypTok, len(hyp))
	hypTok := c.hypTok
	for i, tok := range hyp {
		h := hashString(tok, c.seed)
		slot := h >> shift
		var id uint32
		for {
			e := &vocab[slot]
			if e.id == 0 {
				break
			}
			if e.hash == h && e.n == uint32(len(tok)) && (len(tok) <= 8 || tokens[e.id] == tok) {
				id = e.id
				break
			}
			slot = (slot + 1) & mask
		}
		hypTok[i] = id
		m[0] += take(remaining, inHyp, id)
	}
	inHyp[0] = false
	if len(ref) < 2 || len(hyp) < 2 || m[0] == 0 {
		return m // no match of order 1, none of any higher order
	}

	// The n-gram table holds at most (MaxOrder-1)*len(ref) keys.
	size, log = tableSize((MaxOrder - 1) * len(ref))
	if cap(c.grams) < size {
		c.grams = make([]gramSlot, size)
	}
	grams := c.grams[:size]
	mask, shift = uint64(size-1), 64-log
	c.ref = append(c.ref[:0], refTok...)
	c.hyp = append(c.hyp[:0], hypTok...)
	refIDs, hypIDs := c.ref, c.hyp
	for n := 2; n <= MaxOrder; n++ {
		for i := 0; i+n <= len(refIDs); i++ {
			prefix, last := refIDs[i], refTok[i+n-1]
			if !inHyp[prefix] || !inHyp[last] {
				refIDs[i] = 0 // the hypothesis has no such n-gram
				continue
			}
			key := uint64(prefix)<<32 | uint64(last)
			slot := (key * 0x9e3779b97f4a7c15) >> shift
			for grams[slot].key != 0 && grams[slot].key != key {
				slot = (slot + 1) & mask
			}
			g := &grams[slot]
			if g.key == 0 {
				g.key, g.id = key, next
				c.gramsUsed = append(c.gramsUsed, int32(slot))
				remaining[next], inHyp[next] = 0, false
				next++
			}
			id := g.id
			refIDs[i] = id
			remaining[id]++
		}
		for i := 0; i+n <= len(hypIDs); i++ {
			prefix, last := hypIDs[i], hypTok[i+n-1]
			// No key has a 0 half (id 0 is never in the hypothesis), so
			// an n-gram with an unknown part finds an empty slot: id 0.
			key := uint64(prefix)<<32 | uint64(last)
			slot := (key * 0x9e3779b97f4a7c15) >> shift
			for grams[slot].key != 0 && grams[slot].key != key {
				slot = (slot + 1) & mask
			}
			id := grams[slot].id
			hypIDs[i] = id
			m[n-1] += take(remaining, inHyp, id)
		}
		inHyp[0] = false
		if m[n-1] == 0 {
			break // no match of order n, none of any higher order
		}
	}
	return m
}

// take marks id as found in the hypothesis and takes one of its remaining
// reference occurrences, returning 1 if there was one; id 0 (unknown)
// never has any, and inHyp[0] must be reset to false after the loop. It
// has no branch: which way one would go is random on real text.
func take(remaining []int32, inHyp []bool, id uint32) int {
	r := remaining[id]
	inHyp[id] = true
	t := int32(0)
	if r > 0 {
		t = 1
	}
	remaining[id] = r - t
	return int(t)
}

// empty empties the table slots the call filled, so the next call starts
// from empty tables without clearing all of them, and the pooled counter
// keeps no tokens alive.
func (c *counter) empty() {
	for _, slot := range c.vocabUsed {
		c.vocab[slot] = vocabSlot{}
	}
	for _, slot := range c.gramsUsed {
		c.grams[slot] = gramSlot{}
	}
	clear(c.tokens)
	c.vocabUsed, c.gramsUsed = c.vocabUsed[:0], c.gramsUsed[:0]
}

// hashString hashes s with seed; the table takes the top bits. Each block
// of up to 8 bytes is read whole (the last, shorter ones as overlapping or
// sampled bytes that, with the length in the start value, tell apart all
// strings of one length) and mixed in with a multiply.
func hashString(s string, seed uint64) uint64 {
	h := seed ^ uint64(len(s))*0x9e3779b97f4a7c15
	for len(s) > 8 {
		v := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		h = (h ^ v) * 0xbf58476d1ce4e5b9
		h ^= h >> 31
		s = s[8:]
	}
	var v uint64
	switch n := len(s); {
	case n >= 4:
		v = uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			(uint64(s[n-4])|uint64(s[n-3])<<8|uint64(s[n-2])<<16|uint64(s[n-1])<<24)<<32
	case n > 0:
		v = uint64(s[0]) | uint64(s[n>>1])<<8 | uint64(s[n-1])<<16
	}
	h = (h ^ v) * 0x94d049bb133111eb
	h ^= h >> 29
	return h * 0xbf58476d1ce4e5b9
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
