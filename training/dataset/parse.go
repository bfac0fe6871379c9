package dataset

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// The input formats Parse understands.
const (
	// FormatClimateFEVER is Climate-FEVER's own JSONL: claim_id, claim,
	// claim_label and evidences.
	FormatClimateFEVER = "climate-fever"
	// FormatSimple is cecbench's simple JSONL: id, claim, evidence, label,
	// and optionally explanation and split.
	FormatSimple = "simple"
)

// The defaults for a zero Limits field.
const (
	DefaultMaxItems     = 100000
	DefaultMaxLineBytes = 1 << 20
	DefaultMaxTextChars = 20000
)

// maxProblems is how many problems a ParseError keeps.
const maxProblems = 20

// Limits bounds what Parse accepts. A field that is zero or negative takes
// its default: 100000 items, 1<<20 bytes a line, 20000 characters a text.
type Limits struct {
	// MaxItems is the most items (non-blank lines) a dataset may have.
	MaxItems int
	// MaxLineBytes is the longest line, in bytes, without its line ending.
	MaxLineBytes int
	// MaxTextChars is the longest id, claim, label (simple format),
	// evidence text or explanation, in characters (Unicode code points).
	MaxTextChars int
}

// withDefaults returns l with every unset field filled in.
func (l Limits) withDefaults() Limits {
	if l.MaxItems <= 0 {
		l.MaxItems = DefaultMaxItems
	}
	if l.MaxLineBytes <= 0 {
		l.MaxLineBytes = DefaultMaxLineBytes
	}
	if l.MaxTextChars <= 0 {
		l.MaxTextChars = DefaultMaxTextChars
	}
	return l
}

