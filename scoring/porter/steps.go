package porter

// This file holds the steps of the algorithm, each as NLTK 3.8 writes it,
// deviations and quirks included. Words are slices of code points; a step
// returns either its argument unchanged or a slice of the same backing
// array with a new ending.

// stemmer carries the mode through the steps.
type stemmer struct {
	mode Mode
}

// cond is the condition of a suffix rule, applied to the word without the
// suffix (the stem) or, for some rules, to a longer part of the word.
type cond uint8

const (
	always     cond = iota // no condition
	mGT0                   // (m>0)
	mGT1                   // (m>1)
	mGT1AndST              // (m>1 and (*S or *T)), step 4's ION
	mGT0Minus3             // NLTK's LOGI: m>0 of the word minus "ogi"
	mGT1Minus1             // step 5b's LL: m>1 of the word minus one "l"
	nltkY                  // NLTK's step 1c: (*c and not c) Y -> I
	hasVowel               // (*v*)
)

// rule is one suffix-replacement rule.
type rule struct {
	suffix, repl string
	cond         cond
}

// isVowelRune reports whether r is one of a, e, i, o, u.
func isVowelRune(r rune) bool {
	return r == 'a' || r == 'e' || r == 'i' || r == 'o' || r == 'u'
}

// isCons is NLTK's _is_consonant: a letter other than a, e, i, o, u, and
// other than a y preceded by a consonant. Any other code point counts as a
// consonant.
func isCons(w []rune, i int) bool {
	// A run of y's alternates: walk back to its start instead of recursing.
	n := 0
	for i >= 0 && w[i] == 'y' {
		n++
		i--
	}
	var before bool // consonant-ness of the code point before the run
	switch {
	case n == 0:
		return !isVowelRune(w[i])
	case i < 0:
		before = false // the first y (at index 0) is a consonant: as if after a vowel
	default:
		before = !isVowelRune(w[i])
	}
	// The first y of the run is a consonant iff what precedes it is a
	// vowel, and each further y flips.
	first := !before
	if n%2 == 1 {
		return first
	}
	return !first
}

// measure is m, the number of vowel-consonant sequences in w.
func measure(w []rune) int {
	m := 0
	prevVowel := false
	prevCons := false
	for i, r := range w {
		var c bool
		switch {
		case r == 'y':
			c = i == 0 || !prevCons
		default:
			c = !isVowelRune(r)
		}
		if c && prevVowel {
			m++
		}
		prevCons = c
		prevVowel = !c
	}
	return m
}

// containsVowel is (*v*): w has a vowel.
func containsVowel(w []rune) bool {
	prevCons := false
	for i, r := range w {
		c := !isVowelRune(r)
		if r == 'y' {
			c = i == 0 || !prevCons
		}
		if !c {
			return true
		}
		prevCons = c
	}
	return false
}

// endsDoubleCons is *d: w ends with two equal consonants.
func endsDoubleCons(w []rune) bool {
	n := len(w)
	return n >= 2 && w[n-1] == w[n-2] && isCons(w, n-1)
}

// endsCVC is *o: w ends consonant-vowel-consonant, the last not w, x or y;
// NLTK also accepts a two-letter vowel-consonant word.
func (s stemmer) endsCVC(w []rune) bool {
	n := len(w)
	if n >= 3 && isCons(w, n-3) && !isCons(w, n-2) && isCons(w, n-1) &&
		w[n-1] != 'w' && w[n-1] != 'x' && w[n-1] != 'y' {
		return true
	}
	return s.mode == NLTKExtensions && n == 2 && !isCons(w, 0) && isCons(w, 1)
}

// hasSuffix reports whether w ends with the ASCII string suf.
func hasSuffix(w []rune, suf string) bool {
	if len(suf) > len(w) {
		return false
	}
	off := len(w) - len(suf)
	for i := 0; i < len(suf); i++ {
		if w[off+i] != rune(suf[i]) {
			return false
		}
	}
	return true
}

