package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
)

// sftItems returns items in two splits, some explained.
func sftItems() []Item {
	ev := []Evidence{{Text: "e1"}, {Text: "e2"}}
	return []Item{
		{ID: "a", Claim: "c1", Evidence: ev, Label: "SUPPORTS", Split: Train, Explanation: "Heat melts ice. Seas rise."},
		{ID: "b", Claim: "c2", Evidence: ev, Label: "REFUTES", Split: Train},
		{ID: "c", Claim: "c3", Evidence: ev, Label: "SUPPORTS", Split: Test, Explanation: "Because \"x\"."},
		{ID: "d", Claim: "c4", Evidence: ev, Label: "REFUTES", Split: Validation, Explanation: " \n"},
		{ID: "e", Claim: "c5", Evidence: ev, Label: "REFUTES", Split: Train, Explanation: "More CO2 traps heat."},
	}
}

func TestWriteChatJSONL(t *testing.T) {
	tmpl := Templates[DefaultTemplate]
	items := sftItems()
	var buf bytes.Buffer
	n, err := WriteChatJSONL(&buf, items, Train, tmpl)
	if err != nil || n != 2 {
		t.Fatalf("WriteChatJSONL = %d, %v; want 2", n, err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2 || !strings.HasSuffix(buf.String(), "\n") {
		t.Fatalf("output %q: want 2 lines each ending in a newline", buf.String())
	}
	for i, it := range []Item{items[0], items[4]} {
		var got struct {
			ID       string    `json:"id"`
			Template string    `json:"template"`
			Messages []Message `json:"messages"`
		}
		dec := json.NewDecoder(strings.NewReader(lines[i]))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&got); err != nil {
			t.Fatal(err)
		}
		want := append(tmpl.Messages(it), Message{Role: "assistant", Content: it.Explanation})
		if got.ID != it.ID || got.Template != "cec-causal-v1" || len(got.Messages) != 3 {
			t.Fatalf("line %d = %+v", i, got)
		}
		for k := range want {
			if got.Messages[k] != want[k] {
				t.Errorf("line %d message %d = %+v, want %+v", i, k, got.Messages[k], want[k])
			}
		}
	}
	if !strings.HasPrefix(lines[0], `{"id":"a","template":"cec-causal-v1","messages":[{"role":"system","content":"You are`) {
		t.Errorf("line 0 = %s", lines[0])
	}

	// All items: a, c, e (b unexplained, d only white space).
	buf.Reset()
	n, err = WriteChatJSONL(&buf, items, "", tmpl)
	if err != nil || n != 3 || strings.Count(buf.String(), "\n") != 3 {
		t.Errorf("all splits: %d, %v, %q", n, err, buf.String())
	}
}

func TestWriteText(t *testing.T) {
	tmpl := Template{Version: "t", System: "Sys.", UserFormat: "Claim: {claim} ({label})"}
	var buf bytes.Buffer
	n, err := WriteText(&buf, sftItems(), "", tmpl)
	if err != nil || n != 3 {
		t.Fatalf("WriteText = %d, %v; want 3", n, err)
	}
	want := "### System:\nSys.\n\n### User:\nClaim: c1 (SUPPORTS)\n\n### Assistant:\nHeat melts ice. Seas rise.\n### End\n" +
		"\n" +
		"### System:\nSys.\n\n### User:\nClaim: c3 (SUPPORTS)\n\n### Assistant:\nBecause \"x\".\n### End\n" +
		"\n" +
		"### System:\nSys.\n\n### User:\nClaim: c5 (REFUTES)\n\n### Assistant:\nMore CO2 traps heat.\n### End\n"
	if buf.String() != want {
		t.Errorf("WriteText wrote\n%s\nwant\n%s", buf.String(), want)
	}
	if got := tmpl.TextPrompt(sftItems()[1]); got != "### System:\nSys.\n\n### User:\nClaim: c2 (REFUTES)\n\n### Assistant:\n" {
		t.Errorf("TextPrompt = %q", got)
	}
	noSys := Template{Version: "t", UserFormat: "{claim}"}
	buf.Reset()
	if _, err := WriteText(&buf, sftItems(), Test, noSys); err != nil || buf.String() != "### User:\nc3\n\n### Assistant:\nBecause \"x\".\n### End\n" {
		t.Errorf("without system: %v, %q", err, buf.String())
	}
}

func TestExportErrors(t *testing.T) {
	tmpl := Templates[DefaultTemplate]
	writers := map[string]func(io.Writer, []Item, string, Template) (int, error){
		"WriteChatJSONL": WriteChatJSONL,
		"WriteText":      WriteText,
	}
	unexplained := sftItems()
	for i := range unexplained {
		unexplained[i].Explanation = ""
	}
	tests := []struct {
		name  string
		items []Item
		split string
		want  error
	}{
		{"unknown split", sftItems(), "dev", ErrUnknownSplit},
		{"split with no items", sftItems()[:2], Test, ErrEmptySplit},
		{"no items at all", nil, "", ErrEmptySplit},
		{"split with no explanation", sftItems(), Validation, ErrNoExplanations},
		{"no explanation at all", unexplained, "", ErrNoExplanations},
	}
	for wname, write := range writers {
		for _, tt := range tests {
			var buf bytes.Buffer
			n, err := write(&buf, tt.items, tt.split, tmpl)
			if !errors.Is(err, tt.want) || n != 0 || buf.Len() != 0 {
				t.Errorf("%s, %s: %d, %v, wrote %d bytes; want %v and nothing written", wname, tt.name, n, err, buf.Len(), tt.want)
			}
		}
		_, err := write(io.Discard, sftItems(), "dev", tmpl)
		if err == nil || !strings.Contains(err.Error(), "train, validation, test") {
			t.Errorf("%s: unknown split error %v does not list the valid names", wname, err)
		}
		_, err = write(failWriter{}, sftItems(), Train, tmpl)
		if !errors.Is(err, errFull) {
			t.Errorf("%s: writer error = %v, want %v", wname, err, errFull)
		}
	}
}

var errFull = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errFull }
