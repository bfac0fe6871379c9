package llamacpp

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestLineSplitter(t *testing.T) {
	long := strings.Repeat("x", maxLineBytes)
	tests := []struct {
		name   string
		writes []string
		want   []string
	}{
		{"newlines", []string{"a\nb\n"}, []string{"a", "b"}},
		{"carriage returns", []string{"train: [=> ] 1/4\rtrain: [==>] 2/4 \r\n"}, []string{"train: [=> ] 1/4", "train: [==>] 2/4"}},
		{"crlf", []string{"a\r\nb\r\n"}, []string{"a", "b"}},
		{"empty and blank lines dropped", []string{"\n\n  \t\na\n\r\r"}, []string{"a"}},
		{"split across writes", []string{"hel", "lo\nwor", "ld"}, []string{"hello", "world"}},
		{"ansi stripped", []string{"\x1b[31mred\x1b[0m text\n\x1b[2K\x1b]0;title\x07plain\n"}, []string{"red text", "plain"}},
		{"only escapes", []string{"\x1b[0m\n"}, nil},
		{"leading blanks kept", []string{"  indented\n"}, []string{"  indented"}},
		{"overlong partial line cut", []string{long, "y\n"}, []string{long, "y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			s := &lineSplitter{emit: func(l string) { got = append(got, l) }}
			for _, w := range tt.writes {
				if n, err := s.Write([]byte(w)); n != len(w) || err != nil {
					t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(w))
				}
			}
			s.Flush()
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("lines = %.200q, want %.200q", got, tt.want)
			}
		})
	}
}

func TestStripANSI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"\x1b[1;32mok\x1b[m", "ok"},
		{"a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"},
		{"a\x1bMb", "ab"},
		{"cut\x1b[", "cut"},
		{"end\x1b", "end"},
	}
	for _, tt := range tests {
		if got := stripANSI(tt.in); got != tt.want {
			t.Errorf("stripANSI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTail(t *testing.T) {
	tests := []struct {
		n    int
		add  int
		want []string
	}{
		{3, 0, []string{}},
		{3, 2, []string{"1", "2"}},
		{3, 3, []string{"1", "2", "3"}},
		{3, 7, []string{"5", "6", "7"}},
		{0, 41, nil}, // DefaultTailLines: checked by length below
	}
	for _, tt := range tests {
		tl := newTail(tt.n)
		for i := 1; i <= tt.add; i++ {
			tl.add(strconv.Itoa(i))
		}
		got := tl.get()
		if tt.want == nil {
			if len(got) != DefaultTailLines || got[0] != "2" {
				t.Errorf("default tail after %d lines = %d lines starting %q", tt.add, len(got), got[0])
			}
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("tail(%d) after %d lines = %q, want %q", tt.n, tt.add, got, tt.want)
		}
	}
}