// replace returns w without its last n code points, followed by repl.
func replace(w []rune, n int, repl string) []rune {
	w = w[:len(w)-n]
	for i := 0; i < len(repl); i++ {
		w = append(w, rune(repl[i]))
	}
	return w
}

// holds evaluates c for word w whose suffix of n code points is removed.
func (s stemmer) holds(c cond, w []rune, n int) bool {
	stem := w[:len(w)-n]
	switch c {
	case mGT0:
		return measure(stem) > 0
	case mGT1:
		return measure(stem) > 1
	case mGT1AndST:
		if measure(stem) <= 1 {
			return false
		}
		last := stem[len(stem)-1]
		return last == 's' || last == 't'
	case mGT0Minus3:
		return measure(w[:len(w)-3]) > 0
	case mGT1Minus1:
		return measure(w[:len(w)-1]) > 1
	case nltkY:
		return len(stem) > 1 && isCons(stem, len(stem)-1)
	case hasVowel:
		return containsVowel(stem)
	}
	return true
}

// apply is NLTK's _apply_rule_list: the first rule whose suffix matches
// decides; if its condition fails, the word is returned unchanged.
func (s stemmer) apply(w []rune, rules []rule) []rune {
	for _, r := range rules {
		if hasSuffix(w, r.suffix) {
			if s.holds(r.cond, w, len(r.suffix)) {
				return replace(w, len(r.suffix), r.repl)
			}
			return w
		}
	}
	return w
}

var step1aRules = []rule{
	{"sses", "ss", always},
	{"ies", "i", always},
	{"ss", "ss", always},
	{"s", "", always},
}

// step1a removes plural endings.
func (s stemmer) step1a(w []rune) []rune {
	// NLTK: "dies" -> "die" but "flies" -> "fli".
	if s.mode == NLTKExtensions && len(w) == 4 && hasSuffix(w, "ies") {
		return replace(w, 3, "ie")
	}
	return s.apply(w, step1aRules)
}

// step1b removes -eed, -ed and -ing and tidies the stem.
func (s stemmer) step1b(w []rune) []rune {
	// NLTK: "died" -> "die" but "spied" -> "spi".
	if s.mode == NLTKExtensions && hasSuffix(w, "ied") {
		if len(w) == 4 {
			return replace(w, 3, "ie")
		}
		return replace(w, 3, "i")
	}
	if hasSuffix(w, "eed") {
		if measure(w[:len(w)-3]) > 0 {
			return replace(w, 3, "ee")
		}
		return w
	}
	var stem []rune
	switch {
	case hasSuffix(w, "ed") && containsVowel(w[:len(w)-2]):
		stem = w[:len(w)-2]
	case hasSuffix(w, "ing") && containsVowel(w[:len(w)-3]):
		stem = w[:len(w)-3]
	default:
		return w
	}
	n := len(stem)
	switch {
	case hasSuffix(stem, "at"), hasSuffix(stem, "bl"), hasSuffix(stem, "iz"):
		return append(stem, 'e')
	case endsDoubleCons(stem):
		if last := stem[n-1]; last != 'l' && last != 's' && last != 'z' {
			return stem[:n-1]
		}
		return stem
	case hasSuffix(stem, "*d"):
		// NLTK's rule list names the double-consonant rule by the suffix
		// "*d", which also matches those two characters literally; the
		// rule then replaces them with the stem's last letter, 'd'.
		return replace(stem, 2, "d")
	case measure(stem) == 1 && s.endsCVC(stem):
		return append(stem, 'e')
	}
	return stem
}

var (
	step1cNLTK     = []rule{{"y", "i", nltkY}}
	step1cOriginal = []rule{{"y", "i", hasVowel}}
	step5bRules    = []rule{{"ll", "l", mGT1Minus1}}
)

