package bleu

// vocabSlot is one slot of the vocabulary table: a token's key and id,
// or id 0 where empty.
type vocabSlot struct {
	lo, hi uint64
	n, id  uint32
}

// vocabTable is an open-addressing hash table of tokenKeys, at most a
// quarter full, so that a key is nearly always in its home slot or that
// slot is empty: its loops only branch on the rare other case. Whether a
// token is new, or found, is random on real text, so that is no branch.
type vocabTable struct {
	slots []vocabSlot
	mul   uint64 // random odd multiplier of the multiply-shift hash
	shift uint   // 64 - log2(len(slots))
}

// reset sizes the table for up to n keys.
func (t *vocabTable) reset(n int, seed uint64) {
	size, log := 16, 4
	for size < 4*n {
		size, log = size<<1, log+1
	}
	if cap(t.slots) < size {
		t.slots = make([]vocabSlot, size)
	}
	t.slots, t.mul, t.shift = t.slots[:size], seed|1, uint(64-log)
}

// home returns the slot where key belongs: the top bits of a
// multiply-shift hash. The callers probe on from there while taken: the
// loop is theirs so that all of it is inlined.
func home(key tokenKey, mul uint64, shift uint) int {
	return int((key.lo ^ key.hi*0x9e3779b97f4a7c15 ^ uint64(key.n)) * mul >> (shift & 63))
}

// taken reports whether e holds another key than key. Both conditions
// are computed, with no branch between them.
func taken(e *vocabSlot, key tokenKey) bool {
	diff := (e.lo ^ key.lo) | (e.hi ^ key.hi) | uint64(e.n^key.n)
	return b2u(e.id != 0)&b2u(diff != 0) != 0
}

// insert gives each distinct key of keys an id from 1, in order of first
// occurrence; it writes the id of each key to ids, the slot of each id to
// slotOf, and returns the number of distinct keys.
func (t *vocabTable) insert(keys []tokenKey, ids, slotOf []uint32) int {
	slots, mul, shift, mask := t.slots, t.mul, t.shift, len(t.slots)-1
	ids = ids[:len(keys)]
	next := uint32(1)
	for i, key := range keys {
		slot := home(key, mul, shift) & mask
		for taken(&slots[slot], key) {
			slot = (slot + 1) & mask
		}
		e := &slots[slot]
		isNew := b2u(e.id == 0)
		id := e.id | next&-isNew
		next += isNew
		*e = vocabSlot{lo: key.lo, hi: key.hi, n: key.n, id: id}
		slotOf[id] = uint32(slot)
		ids[i] = id
	}
	return int(next - 1)
}

// lookUp writes the id of each key of keys to ids, 0 for keys the table
// lacks.
func (t *vocabTable) lookUp(keys []tokenKey, ids []uint32) {
	slots, mul, shift, mask := t.slots, t.mul, t.shift, len(t.slots)-1
	ids = ids[:len(keys)]
	for i, key := range keys {
		slot := home(key, mul, shift) & mask
		for taken(&slots[slot], key) {
			slot = (slot + 1) & mask
		}
		ids[i] = slots[slot].id
	}
}
