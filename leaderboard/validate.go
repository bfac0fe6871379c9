package leaderboard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/cecbench/cecbench/training/dataset"
)

// Default limits, used when a field of Limits is zero or negative.
const (
	defaultMaxExplanationBytes = 8192
	defaultMaxProblems         = 20
)

// maxEchoBytes bounds the ids and field names quoted back in messages.
const maxEchoBytes = 100

// maxMissingListed is how many missing ids the missing-items problem names.
const maxMissingListed = 5

// lineShape is the line format quoted in messages, so that every message
// about the shape of a line says what was expected.
const lineShape = `{"id": "...", "explanation": "..."}`

// utf8BOM is the byte order mark some editors write at the start of a file.
var utf8BOM = []byte("\xef\xbb\xbf")

// Limits bound one upload.
type Limits struct {
	// MaxExplanationBytes bounds one explanation (UTF-8 bytes); default
	// 8192 when 0.
	MaxExplanationBytes int
	// MaxProblems bounds the problems listed; default 20 when 0.
	MaxProblems int
}

// withDefaults returns lim with every unset field at its default.
func (lim Limits) withDefaults() Limits {
	if lim.MaxExplanationBytes <= 0 {
		lim.MaxExplanationBytes = defaultMaxExplanationBytes
	}
	if lim.MaxProblems <= 0 {
		lim.MaxProblems = defaultMaxProblems
	}
	return lim
}

// Problem is one thing wrong with an upload. Line is the 1-based line
// number, 0 for problems of the whole file (missing items, empty file).
type Problem struct {
	Line int `json:"line"`
	// ID is the item id the line gave, truncated to 100 bytes, when it
	// could be read.
	ID      string `json:"id,omitempty"`
	Message string `json:"message"`
}

// ParseSubmission checks body against the benchmark's item ids (in
// benchmark order) and returns the explanations in that order. When
// anything is wrong it returns nil explanations, the first lim.MaxProblems
// problems (file order; whole-file problems last) and the total number of
// problems found.
//
// The body is JSONL: one object {"id": ..., "explanation": ...} per line,
// every item exactly once, in any order. A leading UTF-8 byte order mark,
// CRLF line ends and blank lines are accepted. Messages name ids and field
// names but never quote an explanation.
func ParseSubmission(body []byte, ids []string, lim Limits) (explanations []string, problems []Problem, total int) {
	lim = lim.withDefaults()
	p := &problemList{max: lim.MaxProblems}
	body = bytes.TrimPrefix(body, utf8BOM)
	if len(bytes.TrimSpace(body)) == 0 {
		p.add(0, "", "the file is empty: expected one JSON object per line like "+lineShape)
		return nil, p.list, p.total
	}

	index := make(map[string]int, len(ids)) // id -> its first position in ids
	for i, id := range ids {
		if _, ok := index[id]; !ok {
			index[id] = i
		}
	}
	found := make([]entry, len(ids)) // by first position in ids

	for lineNo, rest := 1, body; len(rest) > 0; lineNo++ {
		var line []byte
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			line, rest = rest, nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		checkLine(line, lineNo, index, found, lim, p)
	}

	var missing []string
	nMissing := 0
	for _, id := range ids {
		if found[index[id]].line == 0 {
			nMissing++
			if len(missing) < maxMissingListed {
				missing = append(missing, truncate(id))
			}
		}
	}
	if nMissing > 0 {
		p.add(0, "", fmt.Sprintf("%d of %d items have no explanation; first missing: %s",
			nMissing, len(ids), strings.Join(missing, ", ")))
	}
	if p.total > 0 {
		return nil, p.list, p.total
	}

	explanations = make([]string, len(ids))
	for i, id := range ids {
		explanations[i] = found[index[id]].explanation
	}
	return explanations, nil, 0
}

// entry is what the file gave for one benchmark item: the line it first
// appeared on (0 if none yet) and its explanation.
type entry struct {
	line        int
	explanation string
}

// problemList counts every problem and keeps the first max of them.
type problemList struct {
	max   int
	total int
	list  []Problem
}

// add records one problem at line (0 for the whole file) about the item id
// ("" if unknown).
func (p *problemList) add(line int, id, msg string) {
	p.total++
	if len(p.list) < p.max {
		p.list = append(p.list, Problem{Line: line, ID: truncate(id), Message: msg})
	}
}

