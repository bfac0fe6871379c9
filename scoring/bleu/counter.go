package bleu

import (
	"math/rand/v2"
	"sync"
)

// counter is the reusable scratch space of Count.
//
// On real text, which way a branch would go is random (is this token
// new, is it in the other text, how long is it), and mispredictions would
// cost about as much as the work itself; so the loops compute both ways
// and select with conditional moves, and only branch on rare cases.
//
// unigrams numbers the tokens: every distinct reference token gets an id
// from 1 from the vocabulary table (vocabTable, keyed by tokenKey), each
// hypothesis token the id of the same reference token, or 0 if the
// reference lacks it; it counts order 1 on these ids. Orders 2 and up only
// need the ids: directGrams counts them in a table indexed by ids, or
// hashedGrams in a hash table when that table would be too large (long
// texts).
type counter struct {
	seed    uint64            // of the vocabulary table's hash, random per counter
	vocab   vocabTable        // of reference tokens; all slots empty between calls
	long    map[string]uint64 // see longKey; empty between calls
	refKeys []tokenKey        // per position: the reference token's key
	hypKeys []tokenKey        // per position: the hypothesis token's key
	nTokens int               // the ids this call gave reference tokens: 1..nTokens
	slots   []uint32          // per token id: its vocab slot
	refTok  []uint32          // per position: the reference token id
	hypTok  []uint32          // per position: the hypothesis token id, 0 if unknown

	ref, hyp []uint32 // per position: the id of the n-gram starting there
	refCell  []uint32 // per reference position: its directGrams cell
	cells    []cell   // directGrams's table; all cells empty between calls

	remaining []uint32 // per token id: reference occurrences not yet taken

	hashed hashedScratch
}

var counters = sync.Pool{New: func() any { return &counter{seed: rand.Uint64()} }}

// matches returns the clipped matches of each order, for non-empty hyp
// and ref. Each is a sum of min(count in hyp, count in ref) over n-grams,
// the same with hyp and ref swapped, so the shorter text is the one the
// tables are built from: fewer insertions, smaller tables.
func (c *counter) matches(hyp, ref []string) (m [MaxOrder]int) {
	defer c.empty()
	if len(hyp) < len(ref) {
		hyp, ref = ref, hyp
	}
	m[0] = c.unigrams(hyp, ref)
	if len(ref) < 2 || len(hyp) < 2 || m[0] == 0 {
		return m // no match of order 1, none of any higher order
	}
	if directCells(len(ref), c.nTokens) <= maxCells {
		c.directGrams(&m, c.nTokens)
	} else {
		c.hashedGrams(&m, c.nTokens)
	}
	return m
}

// unigrams numbers the tokens (c.refTok, c.hypTok, c.nTokens) and returns
// the clipped matches of order 1: each hypothesis token takes one of the
// reference's occurrences if one is left, which totals min(hypothesis
// count, reference count) per token. Whether one is left is random on real
// text, so that is no branch.
func (c *counter) unigrams(hyp, ref []string) int {
	c.refKeys, c.hypKeys = c.keys(c.refKeys, ref), c.keys(c.hypKeys, hyp)
	c.vocab.reset(len(ref), c.seed)
	c.refTok = grow(c.refTok, len(ref))
	c.hypTok = grow(c.hypTok, len(hyp))
	c.slots = grow(c.slots, len(ref)+1)
	c.nTokens = c.vocab.insert(c.refKeys, c.refTok, c.slots)
	c.vocab.lookUp(c.hypKeys, c.hypTok)
	c.remaining = grow(c.remaining, c.nTokens+1)
	remaining := c.remaining
	clear(remaining)
	for _, id := range c.refTok {
		remaining[id]++
	}
	took := 0
	for _, id := range c.hypTok {
		r := remaining[id]
		d := b2u(r > 0)
		remaining[id] = r - d
		took += int(d)
	}
	return took
}

// empty empties the table slots the call filled, so the next call starts
// from empty tables without clearing all of them, and the pooled counter
// keeps no tokens alive.
func (c *counter) empty() {
	for id := 1; id <= c.nTokens; id++ {
		c.vocab.slots[c.slots[id]] = vocabSlot{}
	}
	if len(c.long) > 0 {
		clear(c.long)
	}
	c.nTokens = 0
}

// grow returns b resized to n elements, reusing its array when it can.
func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		return make([]T, n)
	}
	return b[:n]
}
