package treebank

import (
	"math/bits"
	"slices"
)

// contraction is one of NLTK's MacIntyreContractions patterns, which split
// a contraction into its two parts: (?i)\b(g1)(g2)\b -> " \1 \2 " and the
// variants below. The letters match case-insensitively as Python's re.I
// does for str patterns.
type contraction struct {
	g1, g2 string // the two groups, lower-case
	// afterSpace: the pattern starts with a literal space, " (g1)(g2)",
	// instead of \b.
	afterSpace bool
	// beforeSpace: the pattern ends with (?=\s) instead of \b.
	beforeSpace bool
	// second is the second byte of g1+g2 (set by init), which every g1 of
	// two characters or more and every g2 of contractions2 makes ASCII.
	second byte
}

// contractions2 and contractions3 are NLTKWordTokenizer's CONTRACTIONS2 and
// CONTRACTIONS3, in NLTK's order; each is its own pass. (CONTRACTIONS4 is
// not used by NLTK.)
var (
	contractions2 = []contraction{
		{g1: "can", g2: "not"},
		{g1: "d", g2: "'ye"},
		{g1: "gim", g2: "me"},
		{g1: "gon", g2: "na"},
		{g1: "got", g2: "ta"},
		{g1: "lem", g2: "me"},
		{g1: "more", g2: "'n"},
		{g1: "wan", g2: "na", beforeSpace: true},
	}
	contractions3 = []contraction{
		{g1: "'t", g2: "is", afterSpace: true},
		{g1: "'t", g2: "was", afterSpace: true},
	}
)

// contractionPasses are the substitutions of contractions2 and then
// contractions3, in order.
var contractionPasses = func() []pass {
	var ps []pass
	for _, c := range contractionList {
		ps = append(ps, c.apply)
	}
	return ps
}()

// contractionsAt returns the subset of ks (a mask of contractionPasses)
// whose two groups, case-folded, start at byte offset i of s.
//
// A pass can only change s if s holds its two groups next to each other,
// and none of the passes makes them so when the sentence did not: they
// insert spaces, and quotes only with spaces around or (a leading double
// quote becoming two backticks) as backticks, which no contraction has; they remove
// double quotes only along with such insertions, and trailing whitespace.
// The contraction passes only insert spaces. So a mask of the contractions
// found in the sentence, before any pass, tells which passes to run.
func contractionsAt(s []byte, i int, ks uint32) uint32 {
	if i+1 >= len(s) {
		return 0
	}
	var mask uint32
	for ks &= contractionsBySecond[s[i+1]]; ks != 0; ks &= ks - 1 {
		k := bits.TrailingZeros32(ks)
		if _, _, ok := contractionList[k].groupsAt(s, i); ok {
			mask |= 1 << k
		}
	}
	return mask
}

// contractionsBySecond is, for each byte b, the set (as contractionsByFirst)
// of the contractions whose second byte may be b: the contraction's second
// character is ASCII, matched in either case, or for gimme an i, whose
// case-insensitive non-ASCII matches (İ, ı) start with 0xc4. Filtering by
// the first two bytes at once leaves almost no candidate to match in full
// on ordinary words, which start with c, d, g, l, m or w all the time.
var contractionsBySecond = func() (t [256]uint32) {
	for k, c := range contractionList {
		t[c.second] |= 1 << k
		if 'a' <= c.second && c.second <= 'z' {
			t[c.second-('a'-'A')] |= 1 << k
		}
		if c.second == 'i' {
			t[0xc4] |= 1 << k
		}
	}
	return t
}()

// contractionList is contractions2 then contractions3, as contractionPasses.
var contractionList = func() []contraction {
	l := append(slices.Clip(contractions2), contractions3...)
	for k := range l {
		l[k].second = (l[k].g1 + l[k].g2)[1]
	}
	return l
}()

// contractionsByFirst is, for each byte b|0x20, the set (bit k for index k)
// in contractionList of the contractions that start with it (after the
// space of contractions3). All start with an ASCII letter or an apostrophe.
var contractionsByFirst = func() (t [256]uint32) {
	for k, c := range contractionList {
		t[c.g1[0]] |= 1 << k
	}
	return t
}()

// groupsAt matches c's two groups at byte offset i of s, and returns where
// the second starts and ends.
func (c contraction) groupsAt(s []byte, i int) (mid, end int, ok bool) {
	if mid, ok = foldPrefix(s, i, c.g1); !ok {
		return i, i, false
	}
	end, ok = foldPrefix(s, mid, c.g2)
	return mid, end, ok
}

// apply replaces every match of c in w's input by " \1 \2 ".
func (c contraction) apply(w *rewriter) {
	s := w.src
	for i := 0; i < len(s); i++ {
		start := i // where the first group starts
		if c.afterSpace {
			if s[i] != ' ' {
				continue
			}
			start = i + 1
		} else if s[i]|0x20 != c.g1[0] {
			continue
		}
		mid, end, ok := c.groupsAt(s, start)
		if !ok {
			continue
		}
		if !c.afterSpace && wordBefore(s, i) {
			// \b before a letter: the start or a non-word character before.
			continue
		}
		if c.beforeSpace {
			if sp, _ := spaceAt(s, end); !sp {
				continue
			}
		} else if wordAt(s, end) {
			// \b after a letter: the end or a non-word character after.
			continue
		}
		w.replace(i, end)
		w.str(" ")
		w.bytes(s[start:mid])
		w.str(" ")
		w.bytes(s[mid:end])
		w.str(" ")
		i = end - 1
	}
}