// LineError is one problem Parse found: its 1-based line number (0 for a
// problem of the whole input), the field it concerns in the input's own
// names (like "evidences[2].evidence"; empty for the whole line) and what is
// wrong.
type LineError struct {
	Line    int    `json:"line"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// String renders e as "line 2: claim: must be a non-empty string".
func (e LineError) String() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// ParseError is the error Parse returns for input it rejects. Problems holds
// the first 20 problems in line order; Count is how many were found in all.
type ParseError struct {
	Problems []LineError `json:"problems"`
	Count    int         `json:"count"`
}

// Error summarizes the first few problems, for example
// "invalid dataset: 3 problems: line 2: claim: must be a non-empty string; ...".
func (e *ParseError) Error() string {
	const shown = 3
	var b strings.Builder
	b.WriteString("invalid dataset: ")
	if e.Count == 1 && len(e.Problems) == 1 {
		b.WriteString(e.Problems[0].String())
		return b.String()
	}
	fmt.Fprintf(&b, "%d problems: ", e.Count)
	for i, p := range e.Problems {
		if i == shown {
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.String())
	}
	if rest := e.Count - min(shown, len(e.Problems)); rest > 0 {
		fmt.Fprintf(&b, "; and %d more", rest)
	}
	return b.String()
}

// problems collects LineErrors, keeping the first maxProblems.
type problems struct {
	kept  []LineError
	count int
}

func (p *problems) add(e LineError) {
	p.count++
	if len(p.kept) < maxProblems {
		p.kept = append(p.kept, e)
	}
}

func (p *problems) err() error {
	if p.count == 0 {
		return nil
	}
	return &ParseError{Problems: p.kept, Count: p.count}
}

// utf8BOM is the byte order mark some editors put at the start of a file.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Parse reads a JSONL dataset from r and returns its items in input order,
// normalized, with the format it found (FormatClimateFEVER or FormatSimple).
//
// Each non-blank line holds one JSON object, one item. Blank lines are
// skipped, a UTF-8 byte order mark at the start and "\r\n" line endings are
// tolerated. A line with claim_id or evidences is Climate-FEVER, else one
// with id or evidence is the simple format; the file's format is that of the
// first line whose format can be told, and every line must have it. Unknown
// extra fields are ignored. String contents are kept as they are, but a
// required string that is only white space counts as empty.
//
// Parse checks every line and, when anything is wrong, returns a
// *ParseError listing the problems with their line numbers (and the format,
// if it was found) and no items. Input without items is a ParseError with
// one problem on line 0, "no items". Past lim.MaxItems items it reports the
// excess once and stops reading. An error reading r is returned wrapped, as
// it is, not as a ParseError.
func Parse(r io.Reader, lim Limits) ([]Item, string, error) {
	lim = lim.withDefaults()
	lr := newLineReader(r, lim.MaxLineBytes)
	p := &parser{lim: lim, seen: make(map[string]int)}
	nonBlank := 0
	for {
		line, tooLong, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, p.format, fmt.Errorf("read dataset line %d: %w", lr.n, err)
		}
		if tooLong {
			nonBlank++
			if nonBlank > lim.MaxItems {
				p.probs.add(LineError{Line: lr.n, Message: fmt.Sprintf("too many items: at most %d allowed", lim.MaxItems)})
				break
			}
			p.probs.add(LineError{Line: lr.n, Message: fmt.Sprintf("line is longer than %d bytes", lim.MaxLineBytes)})
			continue
		}
		if lr.n == 1 {
			line = bytes.TrimPrefix(line, utf8BOM)
		}
		if len(bytes.Trim(line, " \t\r")) == 0 {
			continue
		}
		nonBlank++
		if nonBlank > lim.MaxItems {
			p.probs.add(LineError{Line: lr.n, Message: fmt.Sprintf("too many items: at most %d allowed", lim.MaxItems)})
			break
		}
		p.line(lr.n, line)
	}
	if p.probs.count == 0 && len(p.items) == 0 {
		p.probs.add(LineError{Line: 0, Message: "no items"})
	}
	if err := p.probs.err(); err != nil {
		return nil, p.format, err
	}
	return p.items, p.format, nil
}

// parser holds the state of one Parse call.
type parser struct {
	lim        Limits
	format     string
	formatLine int
	items      []Item
	seen       map[string]int // item id -> line it was first seen on
	probs      problems
}

// line checks one non-blank line and, when it is valid, appends its item.
func (p *parser) line(n int, line []byte) {
	if !utf8.Valid(line) {
		p.probs.add(LineError{Line: n, Message: fmt.Sprintf("invalid UTF-8 at byte %d", invalidUTF8At(line)+1)})
		return
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			p.probs.add(LineError{Line: n, Message: fmt.Sprintf("must be a JSON object, not %s", typeErr.Value)})
			return
		}
		p.probs.add(LineError{Line: n, Message: "invalid JSON: " + err.Error()})
		return
	}
	if obj == nil { // the literal null
		p.probs.add(LineError{Line: n, Message: "must be a JSON object, not null"})
		return
	}
	format := detect(obj)
	if format == "" {
		p.probs.add(LineError{Line: n, Message: "unknown format: expected Climate-FEVER fields (claim_id, claim, claim_label, evidences) or simple ones (id, claim, evidence, label)"})
		return
	}
	if p.format == "" {
		p.format, p.formatLine = format, n
	}
	if format != p.format {
		p.probs.add(LineError{Line: n, Message: fmt.Sprintf("line is in the %s format but the dataset is %s (detected on line %d)", format, p.format, p.formatLine)})
		return
	}
	c := &checker{line: n, lim: p.lim}
	var it Item
	var idField string
	switch format {
	case FormatClimateFEVER:
		it, idField = parseClimateFEVER(c, obj), "claim_id"
	default:
		it, idField = parseSimple(c, obj), "id"
	}
	if it.ID != "" {
		if first, dup := p.seen[it.ID]; dup {
			c.fail(idField, "duplicate id %q (first on line %d)", it.ID, first)
		} else {
			p.seen[it.ID] = n
		}
	}
	for _, e := range c.probs {
		p.probs.add(e)
	}
	if len(c.probs) == 0 {
		p.items = append(p.items, it)
	}
}

// detect tells a line's format from its field names, or "" when it cannot.
func detect(obj map[string]json.RawMessage) string {
	if _, ok := obj["claim_id"]; ok {
		return FormatClimateFEVER
	}
	if _, ok := obj["evidences"]; ok {
		return FormatClimateFEVER
	}
	if _, ok := obj["id"]; ok {
		return FormatSimple
	}
	if _, ok := obj["evidence"]; ok {
		return FormatSimple
	}
	return ""
}

// invalidUTF8At returns the offset of the first byte of b that is not part
// of valid UTF-8.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// lineReader splits its input into lines of at most max bytes without
// reading a too-long line into memory.
type lineReader struct {
	br  *bufio.Reader
	max int
	buf []byte
	n   int // number of the line last returned
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10), max: max}
}

// next returns the next line without its "\n" or "\r\n", and whether it was
// longer than max bytes (then line is nil and the rest of it was skipped).
// It returns io.EOF after the last line.
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	lr.buf = lr.buf[:0]
	read := false
	for {
		chunk, err := lr.br.ReadSlice('\n')
		read = read || len(chunk) > 0
		if !tooLong {
			// Two spare bytes for the "\r\n" that is not part of the line.
			if len(lr.buf)+len(chunk) > lr.max+2 {
				tooLong = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		switch err {
		case nil, io.EOF:
			if err == io.EOF && !read {
				return nil, false, io.EOF
			}
			lr.n++
			if tooLong {
				return nil, true, nil
			}
			line := bytes.TrimSuffix(lr.buf, []byte("\n"))
			line = bytes.TrimSuffix(line, []byte("\r"))
			if len(line) > lr.max {
				return nil, true, nil
			}
			return line, false, nil
		case bufio.ErrBufferFull:
			continue
		default:
			lr.n++
			return nil, false, err
		}
	}
}
