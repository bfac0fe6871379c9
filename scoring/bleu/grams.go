package bleu

// maxCells bounds the direct n-gram table: pairs that would need more
// cells take the hashed path (hashedGrams). A reference of a few hundred
// tokens fits.
const maxCells = 1 << 16

// cell is one entry of the direct n-gram table: n counts the reference's
// occurrences of an n-gram not yet taken by the hypothesis, id is the
// n-gram's id (from 1, in order of first reference occurrence), 0 while it
// has none. Both fit in 16 bits, as the table has more cells than the
// reference has tokens; small cells make more of the table fit in the CPU
// cache.
type cell struct {
	n, id uint16
}

// directCells returns the size of directGrams's table for a reference of
// refLen tokens, vocab of them distinct: a row per id of an (n-1)-gram (at
// most vocab for n = 2, fewer than refLen above), a column per token id
// (0..vocab).
func directCells(refLen, vocab int) int {
	return max(refLen, vocab+1) * (vocab + 1)
}

// directGrams adds the clipped matches of orders 2..MaxOrder to m, from the
// token ids in c.refTok (1..vocab) and c.hypTok (0 where the reference
// lacks the token), without hashing.
//
// An n-gram is the pair (id of its first n-1 tokens, id of its last
// token); both are numbered densely from 0, so the pair indexes a table of
// cells directly: no collisions, nothing to compare. Every reference
// n-gram gets a cell and an id; a hypothesis n-gram with a part the
// reference lacks has a 0 in the pair, a row or column where the
// reference never counts: no match, and id 0 for its extensions. No
// branch depends on the text, so varied real text costs no
// mispredictions.
//
// Each order starts from an empty table: the reference's cells are
// emptied after it (the hypothesis only ever lowers counts), so a call
// touches a few hundred cells however large the table.
func (c *counter) directGrams(m *[MaxOrder]int, vocab int) {
	refTok, hypTok := c.refTok, c.hypTok
	w := uint32(vocab + 1)
	c.cells = grow(c.cells, directCells(len(refTok), vocab))
	cells := c.cells
	c.ref = append(c.ref[:0], refTok...)
	c.hyp = append(c.hyp[:0], hypTok...)
	c.refCell = grow(c.refCell, len(refTok))
	for n := 2; n <= MaxOrder; n++ {
		at := c.refCell[:len(refTok)-n+1]
		if n < MaxOrder {
			countRef(cells, c.ref, refTok[n-1:], at, w)
			m[n-1] = takeHyp(cells, c.hyp, hypTok[n-1:], w)
		} else { // the n-grams need no ids
			countLastRef(cells, c.ref, refTok[n-1:], at, w)
			m[n-1] = takeLastHyp(cells, c.hyp, hypTok[n-1:], w)
		}
		for _, k := range at {
			cells[k] = cell{}
		}
		if m[n-1] == 0 {
			return // no match of order n, none of any higher order
		}
	}
}

// countRef counts the reference n-grams (prefix[i], last[i]) in cells,
// giving each new one the next id, replaces prefix[i] with the n-gram's
// id and sets at[i] to its cell.
func countRef(cells []cell, prefix, last, at []uint32, w uint32) {
	next := uint32(1)
	prefix, at = prefix[:len(last)], at[:len(last)]
	for i, t := range last {
		k := prefix[i]*w + t
		e := &cells[k]
		isNew := b2u(e.n == 0)
		id := uint32(e.id) | next&-isNew
		next += isNew
		e.n++
		e.id = uint16(id)
		prefix[i] = id
		at[i] = k
	}
}

// takeHyp takes, for each hypothesis n-gram (prefix[i], last[i]), one of
// the reference's occurrences left in cells if there is one, returns how
// many it took, and replaces prefix[i] with the n-gram's id, 0 if the
// reference lacks it.
func takeHyp(cells []cell, prefix, last []uint32, w uint32) (took int) {
	prefix = prefix[:len(last)]
	for i, t := range last {
		e := &cells[prefix[i]*w+t]
		r := e.n
		d := uint16(b2u(r > 0))
		e.n = r - d
		took += int(d)
		prefix[i] = uint32(e.id)
	}
	return took
}

// countLastRef is countRef without the ids, for the last order.
func countLastRef(cells []cell, prefix, last, at []uint32, w uint32) {
	prefix, at = prefix[:len(last)], at[:len(last)]
	for i, t := range last {
		k := prefix[i]*w + t
		cells[k].n++
		at[i] = k
	}
}

// takeLastHyp is takeHyp without the ids, for the last order.
func takeLastHyp(cells []cell, prefix, last []uint32, w uint32) (took int) {
	prefix = prefix[:len(last)]
	for i, t := range last {
		e := &cells[prefix[i]*w+t]
		r := e.n
		d := uint16(b2u(r > 0))
		e.n = r - d
		took += int(d)
	}
	return took
}

// b2u is 1 for true and 0 for false, which the compiler computes with a
// SETcc instead of a branch.
func b2u(b bool) uint32 {
	var u uint32
	if b {
		u = 1
	}
	return u
}
