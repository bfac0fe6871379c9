package bleu

// gramSlot is one slot of hashedGrams's table: key is (prefix id << 32 |
// token id), never 0 as ids start at 1; key and id are 0 when empty.
type gramSlot struct {
	key uint64
	id  uint32
}

// hashedScratch is the scratch space of hashedGrams.
type hashedScratch struct {
	grams     []gramSlot // all slots empty between calls
	gramsUsed []int32    // the slots this call filled
	remaining []int32    // per id
	inHyp     []bool     // per id: the hypothesis has it; false for id 0
}

// hashedGrams does what directGrams does, for pairs whose direct table
// would be too large (long texts), from the same token ids. Each reference
// n-gram whose first n-1 tokens and last token the hypothesis has gets an
// id from a hash table keyed by the pair (id of the first n-1 tokens, id
// of the last token); the others get id 0, and so do their extensions.
// Ids follow the token ids, so that no key of one order equals one of
// another. remaining[id] counts the reference's occurrences and each
// hypothesis n-gram takes one if any is left.
func (c *counter) hashedGrams(m *[MaxOrder]int, vocab int) {
	refTok, hypTok, h := c.refTok, c.hypTok, &c.hashed
	// Ids: 0, the tokens, one per reference n-gram at most.
	nIDs := vocab + 1 + (MaxOrder-1)*len(refTok)
	h.remaining = grow(h.remaining, nIDs)
	h.inHyp = grow(h.inHyp, nIDs)
	remaining, inHyp := h.remaining, h.inHyp
	clear(inHyp[:vocab+1])
	for _, id := range hypTok {
		inHyp[id] = true
	}
	inHyp[0] = false
	next := uint32(vocab + 1)

	// The table holds at most (MaxOrder-1)*len(refTok) keys, and is at
	// most half full.
	size, log := 8, 3
	for size < 2*(MaxOrder-1)*len(refTok) {
		size, log = size<<1, log+1
	}
	if cap(h.grams) < size {
		h.grams = make([]gramSlot, size)
	}
	grams := h.grams[:size]
	mask, shift := uint64(size-1), 64-log
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
				h.gramsUsed = append(h.gramsUsed, int32(slot))
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
			r := remaining[id]
			if r > 0 {
				remaining[id] = r - 1
				m[n-1]++
			}
			inHyp[id] = true
		}
		inHyp[0] = false
		if m[n-1] == 0 {
			break // no match of order n, none of any higher order
		}
	}
	for _, slot := range h.gramsUsed {
		grams[slot] = gramSlot{}
	}
	h.gramsUsed = h.gramsUsed[:0]
}
