package punkt

import "strings"

// endMarks are the characters that may end a sentence (Punkt's
// sent_end_chars), in the order of endScanner.next.
const endMarks = ".?!"

// endScanner finds the sentence-end characters of a text in order. A text
// holds few of them, so searching for each with strings.IndexByte, which
// scans many bytes at a time, beats testing every byte; the next position
// of each character is kept until it is passed, so each part of the text is
// searched at most once per character.
type endScanner struct {
	text string
	next [len(endMarks)]int // next position of each mark; len(text): none
}

// newEndScanner returns a scanner of text before its first search.
func newEndScanner(text string) endScanner {
	s := endScanner{text: text}
	for k := range s.next {
		s.next[k] = -1 // before any position: searched on first use
	}
	return s
}

// from returns the position of the first sentence-end character at or
// after byte offset i, or len(text) if there is none; i must only grow
// from call to call.
func (s *endScanner) from(i int) int {
	first := len(s.text)
	for k := range s.next {
		if s.next[k] < i {
			s.next[k] = len(s.text)
			if j := strings.IndexByte(s.text[i:], endMarks[k]); j >= 0 {
				s.next[k] = i + j
			}
		}
		first = min(first, s.next[k])
	}
	return first
}
