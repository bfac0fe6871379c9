package punkt

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// token is NLTK's PunktToken: a word token with its annotations.
type token struct {
	tok         string // the token's text
	typ         string // see typeOf; set when haveType
	haveType    bool
	periodFinal bool // tok ends with "."
	sentBreak   bool // a sentence ends after this token
	abbr        bool // tok is an abbreviation
	ellipsis    bool // tok is an ellipsis ("..", "...")
}

// numberType is the type NLTK gives every number-like token.
const numberType = "##number##"

// newToken returns the PunktToken for tok, without annotations.
func newToken(tok string) token {
	return token{tok: tok, periodFinal: strings.HasSuffix(tok, ".")}
}

// typeOf is the token's type: the token lower-cased, or "##number##" for a
// number. Only tokens next to a period need it, so it is computed on first
// use.
func (t *token) typeOf(tz *Tokenizer) string {
	if !t.haveType {
		t.typ = tz.lower(t.tok)
		if isNumeric(t.typ) {
			t.typ = numberType
		}
		t.haveType = true
	}
	return t.typ
}

// isNumeric reports whether s matches _RE_NUMERIC, ^-?[\.,]?\d[\d,\.-]*\.?$:
// an optional minus, an optional period or comma, a decimal digit, and then
// only digits, commas, periods and hyphens.
func isNumeric(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	if i < len(s) && (s[i] == '.' || s[i] == ',') {
		i++
	}
	first := true
	for i < len(s) {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if !isDecimal(r) && (first || (r != ',' && r != '.' && r != '-')) {
			return false
		}
		first = false
		i += size
	}
	return !first
}

// typeNoPeriod is the type without its final period, if it has one.
func (t *token) typeNoPeriod(tz *Tokenizer) string {
	typ := t.typeOf(tz)
	if len(typ) > 1 && typ[len(typ)-1] == '.' {
		return typ[:len(typ)-1]
	}
	return typ
}

// typeNoSentPeriod is the type without its final period if that period
// ends a sentence.
func (t *token) typeNoSentPeriod(tz *Tokenizer) string {
	if t.sentBreak {
		return t.typeNoPeriod(tz)
	}
	return t.typeOf(tz)
}

// firstUpper reports whether the token starts with an uppercase character.
func (t *token) firstUpper() bool { return isUpper(firstRune(t.tok)) }

// firstLower reports whether the token starts with a lowercase character.
func (t *token) firstLower() bool { return isLower(firstRune(t.tok)) }

// isEllipsis reports whether the token matches _RE_ELLIPSIS, \.\.+$: two or
// more periods and nothing else.
func (t *token) isEllipsis() bool {
	return len(t.tok) >= 2 && runOf(t.tok, 0, '.') == len(t.tok)
}

// isInitial reports whether the token matches _RE_INITIAL, [^\W\d]\.$: a
// single non-digit word character followed by a period.
func (t *token) isInitial() bool {
	r, size := utf8.DecodeRuneInString(t.tok)
	if size == 0 || len(t.tok) != size+1 || t.tok[size] != '.' {
		return false
	}
	if r == utf8.RuneError && size == 1 {
		return false
	}
	return isWordChar(r) && !isDecimal(r)
}

// isSentEndChar reports whether tok is one of PunktLanguageVars.sent_end_chars.
func isSentEndChar(tok string) bool {
	return tok == "." || tok == "?" || tok == "!"
}

// firstPass is PunktBaseClass._first_pass_annotation: marks sentence-end
// punctuation and period-final non-abbreviations as sentence breaks, and
// period-final known abbreviations (also when only the part after the last
// hyphen is one) as abbreviations.
func (tz *Tokenizer) firstPass(t *token) {
	switch {
	case isSentEndChar(t.tok):
		t.sentBreak = true
	case t.isEllipsis():
		t.ellipsis = true
	case t.periodFinal && !strings.HasSuffix(t.tok, ".."):
		if tz.isAbbrevWord(t.tok[:len(t.tok)-1]) {
			t.abbr = true
		} else {
			t.sentBreak = true
		}
	}
}

// isAbbrevWord reports whether w lower-cased, or its part after the last
// hyphen, is a known abbreviation.
func (tz *Tokenizer) isAbbrevWord(w string) bool {
	var buf [64]byte
	if b, ok := appendASCIILower(buf[:0], w); ok {
		// Indexing with string(b) does not allocate.
		if _, ok := tz.abbrevs[string(b)]; ok {
			return true
		}
		if i := bytes.LastIndexByte(b, '-'); i >= 0 {
			_, ok := tz.abbrevs[string(b[i+1:])]
			return ok
		}
		return false
	}
	base := pyLower(w)
	last := base
	if i := strings.LastIndexByte(base, '-'); i >= 0 {
		last = base[i+1:]
	}
	return tz.isAbbrev(base) || tz.isAbbrev(last)
}

