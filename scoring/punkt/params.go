package punkt

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
)

// englishParams is NLTK's pre-trained English Punkt model
// (nltk_data tokenizers/punkt/english.pickle) as JSON; see NOTICE.
//
//go:embed english_params.json
var englishParams []byte

// Orthographic context flags, NLTK's _ORTHO_* constants: where in a sentence
// (beginning, middle, unknown) a word type was seen with an upper- or
// lower-case first letter.
const (
	orthoBegUC = 1 << 1
	orthoMidUC = 1 << 2
	orthoUnkUC = 1 << 3
	orthoBegLC = 1 << 4
	orthoMidLC = 1 << 5
	orthoUnkLC = 1 << 6

	orthoUC = orthoBegUC | orthoMidUC | orthoUnkUC
	orthoLC = orthoBegLC | orthoMidLC | orthoUnkLC
)

// paramsJSON is the layout of english_params.json.
type paramsJSON struct {
	AbbrevTypes  []string       `json:"abbrev_types"`
	Collocations [][]string     `json:"collocations"`
	SentStarters []string       `json:"sent_starters"`
	OrthoContext map[string]int `json:"ortho_context"`
}

// parseParams builds a Tokenizer from Punkt parameters in the JSON layout of
// english_params.json.
func parseParams(data []byte) (*Tokenizer, error) {
	var p paramsJSON
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("decode punkt parameters: %w", err)
	}
	if len(p.AbbrevTypes) == 0 || len(p.OrthoContext) == 0 {
		return nil, errors.New("decode punkt parameters: no abbreviations or orthographic contexts")
	}
	t := &Tokenizer{
		abbrevs:      make(map[string]struct{}, len(p.AbbrevTypes)),
		collocations: make(map[[2]string]struct{}, len(p.Collocations)),
		sentStarters: make(map[string]struct{}, len(p.SentStarters)),
		ortho:        p.OrthoContext,
	}
	for _, a := range p.AbbrevTypes {
		t.abbrevs[a] = struct{}{}
	}
	for _, c := range p.Collocations {
		if len(c) != 2 {
			return nil, fmt.Errorf("decode punkt parameters: collocation %q is not a pair", c)
		}
		t.collocations[[2]string{c[0], c[1]}] = struct{}{}
	}
	for _, s := range p.SentStarters {
		t.sentStarters[s] = struct{}{}
	}
	t.keys = make(map[string]string)
	for _, keys := range [][]string{p.AbbrevTypes, p.SentStarters} {
		for _, k := range keys {
			t.keys[k] = k
		}
	}
	for _, c := range p.Collocations {
		t.keys[c[0]], t.keys[c[1]] = c[0], c[1]
	}
	for k := range p.OrthoContext {
		t.keys[k] = k
	}
	return t, nil
}

var english = sync.OnceValue(func() *Tokenizer {
	t, err := parseParams(englishParams)
	if err != nil {
		// The parameters are compiled into the binary and checked by the
		// tests, so this cannot happen in a released build.
		panic("punkt: embedded English parameters: " + err.Error())
	}
	return t
})

// English returns the tokenizer with NLTK's pre-trained English parameters,
// the one nltk.sent_tokenize(text, "english") uses. The parameters are parsed
// on the first call; later calls return the same Tokenizer.
func English() *Tokenizer {
	return english()
}
