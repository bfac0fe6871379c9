package wordnet

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"
)

// nltkWord is one entry of testdata/nltk_synonyms.json, written by
// scripts/reference/wordnet.py with NLTK 3.8 on Debian's wordnet-base.
type nltkWord struct {
	Word       string      `json:"word"`
	Lower      string      `json:"lower"`
	nltkAnswer             // one-suffix morphy (NLTK 3.9)
	Recursive  *nltkAnswer `json:"recursive"` // NLTK 3.8's morphy, where it differs
}

// nltkAnswer is what NLTK's reader says about a word.
type nltkAnswer struct {
	Synsets []string            `json:"synsets"` // "pos:offset"
	Names   []string            `json:"names"`   // lemma names, in order of first appearance
	Morphy  map[string][]string `json:"morphy"`  // _morphy(lower, pos)
}

// loadNLTKWords reads testdata/nltk_synonyms.json.
func loadNLTKWords(tb testing.TB) []nltkWord {
	tb.Helper()
	b, err := os.ReadFile("testdata/nltk_synonyms.json")
	if err != nil {
		tb.Fatalf("%v (regenerate with /usr/bin/python3 scripts/reference/wordnet.py)", err)
	}
	var doc struct {
		Words []nltkWord `json:"words"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		tb.Fatal(err)
	}
	if len(doc.Words) < 1000 {
		tb.Fatalf("only %d words in testdata/nltk_synonyms.json", len(doc.Words))
	}
	return doc.Words
}

// TestMatchesNLTK compares Synsets, Synonyms, SynonymIDs and BaseForms with
// NLTK's answers for every word of the reference file, for both morphy
// variants.
func TestMatchesNLTK(t *testing.T) {
	words := loadNLTKWords(t)
	one := openTest(t)
	rec := one.WithMorphy(MorphyRecursive)
	differ := 0
	for _, w := range words {
		checkAnswer(t, one, w.Word, w.Lower, w.nltkAnswer)
		want := w.nltkAnswer
		if w.Recursive != nil {
			want = *w.Recursive
			differ++
		}
		checkAnswer(t, rec, w.Word, w.Lower, want)
	}
	if differ == 0 {
		t.Error("no word where the morphy variants differ: the reference file does not test MorphyRecursive")
	}
}

// checkAnswer compares w's answers about word with NLTK's.
func checkAnswer(t *testing.T, w *WordNet, word, lower string, want nltkAnswer) {
	t.Helper()
	var got []string
	for _, s := range w.Synsets(word) {
		got = append(got, fmt.Sprintf("%s:%d", s.POS(), s.Offset()))
	}
	if !slices.Equal(got, want.Synsets) {
		t.Errorf("%s: Synsets(%q) = %v, NLTK %v", w.Morphy(), word, got, want.Synsets)
	}
	if names := w.Synonyms(word); !slices.Equal(names, want.Names) {
		t.Errorf("%s: Synonyms(%q) = %v, NLTK %v", w.Morphy(), word, names, want.Names)
	}
	ids := w.SynonymIDs(word)
	if len(ids) != len(want.Names) || !slices.IsSorted(ids) {
		t.Errorf("%s: SynonymIDs(%q) = %v, want %d sorted IDs", w.Morphy(), word, ids, len(want.Names))
	}
	for _, name := range want.Names {
		id, ok := w.LookupName(name)
		if _, found := slices.BinarySearch(ids, id); !ok || !found {
			t.Errorf("%s: SynonymIDs(%q) lacks %q", w.Morphy(), word, name)
		}
	}
	for _, pos := range posList {
		got := w.BaseForms(lower, pos)
		if exp := want.Morphy[pos.String()]; !slices.Equal(got, exp) && (len(got) > 0 || len(exp) > 0) {
			t.Errorf("%s: BaseForms(%q, %s) = %v, NLTK _morphy %v", w.Morphy(), lower, pos, got, exp)
		}
	}
}
