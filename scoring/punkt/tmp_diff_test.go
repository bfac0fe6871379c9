package punkt

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

func TestTmpDiff(t *testing.T) {
	b, err := os.ReadFile(os.Getenv("PDIFF"))
	if err != nil {
		t.Skip(err)
	}
	var cases []struct {
		Text  string
		Spans [][2]int
	}
	json.Unmarshal(b, &cases)
	bad := 0
	for _, c := range cases {
		got := English().SentenceSpans(c.Text)
		if len(c.Spans) == 0 {
			c.Spans = nil
		}
		if !slices.Equal(got, c.Spans) {
			bad++
			if bad < 15 {
				t.Errorf("%q\n got %v\nwant %v", c.Text, got, c.Spans)
			}
		}
	}
	t.Logf("%d/%d bad", bad, len(cases))
}
