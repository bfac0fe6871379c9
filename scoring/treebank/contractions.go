package treebank

import "slices"

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

// contractionCandidates returns a mask of the contractionPasses that may
// change s: bit k is set when s holds pass k's two groups, case-folded, next
// to each other. The other passes can be skipped, because no pass before
// them can make them match: every substitution of a contraction pass only
// inserts spaces, and a match is a run of characters without spaces.
func contractionCandidates(s []byte) uint32 {
	var mask uint32
	for i := 0; i < len(s); i++ {
		for _, k := range contractionsByFirst[s[i]|0x20] {
			if _, _, ok := contractionList[k].groupsAt(s, i); ok {
				mask |= 1 << k
			}
		}
	}
	return mask
}

// contractionList is contractions2 then contractions3, as contractionPasses.
var contractionList = append(slices.Clip(contractions2), contractions3...)

// contractionsByFirst lists, for each byte b|0x20, the indices in
// contractionList of the contractions that start with it (after the space
// of contractions3). All start with an ASCII letter or an apostrophe.
var contractionsByFirst = func() (t [256][]int) {
	for k, c := range contractionList {
		t[c.g1[0]] = append(t[c.g1[0]], k)
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
