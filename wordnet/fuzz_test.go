package wordnet

import (
	"slices"
	"testing"
)

// FuzzSynonyms checks that any string can be looked up without a panic, and
// that Synonyms and SynonymIDs agree.
func FuzzSynonyms(f *testing.F) {
	for _, s := range []string{"", "geese", "catss", "eseseseseses", "İs", "\xff", "menmenmen", "a(p)"} {
		f.Add(s)
	}
	w := openTest(f)
	rec := w.WithMorphy(MorphyRecursive)
	f.Fuzz(func(t *testing.T, word string) {
		for _, v := range []*WordNet{w, rec} {
			names := v.Synonyms(word)
			ids := v.SynonymIDs(word)
			if len(names) != len(ids) {
				t.Fatalf("%q: %d names, %d IDs", word, len(names), len(ids))
			}
			for _, name := range names {
				id, ok := v.LookupName(name)
				if _, found := slices.BinarySearch(ids, id); !ok || !found {
					t.Fatalf("%q: name %q not among the IDs", word, name)
				}
			}
			for _, pos := range posList {
				v.BaseForms(word, pos)
			}
		}
	})
}
