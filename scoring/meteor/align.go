package meteor

import (
	"cmp"
	"slices"
	"weak"

	"github.com/cecbench/cecbench/wordnet"
)

// aligner holds one call's working memory; Meteor keeps a pool of them.
//
// Every stage of NLTK's alignment has the same shape: for each unmatched
// hypothesis word, from last to first, take the last unmatched reference
// word that fits, if any. NLTK scans the reference list for each hypothesis
// word; here the unmatched reference words are grouped by key (lower-cased
// word, then stem) into stacks of positions in increasing order, so that
// "the last unmatched reference word with this key" is the top of a stack,
// and taking it pops it.
type aligner struct {
	// Dense per-call keys: equal lower-cased words (stems) get equal
	// keys, given from the records of words, stamped with the call.
	words  localWords
	call   uint32
	nWords int32   // word keys given in this call
	hk, rk []int32 // word keys
	hs, rs []int32 // stem keys
	stems  []*stem // stem of each stem key

	refOf   []int32 // matched reference position of each hypothesis position, or -1
	refUsed []bool  // whether each reference position is matched

	// Stacks of reference positions by key: group k holds
	// pos[start[k]:top[k]], in increasing order.
	start, top, pos []int32

	named []namedGroup // stem groups whose stem is a WordNet lemma name
	// namedBits has bit id%namedBitCount set for the name id of every
	// named group: most synonyms are ruled out by one bit test.
	namedBits [namedBitCount / 64]uint64

	refTokens, hypTokens []string // Score's tokens

	gen weak.Pointer[generation] // the generation words reflects
}

// namedBitCount is the size of the aligner's filter of WordNet names.
const namedBitCount = 1024

// namedGroup is a stack of reference positions whose stem is the WordNet
// lemma name with the given ID.
type namedGroup struct {
	name  wordnet.NameID
	group int32
}

// align aligns the two token lists as NLTK's _enum_align_words does and
// returns the number of matches and of chunks (NLTK's _count_chunks; 0 when
// nothing matches).
func (a *aligner) align(m *Meteor, reference, hypothesis []string) (matches, chunks int) {
	if len(reference) == 0 || len(hypothesis) == 0 {
		return 0, 0
	}
	a.prepare(m, reference, hypothesis)

	// Stage 1: exact match of the lower-cased words.
	a.group(int(a.nWords), a.rk)
	for i := len(a.hk) - 1; i >= 0; i-- {
		if j := a.pop(a.hk[i]); j >= 0 {
			a.match(i, j)
			matches++
		}
	}

	// Stage 2: the Porter stems of the words left.
	if matches < len(a.hk) && matches < len(a.rk) {
		a.group(len(a.stems), a.rs)
		for i := len(a.hs) - 1; i >= 0; i-- {
			if a.refOf[i] < 0 {
				if j := a.pop(a.hs[i]); j >= 0 {
					a.match(i, j)
					matches++
				}
			}
		}
	}

	// Stage 3: WordNet synonyms of the stems left. It runs only after
	// stage 2, whose stacks it takes over as they are: stage 2 took its
	// matches from their tops, so they hold exactly the reference
	// positions still unmatched, in increasing order.
	if m.wn != nil && matches < len(a.hk) && matches < len(a.rk) {
		matches += a.synonyms()
	}

	if matches == 0 {
		return 0, 0
	}
	prevI, prevJ := int32(-2), int32(-2)
	for i, j := range a.refOf {
		if j < 0 {
			continue
		}
		if int32(i) != prevI+1 || j != prevJ+1 {
			chunks++
		}
		prevI, prevJ = int32(i), j
	}
	return matches, chunks
}

// synonyms runs the WordNet stage and returns the number of matches. For a
// hypothesis stem, NLTK's candidate set is the stem itself plus the names
// of its synsets; the stem itself can never match here, because stage 2
// would have matched it (a hypothesis word stays unmatched there only if no
// unmatched reference word has its stem, and reference words only get
// matched later), so only the names count.
func (a *aligner) synonyms() int {
	a.named = a.named[:0]
	for k, st := range a.stems {
		if st.name >= 0 && a.top[k] > a.start[k] {
			a.named = append(a.named, namedGroup{name: st.name, group: int32(k)})
		}
	}
	if len(a.named) == 0 {
		return 0
	}
	// Stems are distinct, so are their names: the order is total.
	slices.SortFunc(a.named, func(x, y namedGroup) int { return cmp.Compare(x.name, y.name) })
	clear(a.namedBits[:])
	for _, ng := range a.named {
		a.namedBits[uint32(ng.name)/64%(namedBitCount/64)] |= 1 << (uint32(ng.name) % 64)
	}
	matches := 0
	for i := len(a.hs) - 1; i >= 0; i-- {
		if a.refOf[i] >= 0 {
			continue
		}
		syns := a.stems[a.hs[i]].syns
		if len(syns) == 0 {
			continue
		}
		best, bestGroup := int32(-1), int32(-1)
		a.eachCommon(syns, func(g int32) {
			if a.top[g] > a.start[g] {
				if j := a.pos[a.top[g]-1]; j > best {
					best, bestGroup = j, g
				}
			}
		})
		if best >= 0 {
			a.top[bestGroup]--
			a.match(i, best)
			matches++
		}
	}
	return matches
}

