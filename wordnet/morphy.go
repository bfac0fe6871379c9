package wordnet

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// rule is one of NLTK's MORPHOLOGICAL_SUBSTITUTIONS (the detachment rules of
// Princeton's morphy): a suffix and what replaces it.
type rule struct{ suffix, repl string }

// rules are the detachment rules of each entry of posList, in NLTK's order
// (which decides the order of the base forms found).
var rules = [numPOS][]rule{
	{{"s", ""}, {"ses", "s"}, {"ves", "f"}, {"xes", "x"}, {"zes", "z"},
		{"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}},
	{{"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"},
		{"ed", ""}, {"ing", "e"}, {"ing", ""}},
	{{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}},
	nil,
}

// maxForms is the usual largest number of base forms of one word and part
// of speech: the form itself and one per noun rule.
const maxForms = 10

// BaseForms returns the base forms of form as the part of speech pos, as
// NLTK's wordnet._morphy(form, pos) does in the Morphy variant of w: if form
// is in the exception list of pos, form and its listed base forms; otherwise
// form and the results of the detachment rules (again on the results, for
// MorphyRecursive, while nothing is found); in each case only the forms the
// index lists for pos, without repeats, in that order. Like NLTK's _morphy,
// it does not lower-case form. An unknown pos gives nil.
func (w *WordNet) BaseForms(form string, pos POS) []string {
	p := posIndex(pos)
	if p < 0 {
		return nil
	}
	var buf [maxForms]int32
	entries := w.baseEntries(buf[:0], form, w.db.index.lookup(form), p)
	if len(entries) == 0 {
		return nil
	}
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = w.db.index.key(e)
	}
	return out
}

// baseEntries appends to dst the index entries of the base forms of form for
// posList[p], in BaseForms' order; formEntry is the index entry of form
// itself, or -1, which callers look up once for all parts of speech.
func (w *WordNet) baseEntries(dst []int32, form string, formEntry int32, p int) []int32 {
	db := w.db
	if formEntry >= 0 {
		dst = db.appendNew(dst, formEntry, p)
	}
	if bases, ok := db.exceptions[p][form]; ok {
		for _, b := range bases {
			dst = db.addEntry(dst, b, p)
		}
		return dst
	}
	var key [64]byte
	for _, r := range rules[p] {
		if strings.HasSuffix(form, r.suffix) {
			k := append(key[:0], form[:len(form)-len(r.suffix)]...)
			k = append(k, r.repl...)
			dst = db.addEntryBytes(dst, k, p)
		}
	}
	if len(dst) > 0 || w.morphy != MorphyRecursive {
		return dst
	}
	// NLTK 3.8: keep applying the rules to the previous pass's results until
	// some pass finds a lemma. Each pass shortens every form but those that
	// end in "man", to which no rule applies, so this ends. Repeated forms are
	// dropped: they would only repeat results, which are kept once anyway.
	forms := applyRules([]string{form}, p)
	for len(forms) > 0 {
		forms = applyRules(forms, p)
		for _, f := range forms {
			dst = db.addEntry(dst, f, p)
		}
		if len(dst) > 0 {
			return dst
		}
	}
	return dst
}

// applyRules returns the results of applying every rule of posList[p] that
// matches to every form, in NLTK's order, without repeats.
func applyRules(forms []string, p int) []string {
	var out []string
	seen := make(map[string]struct{})
	for _, f := range forms {
		for _, r := range rules[p] {
			if strings.HasSuffix(f, r.suffix) {
				g := f[:len(f)-len(r.suffix)] + r.repl
				if _, dup := seen[g]; !dup {
					seen[g] = struct{}{}
					out = append(out, g)
				}
			}
		}
	}
	return out
}

// addEntry appends the index entry of lemma to dst if the index lists
// synsets of it for posList[p] and dst does not hold it yet.
func (db *database) addEntry(dst []int32, lemma string, p int) []int32 {
	e := db.index.lookup(lemma)
	if e < 0 {
		return dst
	}
	return db.appendNew(dst, e, p)
}

// addEntryBytes is addEntry for a lemma held in a byte slice.
func (db *database) addEntryBytes(dst []int32, lemma []byte, p int) []int32 {
	e := db.index.lookupBytes(lemma)
	if e < 0 {
		return dst
	}
	return db.appendNew(dst, e, p)
}

// appendNew appends e to dst if it has synsets for posList[p] and is not in
// dst yet.
func (db *database) appendNew(dst []int32, e int32, p int) []int32 {
	if db.entries[e][p].n == 0 {
		return dst
	}
	for _, d := range dst {
		if d == e {
			return dst
		}
	}
	return append(dst, e)
}

// lowerASCII returns s lower-cased as Python's str.lower does, and whether
// the result is all ASCII. Every lemma in the index is ASCII, so a word whose
// lower-cased form is not can have no synsets. Python maps U+0130 (İ) to
// "i̇" (two runes, not ASCII) and the Kelvin sign U+212A to "k"; other runes
// lower-case to ASCII only if they are ASCII letters. Invalid UTF-8 (which a
// Python string cannot hold) gives false.
func lowerASCII(s string) (string, bool) {
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return lowerASCIISlow(s)
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if !upper {
		return s, true
	}
	return strings.ToLower(s), true
}

// lowerASCIISlow is lowerASCII for a string with non-ASCII bytes.
func lowerASCIISlow(s string) (string, bool) {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= utf8.RuneSelf {
			if r == 'İ' || r == utf8.RuneError {
				return "", false
			}
			r = unicode.ToLower(r)
			if r >= utf8.RuneSelf {
				return "", false
			}
		} else if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		b.WriteByte(byte(r))
	}
	return b.String(), true
}
