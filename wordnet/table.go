package wordnet

import (
	"bytes"
	"hash/maphash"
)

// strTable interns strings: it gives each distinct string a dense int32 ID
// and finds the ID of a string or byte slice without allocating. The strings
// live back to back in one arena, so the database's ~300,000 lemmas cost a
// handful of allocations instead of one each, which keeps Open fast.
//
// It is an open-addressing hash table with linear probing; each slot holds
// the upper 32 bits of the key's hash and the key's ID plus one (0 marks an
// empty slot), so most probes that miss never touch the arena.
type strTable struct {
	seed  maphash.Seed
	slots []uint64
	// Keys are arena[ends[id-1]:ends[id]] (from 0 for id 0). During
	// building the arena is buf; freeze turns it into str.
	buf  []byte
	str  string
	ends []uint32
}

// newStrTable returns a table sized for about n keys.
func newStrTable(n int) *strTable {
	size := 1024
	for size < 2*n {
		size *= 2
	}
	return &strTable{
		seed:  maphash.MakeSeed(),
		slots: make([]uint64, size),
		ends:  make([]uint32, 0, n),
	}
}

// len returns the number of keys.
func (t *strTable) len() int { return len(t.ends) }

// start returns the arena offset of key id.
func (t *strTable) start(id int32) uint32 {
	if id == 0 {
		return 0
	}
	return t.ends[id-1]
}

// key returns key id. It is valid only after freeze.
func (t *strTable) key(id int32) string {
	return t.str[t.start(id):t.ends[id]]
}

// intern returns the ID of b, adding it if it is new. It may only be called
// before freeze.
func (t *strTable) intern(b []byte) int32 {
	h := maphash.Bytes(t.seed, b)
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			id := int32(len(t.ends))
			t.buf = append(t.buf, b...)
			t.ends = append(t.ends, uint32(len(t.buf)))
			t.slots[i] = h&^0xffffffff | uint64(id+1)
			if 4*len(t.ends) > 3*len(t.slots) {
				t.grow()
			}
			return id
		}
		if s>>32 == h>>32 {
			id := int32(s&0xffffffff) - 1
			if bytes.Equal(t.buf[t.start(id):t.ends[id]], b) {
				return id
			}
		}
	}
}

// grow doubles the slots and re-inserts every key.
func (t *strTable) grow() {
	t.slots = make([]uint64, 2*len(t.slots))
	mask := uint64(len(t.slots) - 1)
	for id := range int32(len(t.ends)) {
		h := maphash.Bytes(t.seed, t.buf[t.start(id):t.ends[id]])
		i := h & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = h&^0xffffffff | uint64(id+1)
	}
}

// freeze ends building: keys become substrings of one string.
func (t *strTable) freeze() {
	t.str = string(t.buf)
	t.buf = nil
}

// lookup returns the ID of s, or -1. It may only be called after freeze.
func (t *strTable) lookup(s string) int32 {
	h := maphash.String(t.seed, s)
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		v := t.slots[i]
		if v == 0 {
			return -1
		}
		if v>>32 == h>>32 {
			id := int32(v&0xffffffff) - 1
			if t.str[t.start(id):t.ends[id]] == s {
				return id
			}
		}
	}
}

// lookupBytes is lookup for a key held in a byte slice.
func (t *strTable) lookupBytes(b []byte) int32 {
	h := maphash.Bytes(t.seed, b)
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		v := t.slots[i]
		if v == 0 {
			return -1
		}
		if v>>32 == h>>32 {
			id := int32(v&0xffffffff) - 1
			if t.str[t.start(id):t.ends[id]] == string(b) {
				return id
			}
		}
	}
}
