package treebank

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

// pass returns the substitution of c.
func (c contraction) pass() pass {
	return func(w *rewriter) { c.apply(w) }
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
		mid, ok := foldPrefix(s, start, c.g1)
		if !ok {
			continue
		}
		if !c.afterSpace && wordBefore(s, i) {
			// \b before a letter: the start or a non-word character before.
			continue
		}
		end, ok := foldPrefix(s, mid, c.g2)
		if !ok {
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
