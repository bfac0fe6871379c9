package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// checker decodes the fields of one line and records what is wrong with
// them. Its methods return the zero value for a field that is wrong, after
// recording the problem.
type checker struct {
	line  int
	lim   Limits
	probs []LineError
}

// fail records a problem with field.
func (c *checker) fail(field, format string, args ...any) {
	c.probs = append(c.probs, LineError{Line: c.line, Field: field, Message: fmt.Sprintf(format, args...)})
}

// JSONKind names the kind of JSON value raw holds, as messages say it,
// without quoting it.
func JSONKind(raw json.RawMessage) string {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}

// isNull reports whether raw is absent or the JSON null.
func isNull(raw json.RawMessage) bool {
	return JSONKind(raw) == "null" || JSONKind(raw) == "nothing"
}

// text returns obj[key] as a required text: a string that is not only white
// space, of at most lim.MaxTextChars characters.
func (c *checker) text(obj map[string]json.RawMessage, key, field string) string {
	s, ok := c.requiredString(obj[key], field)
	if ok {
		c.checkLength(s, field)
	}
	return s
}

// requiredString returns raw as a string that is not only white space.
func (c *checker) requiredString(raw json.RawMessage, field string) (string, bool) {
	if isNull(raw) {
		c.fail(field, "must be a non-empty string")
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		c.fail(field, "must be a non-empty string, not %s", JSONKind(raw))
		return "", false
	}
	if strings.TrimSpace(s) == "" {
		c.fail(field, "must be a non-empty string")
		return "", false
	}
	return s, true
}

// optionalString returns raw as a string; absent or null is "".
func (c *checker) optionalString(raw json.RawMessage, field string) (string, bool) {
	if isNull(raw) {
		return "", true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		c.fail(field, "must be a string, not %s", JSONKind(raw))
		return "", false
	}
	return s, true
}

// checkLength records a problem when s is longer than lim.MaxTextChars.
func (c *checker) checkLength(s, field string) {
	if n := utf8.RuneCountInString(s); n > c.lim.MaxTextChars {
		c.fail(field, "must be at most %d characters, not %d", c.lim.MaxTextChars, n)
	}
}

// array returns raw as a non-empty JSON array.
func (c *checker) array(raw json.RawMessage, field string) []json.RawMessage {
	if isNull(raw) {
		c.fail(field, "must be a non-empty array")
		return nil
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		c.fail(field, "must be a non-empty array, not %s", JSONKind(raw))
		return nil
	}
	if len(elems) == 0 {
		c.fail(field, "must be a non-empty array")
		return nil
	}
	return elems
}

// object returns raw as a JSON object.
func (c *checker) object(raw json.RawMessage, field string) (map[string]json.RawMessage, bool) {
	var obj map[string]json.RawMessage
	if JSONKind(raw) != "an object" || json.Unmarshal(raw, &obj) != nil {
		c.fail(field, "must be an object, not %s", JSONKind(raw))
		return nil, false
	}
	return obj, true
}

// optionalKind records a problem when raw is present, not null and not of
// the given kind ("a number", "an array", ...).
func (c *checker) optionalKind(raw json.RawMessage, field, kind string) {
	if isNull(raw) {
		return
	}
	if k := JSONKind(raw); k != kind {
		c.fail(field, "must be %s, not %s", kind, k)
	}
}