// eachCommon calls f with the group of every named group whose name is in
// syns (sorted), walking the shorter list and binary-searching the longer.
func (a *aligner) eachCommon(syns []wordnet.NameID, f func(group int32)) {
	named := a.named
	if len(syns) <= len(named) {
		for _, id := range syns {
			if a.namedBits[uint32(id)/64%(namedBitCount/64)]&(1<<(uint32(id)%64)) == 0 {
				continue
			}
			lo, hi := 0, len(named)
			for lo < hi {
				mid := int(uint(lo+hi) >> 1)
				if named[mid].name < id {
					lo = mid + 1
				} else {
					hi = mid
				}
			}
			if lo < len(named) && named[lo].name == id {
				f(named[lo].group)
			}
		}
		return
	}
	for _, ng := range named {
		lo, hi := 0, len(syns)
		for lo < hi {
			mid := int(uint(lo+hi) >> 1)
			if syns[mid] < ng.name {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		if lo < len(syns) && syns[lo] == ng.name {
			f(ng.group)
		}
	}
}

// prepare looks every token up and gives the words and stems of this call
// dense keys.
func (a *aligner) prepare(m *Meteor, reference, hypothesis []string) {
	g := m.cache()
	a.call++
	// The records are dropped between calls only: within a call, a word
	// must keep its record, which holds its key.
	if a.gen.Value() != g || a.call == 0 || a.words.used+len(reference)+len(hypothesis) > maxLocalWords {
		a.words.reset()
		a.gen = weak.Make(g)
		a.call = 1
	}
	a.nWords = 0
	a.stems = a.stems[:0]
	a.hk, a.hs = a.lookup(m, g, hypothesis, a.hk[:0], a.hs[:0])
	a.rk, a.rs = a.lookup(m, g, reference, a.rk[:0], a.rs[:0])
	a.refOf = resize(a.refOf, len(hypothesis))
	for i := range a.refOf {
		a.refOf[i] = -1
	}
	a.refUsed = resize(a.refUsed, len(reference))
	clear(a.refUsed)
}

// lookup appends the word key and stem key of each token.
func (a *aligner) lookup(m *Meteor, g *generation, tokens []string, wk, sk []int32) ([]int32, []int32) {
	for _, tok := range tokens {
		w := a.words.find(m, g, tok)
		if w.call != a.call {
			w.call, w.key = a.call, a.nWords
			a.nWords++
		}
		wk = append(wk, w.key)
		s := w.stem
		if s.call != a.call {
			s.call, s.key = a.call, int32(len(a.stems))
			a.stems = append(a.stems, s.st)
		}
		sk = append(sk, s.key)
	}
	return wk, sk
}

// release drops the call's references to cache entries, so that a pooled
// aligner does not keep an old cache generation alive.
func (a *aligner) release() {
	clear(a.stems)
}

// group builds the stacks of the unmatched reference positions by key.
func (a *aligner) group(nkeys int, keys []int32) {
	a.start = resize(a.start, nkeys+1)
	a.top = resize(a.top, nkeys)
	clear(a.start)
	for j, k := range keys {
		if !a.refUsed[j] {
			a.start[k+1]++
		}
	}
	for k := 1; k <= nkeys; k++ {
		a.start[k] += a.start[k-1]
	}
	copy(a.top, a.start[:nkeys])
	a.pos = resize(a.pos, int(a.start[nkeys]))
	for j, k := range keys {
		if !a.refUsed[j] {
			a.pos[a.top[k]] = int32(j)
			a.top[k]++
		}
	}
}

// pop takes the last unmatched reference position with key k, or returns
// -1 if there is none.
func (a *aligner) pop(k int32) int32 {
	if a.top[k] == a.start[k] {
		return -1
	}
	a.top[k]--
	return a.pos[a.top[k]]
}

// match records that hypothesis position i matches reference position j.
func (a *aligner) match(i int, j int32) {
	a.refOf[i] = j
	a.refUsed[j] = true
}

// resize returns s with length n, reusing its array when it is big enough.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
