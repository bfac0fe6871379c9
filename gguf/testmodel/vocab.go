package testmodel

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
)

// Token types, as llama.cpp's llama_token_type.
const (
	tokenNormal  int32 = 1
	tokenUnknown int32 = 2
	tokenControl int32 = 3
	tokenByte    int32 = 6
)

// Ids of the special tokens.
const (
	UnkID = 0
	BosID = 1
	EosID = 2
)

// space is SentencePiece's word-boundary marker, U+2581.
const space = "▁"

// chars are the single characters with tokens of their own, alone and
// after a space.
const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" +
	".,;:!?'\"()[]{}-–—_/\\&%$#@*+=<>|~`^’“”…°"

// suffixes are word endings, held with every prefix of them.
var suffixes = []string{
	"s", "es", "ed", "er", "ers", "est", "ing", "ings", "ly", "ion", "ions",
	"tion", "tions", "ation", "ations", "al", "ally", "ment", "ments",
	"ness", "ity", "ive", "ous", "ful", "less", "able", "ic", "ical", "ist",
	"ists", "ism", "ure", "ence", "ance", "ant", "ent", "ated", "ating",
}

type vocab struct {
	tokens []string
	scores []float32
	types  []int32
}

var (
	vocabOnce sync.Once
	theVocab  vocab
)

// Vocab returns the tokens of the test models' SentencePiece vocabulary,
// indexed by id: <unk>, <s>, </s>, the byte tokens <0x00>..<0xFF>, "▁",
// single characters, then word pieces. The caller may modify the slice.
func Vocab() []string {
	return append([]string(nil), getVocab().tokens...)
}

func getVocab() vocab {
	vocabOnce.Do(func() { theVocab = buildVocab() })
	return theVocab
}

// buildVocab lays out the vocabulary. A piece's score is its length in
// characters plus a bonus below 1 for earlier (more frequent) pieces, so
// llama.cpp's SentencePiece merges, which take the best-scoring pair
// first, grow words one character at a time to the longest piece held.
func buildVocab() vocab {
	var v vocab
	add := func(tok string, score float32, typ int32) {
		v.tokens = append(v.tokens, tok)
		v.scores = append(v.scores, score)
		v.types = append(v.types, typ)
	}
	add("<unk>", 0, tokenUnknown)
	add("<s>", 0, tokenControl)
	add("</s>", 0, tokenControl)
	for b := 0; b < 256; b++ {
		add(fmt.Sprintf("<0x%02X>", b), 0, tokenByte)
	}
	var pieces []string
	seen := map[string]bool{}
	piece := func(p string) {
		if !seen[p] {
			seen[p] = true
			pieces = append(pieces, p)
		}
	}
	piece(space)
	for _, c := range chars {
		piece(string(c))
	}
	for _, c := range chars {
		piece(space + string(c))
	}
	withPrefixes := func(w string) {
		for i := range w {
			if i > 0 {
				piece(w[:i])
			}
		}
		piece(w)
	}
	for _, w := range strings.Fields(words) {
		withPrefixes(space + w)
	}
	for _, s := range suffixes {
		withPrefixes(s)
	}
	n := float32(len(pieces))
	for i, p := range pieces {
		add(p, float32(utf8.RuneCountInString(p))+0.5*(1-float32(i)/n), tokenNormal)
	}
	return v
}
