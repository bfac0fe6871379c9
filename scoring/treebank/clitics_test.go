package treebank

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// The clitic rules of NLTK's ENDING_QUOTES need no lookaround, so Go's
// regexp, whose leftmost-first, non-overlapping ReplaceAll is re.sub's
// here, is their oracle.
var cliticOracles = []struct {
	name string
	rule func(*rewriter)
	re   *regexp.Regexp
}{
	{"clitics", clitics, regexp.MustCompile(`([^' ])('[sS]|'[mM]|'[dD]|') `)},
	{"longClitics", longClitics, regexp.MustCompile(`([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) `)},
}

// applyRule runs one rule on s.
func applyRule(rule func(*rewriter), s string) string {
	w := rewriter{src: []byte(s)}
	rule(&w)
	out, _ := w.finish()
	return string(out)
}

// TestCliticsAgainstRegexp compares the clitic rules with their regular
// expressions on many random strings over the bytes they look at.
func TestCliticsAgainstRegexp(t *testing.T) {
	const alphabet = "' nNtTlLrRvVeEsSmMdDx"
	r := rand.New(rand.NewPCG(7, 11))
	buf := make([]byte, 0, 24)
	for range 200000 {
		buf = buf[:0]
		for range r.IntN(24) {
			buf = append(buf, alphabet[r.IntN(len(alphabet))])
		}
		s := string(buf)
		for _, o := range cliticOracles {
			if got, want := applyRule(o.rule, s), o.re.ReplaceAllString(s, "$1 $2 "); got != want {
				t.Fatalf("%s(%q) = %q, the regular expression gives %q", o.name, s, got, want)
			}
		}
	}
}
