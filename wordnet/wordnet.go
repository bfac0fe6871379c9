// Package wordnet reads the Princeton WordNet 3.0 database files (the
// "WNDB" format that Debian's wordnet-base package installs in
// /usr/share/wordnet) and answers the questions NLTK's WordNet corpus reader
// answers for METEOR: which synsets a word belongs to, found with NLTK's
// morphy lemmatiser (exception lists and detachment rules), and the lemma
// names of those synsets.
//
// Open parses index.{noun,verb,adj,adv}, the lemma names of every synset in
// data.{noun,verb,adj,adv}, and {noun,verb,adj,adv}.exc once; a *WordNet is
// immutable afterwards and safe for concurrent use. Lemma names are interned:
// each distinct name has a NameID, so that callers can compare and store
// synonym sets as small integers.
//
// The package reads the WordNet 3.0 database, which is distributed under the
// Princeton WordNet licence; see the NOTICE file.
package wordnet

import (
	"errors"
	"slices"
)

// DefaultDir is where Debian's wordnet-base package installs the database.
const DefaultDir = "/usr/share/wordnet"

// EnvDir is the environment variable the server reads to find the WordNet
// database when it is not in DefaultDir. This package never reads the
// environment itself; the name appears in error messages.
const EnvDir = "CECBENCH_WORDNET_DIR"

// ErrNotInstalled is wrapped by the error Open returns when a database file
// is missing or unreadable.
var ErrNotInstalled = errors.New("WordNet 3.0 database not found: install the Debian package wordnet-base " +
	"(apt-get install wordnet-base) or set " + EnvDir + " to a directory holding its index.*, data.* and *.exc files")

// ErrMalformed is wrapped by the error Open returns when a database file is
// present but cannot be parsed.
var ErrMalformed = errors.New("malformed WordNet database file")

// POS is a WordNet part of speech as NLTK spells it.
type POS byte

const (
	// Noun is NLTK's wordnet.NOUN.
	Noun POS = 'n'
	// Verb is NLTK's wordnet.VERB.
	Verb POS = 'v'
	// Adj is NLTK's wordnet.ADJ.
	Adj POS = 'a'
	// AdjSat is NLTK's wordnet.ADJ_SAT, the part of speech of satellite
	// adjective synsets; they are found through Adj.
	AdjSat POS = 's'
	// Adv is NLTK's wordnet.ADV.
	Adv POS = 'r'
)

// posList is NLTK's POS_LIST: the parts of speech wordnet.synsets(word)
// searches, in its order.
var posList = [numPOS]POS{Noun, Verb, Adj, Adv}

// numPOS is the number of database files of each kind.
const numPOS = 4

// fileSuffix names the database files of each entry of posList.
var fileSuffix = [numPOS]string{"noun", "verb", "adj", "adv"}

// posIndex returns the index into posList of p, or -1. AdjSat shares Adj's
// files, exceptions and rules, as in NLTK.
func posIndex(p POS) int {
	switch p {
	case Noun:
		return 0
	case Verb:
		return 1
	case Adj, AdjSat:
		return 2
	case Adv:
		return 3
	}
	return -1
}

// String returns the one-letter name NLTK uses for p.
func (p POS) String() string { return string(rune(p)) }

// NameID identifies a distinct lemma name of the database, exactly as NLTK's
// Lemma.name() spells it (case kept, syntactic markers such as "(a)"
// removed, multi-word names joined with "_"). IDs are dense, from 0 to
// NumNames()-1, and valid only for the WordNet that issued them.
type NameID int32

// Morphy selects which version of NLTK's morphy lemmatiser Synsets uses.
type Morphy int

const (
	// MorphyOneSuffix applies the detachment rules once, as Princeton's
	// morph.c and NLTK 3.9 onwards do (NLTK pull request 3225): "cats" ->
	// "cat", but "catss" and "offerings" (as a verb) find nothing. It is the
	// default, and what the project's METEOR reference values use.
	MorphyOneSuffix Morphy = iota
	// MorphyRecursive is NLTK 3.8's morphy: when one pass of the rules finds
	// no lemma, the rules are applied again to every result until one is
	// found ("catss" -> "cat", "offerings" -> verb "offer").
	MorphyRecursive
)

// String names the morphy variant.
func (m Morphy) String() string {
	switch m {
	case MorphyOneSuffix:
		return "one-suffix"
	case MorphyRecursive:
		return "recursive"
	}
	return "Morphy(invalid)"
}

// WordNet is a loaded WordNet 3.0 database. It is immutable and safe for
// concurrent use.
type WordNet struct {
	db     *database
	morphy Morphy
}

// database holds everything Open parsed; WithMorphy shares it.
type database struct {
	// names interns the distinct lemma names; a NameID is its key ID.
	names *strTable

	// Synsets are numbered globally: those of data.noun first, then verb,
	// adj and adv, each in file order. synPOS is the ss_type of each,
	// synOffset its byte offset in its data file, and its lemma names are
	// synNames[synStart[i]:synStart[i+1]] in the file's order.
	synPOS    []POS
	synOffset []uint32
	synStart  []int32
	synNames  []NameID

	// index interns the lemmas of index.*; the synsets of lemma e as
	// posList[p] are synRefs[entries[e][p].start:][:entries[e][p].n].
	index   *strTable
	entries []indexEntry
	synRefs []int32

	// version is the WordNet version the licence header states.
	version string

	// exceptions[p] maps an inflected form to its base forms
	// ({noun,verb,adj,adv}.exc).
	exceptions [numPOS]map[string][]string
}