// step1c turns a final y into i.
func (s stemmer) step1c(w []rune) []rune {
	if s.mode == NLTKExtensions {
		return s.apply(w, step1cNLTK)
	}
	return s.apply(w, step1cOriginal)
}

var step2Common = []rule{
	{"ational", "ate", mGT0},
	{"tional", "tion", mGT0},
	{"enci", "ence", mGT0},
	{"anci", "ance", mGT0},
	{"izer", "ize", mGT0},
}

var step2Tail = []rule{
	{"alli", "al", mGT0},
	{"entli", "ent", mGT0},
	{"eli", "e", mGT0},
	{"ousli", "ous", mGT0},
	{"ization", "ize", mGT0},
	{"ation", "ate", mGT0},
	{"ator", "ate", mGT0},
	{"alism", "al", mGT0},
	{"iveness", "ive", mGT0},
	{"fulness", "ful", mGT0},
	{"ousness", "ous", mGT0},
	{"aliti", "al", mGT0},
	{"iviti", "ive", mGT0},
	{"biliti", "ble", mGT0},
}

// step2Rules holds the full rule list of step 2 for each mode.
var step2Rules = [3][]rule{
	NLTKExtensions: concat(step2Common, []rule{{"bli", "ble", mGT0}}, step2Tail,
		[]rule{{"fulli", "ful", mGT0}, {"logi", "log", mGT0Minus3}}),
	MartinExtensions: concat(step2Common, []rule{{"bli", "ble", mGT0}}, step2Tail,
		[]rule{{"logi", "log", mGT0}}),
	OriginalAlgorithm: concat(step2Common, []rule{{"abli", "able", mGT0}}, step2Tail),
}

func concat(lists ...[]rule) []rule {
	var out []rule
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// step2 maps double suffixes to single ones.
func (s stemmer) step2(w []rune) []rune {
	// NLTK applies ALLI -> AL first and then step 2 again.
	if s.mode == NLTKExtensions && hasSuffix(w, "alli") && measure(w[:len(w)-4]) > 0 {
		return s.step2(replace(w, 4, "al"))
	}
	return s.apply(w, step2Rules[s.mode])
}

var step3Rules = []rule{
	{"icate", "ic", mGT0},
	{"ative", "", mGT0},
	{"alize", "al", mGT0},
	{"iciti", "ic", mGT0},
	{"ical", "ic", mGT0},
	{"ful", "", mGT0},
	{"ness", "", mGT0},
}

// step3 removes -ful, -ness and the like.
func (s stemmer) step3(w []rune) []rune {
	return s.apply(w, step3Rules)
}

var step4Rules = []rule{
	{"al", "", mGT1},
	{"ance", "", mGT1},
	{"ence", "", mGT1},
	{"er", "", mGT1},
	{"ic", "", mGT1},
	{"able", "", mGT1},
	{"ible", "", mGT1},
	{"ant", "", mGT1},
	{"ement", "", mGT1},
	{"ment", "", mGT1},
	{"ent", "", mGT1},
	{"ion", "", mGT1AndST},
	{"ou", "", mGT1},
	{"ism", "", mGT1},
	{"ate", "", mGT1},
	{"iti", "", mGT1},
	{"ous", "", mGT1},
	{"ive", "", mGT1},
	{"ize", "", mGT1},
}

// step4 removes the remaining suffixes of stems with m>1.
func (s stemmer) step4(w []rune) []rune {
	return s.apply(w, step4Rules)
}

// step5a removes a final e: (m>1) E -> or (m=1 and not *o) E -> ; both
// conditions are tried.
func (s stemmer) step5a(w []rune) []rune {
	if !hasSuffix(w, "e") {
		return w
	}
	stem := w[:len(w)-1]
	m := measure(stem)
	if m > 1 || (m == 1 && !s.endsCVC(stem)) {
		return stem
	}
	return w
}

// step5b turns a final ll into l when m>1.
func (s stemmer) step5b(w []rune) []rune {
	return s.apply(w, step5bRules)
}
