package meteor

import (
	"hash/maphash"
	"strings"
)

// localWords is one aligner's own view of the cache generation: for every
// token it has seen, a record of the token's lower-cased word and stem in
// which the aligner writes the per-call keys. It only memoises what the
// generation gives (the generation stays the source of every entry), so
// dropping it changes nothing.
//
// Tokens are found in an open-addressing table with linear probing, which
// for the short strings METEOR sees costs about half a Go map lookup. Equal
// lower-cased words share one wordRecord and equal stems one stemRecord, so
// that giving a word or stem its key in a call is a stamp comparison on a
// record already at hand.
type localWords struct {
	seed  maphash.Seed
	slots []tokenSlot // len is a power of two, at most half full
	used  int

	byWord map[*word]*wordRecord // records by generation entry, for tokens seen the first time
	byStem map[*stem]*stemRecord
}

// tokenSlot is one table entry; rec is nil in an empty slot.
type tokenSlot struct {
	hash uint64
	tok  string
	rec  *wordRecord
}

// wordRecord is a lower-cased word as this aligner knows it: its key in the
// call stamped call, and its stem's record.
type wordRecord struct {
	call uint32
	key  int32
	stem *stemRecord
}

// stemRecord is a stem as this aligner knows it: its key in the call
// stamped call, and the generation's entry.
type stemRecord struct {
	call uint32
	key  int32
	st   *stem
}

// maxLocalWords bounds the records an aligner keeps between calls: about
// 7 MB of table and records at the bound, enough for the vocabulary of a
// few thousand five-sentence pairs (2,000 have about 25,000 distinct
// tokens), so that a batch is looked up in the generation's concurrent
// maps only once.
var maxLocalWords = 1 << 16 // a variable for the tests

// reset empties the view, keeping the table's memory.
func (l *localWords) reset() {
	if l.slots == nil {
		l.seed = maphash.MakeSeed()
	}
	if l.slots == nil || len(l.slots) > 4*maxLocalWords {
		l.slots = make([]tokenSlot, 1024) // not the memory of one huge call
	}
	clear(l.slots)
	l.used = 0
	l.byWord = make(map[*word]*wordRecord)
	l.byStem = make(map[*stem]*stemRecord)
}

// find returns the record of tok, asking the generation on first sight.
func (l *localWords) find(m *Meteor, g *generation, tok string) *wordRecord {
	h := maphash.String(l.seed, tok)
	mask := uint64(len(l.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &l.slots[i]
		if s.rec == nil {
			break
		}
		if s.hash == h && s.tok == tok {
			return s.rec
		}
	}
	e := m.word(g, tok)
	rec := l.byWord[e]
	if rec == nil {
		sr := l.byStem[e.stem]
		if sr == nil {
			sr = &stemRecord{st: e.stem}
			l.byStem[e.stem] = sr
		}
		rec = &wordRecord{stem: sr}
		l.byWord[e] = rec
	}
	// Clone: the token may be part of a long text.
	l.insert(h, strings.Clone(tok), rec)
	return rec
}

// insert adds a token known to be absent, growing the table to keep it at
// most half full.
func (l *localWords) insert(h uint64, tok string, rec *wordRecord) {
	if 2*(l.used+1) > len(l.slots) {
		old := l.slots
		l.slots = make([]tokenSlot, 2*len(old))
		l.used = 0
		for _, s := range old {
			if s.rec != nil {
				l.insert(s.hash, s.tok, s.rec)
			}
		}
	}
	mask := uint64(len(l.slots) - 1)
	i := h & mask
	for l.slots[i].rec != nil {
		i = (i + 1) & mask
	}
	l.slots[i] = tokenSlot{hash: h, tok: tok, rec: rec}
	l.used++
}