// indexEntry locates the synsets of one lemma for each part of speech.
type indexEntry [numPOS]span

// span is a range of database.synRefs.
type span struct{ start, n int32 }

// WithMorphy returns a WordNet that shares w's data but lemmatises with m.
// An unknown m is treated as MorphyOneSuffix.
func (w *WordNet) WithMorphy(m Morphy) *WordNet {
	if m != MorphyRecursive {
		m = MorphyOneSuffix
	}
	return &WordNet{db: w.db, morphy: m}
}

// Morphy reports the morphy variant w uses.
func (w *WordNet) Morphy() Morphy { return w.morphy }

// Version returns the WordNet version that the data files' licence header
// states ("3.0" for Debian's wordnet-base), or "" if none does, like NLTK's
// WordNetCorpusReader.get_version.
func (w *WordNet) Version() string { return w.db.version }

// NumNames returns the number of distinct lemma names; NameIDs run from 0 to
// NumNames()-1.
func (w *WordNet) NumNames() int { return w.db.names.len() }

// Name returns the lemma name with the given ID. It panics if id is out of
// range, like an index expression.
func (w *WordNet) Name(id NameID) string { return w.db.names.key(int32(id)) }

// LookupName returns the ID of the lemma name spelt exactly as name (case
// sensitive), and whether there is one.
func (w *WordNet) LookupName(name string) (NameID, bool) {
	id := w.db.names.lookup(name)
	return NameID(id), id >= 0
}

// NumSynsets returns the number of synsets in the database.
func (w *WordNet) NumSynsets() int { return len(w.db.synPOS) }

// Synset is one synset of a WordNet.
type Synset struct {
	db *database
	id int32
}

// POS returns the synset's part of speech as its data line gives it (AdjSat
// for satellite adjectives).
func (s Synset) POS() POS { return s.db.synPOS[s.id] }

// Offset returns the byte offset of the synset in its data file, which with
// the part of speech identifies it (NLTK's Synset.offset()).
func (s Synset) Offset() int { return int(s.db.synOffset[s.id]) }

// NameIDs returns the IDs of the synset's lemma names in the database's
// order. The caller must not modify the slice.
func (s Synset) NameIDs() []NameID {
	return s.db.synNames[s.db.synStart[s.id]:s.db.synStart[s.id+1]]
}

// LemmaNames returns the synset's lemma names in the database's order, as
// NLTK's Synset.lemma_names() (and [l.name() for l in synset.lemmas()]).
func (s Synset) LemmaNames() []string {
	ids := s.NameIDs()
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = s.db.names.key(int32(id))
	}
	return out
}

// Synsets returns the synsets of word in the order NLTK's
// wordnet.synsets(word) returns them: the word is lower-cased (Python's
// str.lower), then for each part of speech noun, verb, adjective, adverb,
// each form morphy finds is looked up in the index, whose synsets follow in
// the index's order. A synset found through two forms appears twice, as in
// NLTK.
func (w *WordNet) Synsets(word string) []Synset {
	var out []Synset
	w.eachSynset(word, func(id int32) {
		out = append(out, Synset{db: w.db, id: id})
	})
	return out
}

// eachSynset calls f with the ID of every synset Synsets(word) returns, in
// its order.
func (w *WordNet) eachSynset(word string, f func(int32)) {
	form, ok := lowerASCII(word)
	if !ok {
		return // Python's lower-casing leaves a non-ASCII rune: no entry matches
	}
	db := w.db
	var buf [maxForms]int32
	formEntry := db.index.lookup(form)
	for p := range posList {
		for _, e := range w.baseEntries(buf[:0], form, formEntry, p) {
			sp := db.entries[e][p]
			for _, ref := range db.synRefs[sp.start : sp.start+sp.n] {
				f(ref)
			}
		}
	}
}

// Synonyms returns the distinct lemma names of all synsets of word, in the
// order in which they first appear in Synsets(word): the names METEOR's
// WordNet stage compares with (before it drops multi-word names).
func (w *WordNet) Synonyms(word string) []string {
	ids := w.synonymIDs(word, false)
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = w.db.names.key(int32(id))
	}
	return out
}

// SynonymIDs returns the IDs of the distinct lemma names of all synsets of
// word, sorted by ID: the set Synonyms returns, for fast membership tests.
func (w *WordNet) SynonymIDs(word string) []NameID {
	return w.synonymIDs(word, true)
}

// synonymIDs collects the distinct name IDs of word's synsets, in order of
// first appearance, or sorted.
func (w *WordNet) synonymIDs(word string, sorted bool) []NameID {
	var out []NameID
	w.eachSynset(word, func(id int32) {
		out = append(out, w.db.synNames[w.db.synStart[id]:w.db.synStart[id+1]]...)
	})
	if len(out) == 0 {
		return nil
	}
	if sorted {
		slices.Sort(out)
		n := 1
		for _, id := range out[1:] {
			if id != out[n-1] {
				out[n] = id
				n++
			}
		}
		return out[:n]
	}
	seen := make(map[NameID]struct{}, len(out))
	n := 0
	for _, id := range out {
		if _, dup := seen[id]; !dup {
			seen[id] = struct{}{}
			out[n] = id
			n++
		}
	}
	return out[:n]
}
