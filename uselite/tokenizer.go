package uselite

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// This file is a port of the SentencePiece-style tokenizer of the reference
// runtime, @energetic-ai/embeddings@0.2.0 (lib/tokenizer.ts, lib/trie.ts,
// lib/stringToChars.ts, itself taken from tfjs-models'
// universal-sentence-encoder). The ids must equal the reference ids exactly,
// so its quirks are reproduced on purpose; each one is marked "Quirk".

// separator is the SentencePiece word-boundary symbol U+2581 "▁".
const separator = '\u2581'

// reservedSymbols is how many ids at the start of the vocabulary are control
// symbols (id 0 "unknown", <s>, </s>, extra_token_id_1..3). They are not put
// in the trie, so no input text can produce them except unknown (0).
const reservedSymbols = 6

// unknownID is the id the trie falls back to for a symbol it does not know.
const unknownID = 0

// vocabEntry is one [piece, score] pair of vocab.json.
type vocabEntry struct {
	piece string
	score float64
}

// trieKey addresses the child of node parent reached by symbol r.
type trieKey struct {
	parent int32
	r      rune
}

// trieNode is a node of the piece trie. depth is the number of code points
// from the root (the JS word[0].length).
type trieNode struct {
	end   bool
	depth int32
	score float64
	id    int32
}

// tokenizer turns text into vocabulary ids exactly as the reference does.
// It is immutable after newTokenizer and safe for concurrent use.
type tokenizer struct {
	// nodes[0] is the root.
	nodes    []trieNode
	children map[trieKey]int32
	// backStep[id] is the length of piece id in UTF-16 code units (JS
	// string .length), used when walking back from the end of the text.
	backStep []int
}

// parseVocab decodes vocab.json: a JSON array of [piece, score] pairs where
// score may be null.
func parseVocab(data []byte) ([]vocabEntry, error) {
	var raw [][2]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("vocab: %w: %v", ErrCorrupt, err)
	}
	if len(raw) <= reservedSymbols {
		return nil, fmt.Errorf("vocab: %w: %d entries, want more than %d", ErrCorrupt, len(raw), reservedSymbols)
	}
	out := make([]vocabEntry, len(raw))
	for i, pair := range raw {
		if pair[0] == nil || pair[1] == nil {
			return nil, fmt.Errorf("vocab entry %d: %w: want a [piece, score] pair", i, ErrCorrupt)
		}
		if err := json.Unmarshal(pair[0], &out[i].piece); err != nil {
			return nil, fmt.Errorf("vocab entry %d piece: %w: %v", i, ErrCorrupt, err)
		}
		if out[i].piece == "" {
			// The walk back in encode steps by the piece length; an
			// empty piece would never move.
			return nil, fmt.Errorf("vocab entry %d: %w: empty piece", i, ErrCorrupt)
		}
		// Quirk: seven pieces containing ':' have score null in vocab.json
		// (and ":00" has 0, ":30" has +30). In JS `null + number` is the
		// number, so null counts as 0; json.Unmarshal leaves null as 0.
		var score *float64
		if err := json.Unmarshal(pair[1], &score); err != nil {
			return nil, fmt.Errorf("vocab entry %d score: %w: %v", i, ErrCorrupt, err)
		}
		if score != nil {
			out[i].score = *score
		}
	}
	return out, nil
}

// newTokenizer builds the trie from the vocabulary like the JS Trie.insert.
func newTokenizer(vocab []vocabEntry) *tokenizer {
	t := &tokenizer{
		nodes:    []trieNode{{}},
		children: make(map[trieKey]int32, 4*len(vocab)),
		backStep: make([]int, len(vocab)),
	}
	for id, e := range vocab {
		t.backStep[id] = len(utf16.Encode([]rune(e.piece)))
	}
	for id := reservedSymbols; id < len(vocab); id++ {
		node := int32(0)
		depth := int32(0)
		for _, r := range vocab[id].piece {
			depth++
			k := trieKey{node, r}
			child, ok := t.children[k]
			if !ok {
				child = int32(len(t.nodes))
				t.nodes = append(t.nodes, trieNode{depth: depth})
				t.children[k] = child
			}
			node = child
		}
		if node == 0 {
			continue // empty piece: JS inserts nothing
		}
		// Quirk: a piece that occurs more than once ("”5" is ids 230, 238
		// and 4464) keeps the score and id of its LAST occurrence.
		n := &t.nodes[node]
		n.end = true
		n.score = vocab[id].score
		n.id = int32(id)
	}
	return t
}

