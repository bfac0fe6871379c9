package wordnet_test

import (
	"fmt"

	"github.com/cecbench/cecbench/wordnet"
)

// The synonyms METEOR's WordNet stage sees for a word: the lemma names of
// all its synsets, found through the exception list ("geese" -> "goose").
func ExampleWordNet_Synonyms() {
	wn, err := wordnet.Open(wordnet.DefaultDir)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(wn.Synonyms("geese"))
	fmt.Println(wn.BaseForms("ran", wordnet.Verb))
	// Output:
	// [goose fathead goof goofball bozo jackass cuckoo twat zany]
	// [run]
}

// NLTK 3.8 strips suffixes again when one pass finds nothing; NLTK 3.9 and
// Princeton's morphy do not.
func ExampleWordNet_WithMorphy() {
	wn, err := wordnet.Open(wordnet.DefaultDir)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(wn.BaseForms("offerings", wordnet.Verb))
	fmt.Println(wn.WithMorphy(wordnet.MorphyRecursive).BaseForms("offerings", wordnet.Verb))
	// Output:
	// []
	// [offer]
}
