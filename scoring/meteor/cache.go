package meteor

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cecbench/cecbench/scoring/porter"
	"github.com/cecbench/cecbench/scoring/pytext"
	"github.com/cecbench/cecbench/wordnet"
)

// maxCachedWords bounds the memo cache: when a generation holds more entries
// than this, the next call starts a fresh one and the old one is dropped
// once no call uses it.
const maxCachedWords = 1 << 17

// generation memoises, for every token seen, what METEOR computes from it
// alone: its lower-cased form, Porter stem, and the stem's WordNet synonyms.
// A call reads and fills one generation from start to end, so that within a
// call equal lower-cased tokens always give the same *word and equal stems
// the same *stem: pointer equality is string equality.
type generation struct {
	raw   sync.Map // token as given, unless lower-case ASCII -> *word
	lower sync.Map // lower-cased token -> *word
	stems sync.Map // Porter stem -> *stem
	size  atomic.Int64
	// Entries are numbered in order of creation, words and stems apart.
	words, stemIDs atomic.Int32
}

// word is one distinct lower-cased token.
type word struct {
	id   int32 // unique within the generation
	stem *stem
}

// stem is one distinct Porter stem and what the WordNet stage needs of it.
type stem struct {
	id int32 // unique within the generation
	// name is the ID of the stem as a WordNet lemma name (exact spelling),
	// or -1: a reference word matches a hypothesis word's synonyms when its
	// stem is one of their names.
	name wordnet.NameID
	// syns are the sorted IDs of the lemma names of all synsets of the
	// stem (wordnet.synsets(stem)), without multi-word names (those with
	// "_"), as NLTK's _enum_wordnetsyn_match collects them.
	syns []wordnet.NameID
}

// cache returns the generation for one call, starting a new one when the
// current one is full.
func (m *Meteor) cache() *generation {
	g := m.gen.Load()
	if g.size.Load() > m.maxWords {
		m.gen.CompareAndSwap(g, new(generation))
		g = m.gen.Load()
	}
	return g
}

// word returns the entry of tok, computing it on first sight.
func (m *Meteor) word(g *generation, tok string) *word {
	if isLowerASCII(tok) {
		return m.lowerWord(g, tok) // most tokens: one map, no lower-casing
	}
	if v, ok := g.raw.Load(tok); ok {
		return v.(*word)
	}
	w := m.lowerWord(g, pytext.Lower(tok))
	// Clone: a token is often a substring of a long text, which the cache
	// must not keep alive.
	if _, loaded := g.raw.LoadOrStore(strings.Clone(tok), w); !loaded {
		g.size.Add(1)
	}
	return w
}

// isLowerASCII reports whether s is ASCII without upper-case letters, so
// that pytext.Lower(s) == s.
func isLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || ('A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// lowerWord returns the entry of the lower-cased token l.
func (m *Meteor) lowerWord(g *generation, l string) *word {
	if v, ok := g.lower.Load(l); ok {
		return v.(*word)
	}
	w := &word{id: g.words.Add(1) - 1, stem: m.stem(g, porter.Stem(l))}
	v, loaded := g.lower.LoadOrStore(strings.Clone(l), w)
	if !loaded {
		g.size.Add(1)
	}
	return v.(*word)
}

// stem returns the entry of the Porter stem s.
func (m *Meteor) stem(g *generation, s string) *stem {
	if v, ok := g.stems.Load(s); ok {
		return v.(*stem)
	}
	st := &stem{id: g.stemIDs.Add(1) - 1, name: -1}
	if m.wn != nil {
		if id, ok := m.wn.LookupName(s); ok {
			st.name = id
		}
		ids := m.wn.SynonymIDs(s)
		n := 0
		for _, id := range ids {
			if !strings.Contains(m.wn.Name(id), "_") {
				ids[n] = id
				n++
			}
		}
		st.syns = ids[:n:n]
	}
	v, loaded := g.stems.LoadOrStore(strings.Clone(s), st)
	if !loaded {
		g.size.Add(1)
	}
	return v.(*stem)
}