// validUTF8 returns s with every byte that is not part of valid UTF-8
// replaced by U+FFFD, one replacement per byte, as encoding/json does when it
// decodes a string. The reference only ever sees valid strings.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s { // range yields RuneError for each invalid byte
		b.WriteRune(r)
	}
	return b.String()
}

// processInput is the JS processInput: NFKC, then, when the result is not
// empty, a leading "▁" and every U+0020 space replaced by "▁".
func processInput(text string) []rune {
	// Known difference: x/text's NFKC (Unicode 15.0 tables with Go 1.26)
	// and Node's ICU (Unicode 17.0 in Node 20.20) disagree on characters
	// added after 15.0, and x/text inserts U+034F after 30 consecutive
	// non-starters (stream-safe format) where ICU does not.
	normalized := norm.NFKC.String(validUTF8(text))
	if len(normalized) == 0 {
		// Quirk: an empty text gets no "▁" and so gives zero tokens.
		return nil
	}
	// Quirk: only U+0020 becomes "▁" (the JS regexp / /g), after NFKC; tabs
	// and newlines stay as they are and end up as unknown symbols.
	syms := make([]rune, 1, utf8.RuneCountInString(normalized)+1)
	syms[0] = separator
	for _, r := range normalized { // JS for...of: code points
		if r == ' ' {
			r = separator
		}
		syms = append(syms, r)
	}
	return syms
}

// candidate is a piece that spans symbols [start, end).
type candidate struct {
	start int
	score float64
	id    int32
}

// encode returns the ids of text.
func (t *tokenizer) encode(text string) []int {
	syms := processInput(text)
	n := len(syms)
	if n == 0 {
		return []int{}
	}
	// Every piece that matches at some start, in ascending start order.
	var found []candidate
	endOf := make([]int32, 0, 2*n)
	for i := 0; i < n; i++ {
		matched := false
		node := int32(0)
		for j := i; j < n; j++ {
			child, ok := t.children[trieKey{node, syms[j]}]
			if !ok {
				break
			}
			node = child
			if nd := t.nodes[node]; nd.end {
				found = append(found, candidate{start: i, score: nd.score, id: nd.id})
				endOf = append(endOf, int32(j+1))
				matched = true
			}
		}
		if !matched {
			// Quirk: commonPrefixSearch falls back to the single symbol
			// as unknown (id 0) with score 0, which beats every real
			// piece (their scores are negative log probabilities).
			found = append(found, candidate{start: i, score: 0, id: unknownID})
			endOf = append(endOf, int32(i+1))
		}
	}
	// Group them by end position with a stable counting sort, so that
	// within one end they stay in ascending start order: the order of the
	// JS `for (const startPos in nodes[endPos])` over integer keys.
	first := make([]int, n+2)
	for _, e := range endOf {
		first[e+1]++
	}
	for e := 1; e <= n+1; e++ {
		first[e] += first[e-1]
	}
	byEnd := make([]candidate, len(found))
	next := append([]int(nil), first[:n+1]...)
	for i, e := range endOf {
		byEnd[next[e]] = found[i]
		next[e]++
	}

	best := make([]float64, n+1)
	words := make([]int32, n+1)
	for end := 0; end <= n; end++ {
		for _, c := range byEnd[first[end]:first[end+1]] {
			score := c.score + best[c.start]
			// Quirk: best 0 means "not set yet", even when 0 is a real
			// score (a run of unknown symbols from the start), and ties go
			// to the later candidate (>=), i.e. the one starting later.
			if best[end] == 0 || score >= best[end] {
				best[end] = score
				words[end] = c.id
			}
		}
	}

	// Walk back from the end. Quirk: the step is the piece's length in
	// UTF-16 code units (JS string length) while positions count code
	// points; an unreachable position keeps word 0 and steps back by the
	// length of piece 0 ("\uFFFD", 1).
	var rev []int
	for iter := n; iter > 0; {
		id := words[iter]
		rev = append(rev, int(id))
		iter -= t.backStep[id]
	}

	// Merge runs of unknowns into one, then put the ids in text order.
	out := make([]int, 0, len(rev))
	prevUnk := false
	for _, id := range rev {
		if !(prevUnk && id == unknownID) {
			out = append(out, id)
		}
		prevUnk = id == unknownID
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}