// lower returns pyLower(s), without allocating when s is ASCII and its
// lower-case form is one of the parameters' keys.
func (tz *Tokenizer) lower(s string) string {
	var buf [64]byte
	if b, ok := appendASCIILower(buf[:0], s); ok {
		if len(b) == len(s) && string(b) == s {
			return s
		}
		if k, ok := tz.keys[string(b)]; ok {
			return k
		}
	}
	return pyLower(s)
}

// appendASCIILower appends s lower-cased to dst when s is ASCII (which
// pyLower then lower-cases byte by byte), and reports whether it was.
func appendASCIILower(dst []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b >= utf8.RuneSelf {
			return dst, false
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		dst = append(dst, b)
	}
	return dst, true
}

func (tz *Tokenizer) isAbbrev(typ string) bool {
	_, ok := tz.abbrevs[typ]
	return ok
}

func (tz *Tokenizer) isSentStarter(typ string) bool {
	_, ok := tz.sentStarters[typ]
	return ok
}

func (tz *Tokenizer) isCollocation(a, b string) bool {
	_, ok := tz.collocations[[2]string{a, b}]
	return ok
}

// secondPass is PunktSentenceTokenizer._second_pass_annotation: it revises
// the decision for tok1, a period-final token, from the token tok2 that
// follows it, using collocations, the orthographic heuristic, frequent
// sentence starters, and the rules for initials and ordinal numbers.
func (tz *Tokenizer) secondPass(tok1, tok2 *token) {
	if !tok1.periodFinal {
		return
	}
	typ := tok1.typeNoPeriod(tz)
	nextTyp := tok2.typeNoSentPeriod(tz)
	initial := tok1.isInitial()

	// Collocation heuristic: a known collocation means no sentence break.
	if tz.isCollocation(typ, nextTyp) {
		tok1.sentBreak = false
		tok1.abbr = true
		return
	}

	// An abbreviation or ellipsis also ends a sentence if the next word
	// looks like a sentence start.
	if (tok1.abbr || tok1.ellipsis) && !initial {
		if tz.orthoHeuristic(tok2) == orthoStarter {
			tok1.sentBreak = true
			return
		}
		if tok2.firstUpper() && tz.isSentStarter(nextTyp) {
			tok1.sentBreak = true
			return
		}
	}

	// Initials and ordinals are abbreviations unless the next word looks
	// like a sentence start.
	if initial || typ == numberType {
		h := tz.orthoHeuristic(tok2)
		if h == orthoNotStarter {
			tok1.sentBreak = false
			tok1.abbr = true
			return
		}
		if h == orthoUnknown && initial && tok2.firstUpper() && tz.ortho[nextTyp]&orthoLC == 0 {
			tok1.sentBreak = false
			tok1.abbr = true
		}
	}
}

// orthoDecision is the result of the orthographic heuristic: NLTK's True,
// False and "unknown".
type orthoDecision int

const (
	orthoUnknown orthoDecision = iota
	orthoStarter
	orthoNotStarter
)

// orthoHeuristic is PunktSentenceTokenizer._ortho_heuristic: whether the
// orthographic contexts seen in training say that t starts a sentence.
func (tz *Tokenizer) orthoHeuristic(t *token) orthoDecision {
	switch t.tok {
	case ";", ":", ",", ".", "!", "?":
		return orthoNotStarter
	}
	ctx := tz.ortho[t.typeNoSentPeriod(tz)]
	// Capitalized, seen lower-case, never seen capitalized mid-sentence.
	if t.firstUpper() && ctx&orthoLC != 0 && ctx&orthoMidUC == 0 {
		return orthoStarter
	}
	// Lower-case, and seen capitalized or never seen lower-case at a
	// sentence start.
	if t.firstLower() && (ctx&orthoUC != 0 || ctx&orthoBegLC == 0) {
		return orthoNotStarter
	}
	return orthoUnknown
}

// containsSentBreak is PunktSentenceTokenizer.text_contains_sentbreak:
// whether any token of text but the last ends a sentence after both passes
// of annotation. Each token's second pass needs only the token after it, so
// the tokens are annotated as they are read and the search stops at the
// first break.
func (tz *Tokenizer) containsSentBreak(text string) bool {
	var prev token
	havePrev := false
	for w := range words(text) {
		cur := newToken(w)
		tz.firstPass(&cur)
		if havePrev {
			tz.secondPass(&prev, &cur)
			if prev.sentBreak {
				return true
			}
		}
		prev, havePrev = cur, true
	}
	return false
}