// checkLine checks one non-blank line (without its line end) and, when it
// names a benchmark item for the first time, records its explanation in
// found. A line whose shape is wrong (not UTF-8, not an object of the two
// string fields) gives one problem; a well-shaped line may give one
// problem about its id and one about its explanation.
func checkLine(line []byte, lineNo int, index map[string]int, found []entry, lim Limits, p *problemList) {
	if !utf8.Valid(line) {
		p.add(lineNo, "", fmt.Sprintf("the line is not valid UTF-8 (first bad byte at column %d): save the file as UTF-8", invalidUTF8At(line)+1))
		return
	}
	id, explanation, err := decodeLine(line)
	if err != nil {
		p.add(lineNo, id, err.Error())
		return
	}

	pos, known := index[id]
	switch {
	case id == "":
		p.add(lineNo, "", `"id" is empty: expected the id of a benchmark item`)
	case !known:
		p.add(lineNo, id, fmt.Sprintf("unknown id %q: expected the id of an item of this benchmark", truncate(id)))
	case found[pos].line != 0:
		p.add(lineNo, id, fmt.Sprintf("duplicate id %q: already given on line %d; expected each item exactly once", truncate(id), found[pos].line))
	default:
		found[pos] = entry{line: lineNo, explanation: explanation}
	}

	switch {
	case strings.TrimSpace(explanation) == "":
		p.add(lineNo, id, `"explanation" is empty: expected a non-empty text`)
	case len(explanation) > lim.MaxExplanationBytes:
		p.add(lineNo, id, fmt.Sprintf(`"explanation" is %d bytes long: the limit is %d bytes`, len(explanation), lim.MaxExplanationBytes))
	case strings.IndexByte(explanation, 0) >= 0:
		p.add(lineNo, id, `"explanation" contains a NUL character (\u0000): expected plain text`)
	}
}

// lineError is a problem with the shape of one line; its message is meant
// for the user as it is.
type lineError string

// Error returns the message.
func (e lineError) Error() string { return string(e) }

// decodeLine reads a line that must be exactly one JSON object with the
// string fields "id" and "explanation", each once, and nothing after it.
// On error it still returns the id when it was read before the error.
func decodeLine(line []byte) (id, explanation string, err error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	tok, err := dec.Token()
	if err != nil {
		return "", "", jsonError(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return "", "", lineError(fmt.Sprintf("expected a JSON object like %s, found %s", lineShape, kindOfToken(tok)))
	}

	var hasID, hasExplanation bool
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return id, "", jsonError(err)
		}
		key, ok := tok.(string)
		if !ok { // Token checks that keys are strings; this is a safeguard.
			return id, "", lineError("not valid JSON: object keys must be strings")
		}
		var dst *string
		switch key {
		case "id":
			if hasID {
				return id, "", lineError(`duplicate field "id": each line has "id" and "explanation" once`)
			}
			hasID, dst = true, &id
		case "explanation":
			if hasExplanation {
				return id, "", lineError(`duplicate field "explanation": each line has "id" and "explanation" once`)
			}
			hasExplanation, dst = true, &explanation
		default:
			return id, "", lineError(fmt.Sprintf(`unknown field %q: each line has "id" and "explanation"`, truncate(key)))
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return id, "", jsonError(err)
		}
		if raw[0] != '"' {
			return id, "", lineError(fmt.Sprintf("field %q must be a string, found %s", key, dataset.JSONKind(raw)))
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return id, "", jsonError(err)
		}
		*dst = s
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return id, "", jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return id, "", lineError("unexpected data after the JSON object: expected one object per line like " + lineShape)
	}

	switch {
	case !hasID && !hasExplanation:
		return "", "", lineError(`missing fields "id" and "explanation": expected ` + lineShape)
	case !hasID:
		return "", "", lineError(`missing field "id": expected ` + lineShape)
	case !hasExplanation:
		return id, "", lineError(`missing field "explanation": expected ` + lineShape)
	}
	return id, explanation, nil
}

// jsonError turns an error of encoding/json into a short message. A line
// that ends inside the object reads as io.EOF or io.ErrUnexpectedEOF; a
// syntax error names at most one character of the line.
func jsonError(err error) lineError {
	// SyntaxError.Offset is not reported: in the Decoder's token mode it
	// can point before the offending character.
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return lineError("not valid JSON: the line ends inside the object; expected one object per line like " + lineShape)
	}
	return lineError(fmt.Sprintf("not valid JSON: %v; expected one object per line like %s", err, lineShape))
}

// kindOfToken names the kind of a top-level JSON token without quoting it.
func kindOfToken(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			return "an array"
		}
		return "a delimiter"
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "something else"
}

// truncate cuts s to at most maxEchoBytes bytes, on a rune boundary, marking
// a cut with "...".
func truncate(s string) string {
	if len(s) <= maxEchoBytes {
		return s
	}
	cut := maxEchoBytes - len("...")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "..."
}

// invalidUTF8At returns the offset of the first byte of b that is not part
// of a valid UTF-8 sequence, or len(b) if there is none.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}
