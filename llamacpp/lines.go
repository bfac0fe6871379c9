package llamacpp

import (
	"bytes"
	"strings"
)

// maxLineBytes bounds a line that never ends: past it, the bytes so far are
// delivered as a line of their own so that output keeps flowing.
const maxLineBytes = 64 << 10

// lineSplitter is an io.Writer that cuts what is written into lines at '\n'
// and at '\r' (progress bars redraw their line with '\r'), strips ANSI escape
// sequences and trailing blanks, drops empty lines and hands each remaining
// line to emit. Call Flush at the end for a last line without a terminator.
// It is not safe for concurrent use.
type lineSplitter struct {
	emit func(string)
	buf  []byte
}

// Write delivers every complete line in p; it never fails.
func (s *lineSplitter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexAny(p, "\r\n")
		if i < 0 {
			s.buf = append(s.buf, p...)
			if len(s.buf) >= maxLineBytes {
				s.Flush()
			}
			break
		}
		s.buf = append(s.buf, p[:i]...)
		s.Flush()
		p = p[i+1:]
	}
	return n, nil
}

// Flush delivers the pending partial line, if it is not empty.
func (s *lineSplitter) Flush() {
	if len(s.buf) == 0 {
		return
	}
	line := cleanLine(string(s.buf))
	s.buf = s.buf[:0]
	if line != "" {
		s.emit(line)
	}
}

// cleanLine strips ANSI escape sequences and trailing blanks from one line.
func cleanLine(line string) string {
	return strings.TrimRight(stripANSI(line), " \t\v\f")
}

// stripANSI removes ANSI escape sequences: CSI (ESC [ ... final byte), OSC
// (ESC ] ... BEL or ESC \) and two-byte escapes (ESC and one byte).
func stripANSI(s string) string {
	if strings.IndexByte(s, 0x1b) < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != 0x1b {
			b.WriteByte(s[i])
			i++
			continue
		}
		i = skipEscape(s, i)
	}
	return b.String()
}

// skipEscape returns the index just past the escape sequence at s[i] (an ESC).
func skipEscape(s string, i int) int {
	i++ // ESC
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[': // CSI: parameter and intermediate bytes, then a final byte 0x40-0x7e
		for i++; i < len(s); i++ {
			if c := s[i]; c >= 0x40 && c <= 0x7e {
				return i + 1
			}
		}
		return i
	case ']': // OSC: ends with BEL or ST (ESC \)
		for i++; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return i
	default:
		return i + 1
	}
}
