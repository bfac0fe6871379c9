package meteor

import (
	"encoding/json"
	"errors"
	"os"
	"sync"
	"testing"

	"github.com/cecbench/cecbench/wordnet"
)

// shared is the WordNet the tests share, opened once.
var shared struct {
	once sync.Once
	wn   *wordnet.WordNet
	err  error
}

// openWordNet opens WordNet 3.0 from CECBENCH_WORDNET_DIR or
// wordnet.DefaultDir, failing the test with the install instruction when it
// is missing.
func openWordNet(tb testing.TB) *wordnet.WordNet {
	tb.Helper()
	shared.once.Do(func() {
		dir := os.Getenv(wordnet.EnvDir)
		if dir == "" {
			dir = wordnet.DefaultDir
		}
		shared.wn, shared.err = wordnet.Open(dir)
	})
	if shared.err != nil {
		if errors.Is(shared.err, wordnet.ErrNotInstalled) {
			tb.Fatalf("METEOR needs WordNet 3.0: %v\nrun `apt-get install wordnet-base`", shared.err)
		}
		tb.Fatal(shared.err)
	}
	return shared.wn
}

// nltkPair is one pair of testdata/nltk_meteor.json, written by
// scripts/reference/meteor.py with NLTK 3.8.
type nltkPair struct {
	ID               string   `json:"id"`
	Kind             string   `json:"kind"`
	Reference        string   `json:"reference"`
	Hypothesis       string   `json:"hypothesis"`
	ReferenceTokens  []string `json:"reference_tokens"`
	HypothesisTokens []string `json:"hypothesis_tokens"`
	Meteor           float64  `json:"meteor"`        // one-suffix morphy
	MeteorNLTK38     float64  `json:"meteor_nltk38"` // recursive morphy
	Matches          int      `json:"matches"`
	Chunks           int      `json:"chunks"`
}

// pythonLower is how Python's str.lower treats every code point: ranges are
// [first, last] pairs.
type pythonLower struct {
	UnicodeVersion string       `json:"unicode_version"`
	Assigned       [][2]rune    `json:"assigned"`
	Changed        []lowerEntry `json:"changed"`
	FinalAfter     [][2]rune    `json:"final_after"`
	FinalBetween   [][2]rune    `json:"final_between"`
	FinalBefore    [][2]rune    `json:"final_before"`
}

// lowerEntry is a code point and what str.lower makes of it, written as a
// two-element JSON array.
type lowerEntry struct {
	cp    rune
	lower string
}

// UnmarshalJSON reads [code point, string].
func (e *lowerEntry) UnmarshalJSON(b []byte) error {
	var raw [2]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if err := json.Unmarshal(raw[0], &e.cp); err != nil {
		return err
	}
	return json.Unmarshal(raw[1], &e.lower)
}

// reference is testdata/nltk_meteor.json.
type reference struct {
	Pairs       []nltkPair  `json:"pairs"`
	PythonLower pythonLower `json:"python_lower"`
}

// loadReference reads testdata/nltk_meteor.json once.
var loadReference = sync.OnceValues(func() (*reference, error) {
	b, err := os.ReadFile("testdata/nltk_meteor.json")
	if err != nil {
		return nil, err
	}
	var r reference
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, err
	}
	return &r, nil
})

// nltkReference returns testdata/nltk_meteor.json.
func nltkReference(tb testing.TB) *reference {
	tb.Helper()
	r, err := loadReference()
	if err != nil {
		tb.Fatalf("%v (regenerate with /usr/bin/python3 scripts/reference/meteor.py)", err)
	}
	if len(r.Pairs) < 500 {
		tb.Fatalf("only %d pairs in testdata/nltk_meteor.json", len(r.Pairs))
	}
	return r
}

// firstPair returns the first reference pair of the given kind.
func firstPair(tb testing.TB, kind string) nltkPair {
	tb.Helper()
	for _, p := range nltkReference(tb).Pairs {
		if p.Kind == kind {
			return p
		}
	}
	tb.Fatalf("no pair of kind %q in testdata/nltk_meteor.json", kind)
	return nltkPair{}
}
