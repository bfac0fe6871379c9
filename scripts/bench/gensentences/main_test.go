package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEvidencesDistinctTrimmedLongEnough(t *testing.T) {
	in := strings.Join([]string{
		`{"claim":"c1","evidences":[{"evidence":"  Sea level rose over the twentieth century.  "},{"evidence":"Too short."}]}`,
		``,
		`{"claim":"c2","evidences":[{"evidence":"Sea level rose over the twentieth century."},{"evidence":"Glaciers retreat as the climate warms."}]}`,
	}, "\n")
	got, err := evidences(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Sea level rose over the twentieth century.", "Glaciers retreat as the climate warms."}
	if !slices.Equal(got, want) {
		t.Errorf("evidences = %q, want %q", got, want)
	}
	if _, err := evidences(strings.NewReader("{not json}\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bad line: %v, want an error naming line 1", err)
	}
}

func TestSelectSentencesSpreadsLengthsDeterministically(t *testing.T) {
	var texts []string
	for i := range 1000 {
		texts = append(texts, fmt.Sprintf("s%04d %s", i, strings.Repeat("x", i%300)))
	}
	a, err := selectSentences(texts, 100)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := selectSentences(slices.Concat(texts[500:], texts[:500]), 100) // input order must not matter
	if !slices.Equal(a, b) {
		t.Error("the selection depends on the input order")
	}
	seen := map[string]bool{}
	minLen, maxLen := 1<<30, 0
	for _, s := range a {
		if seen[s] {
			t.Fatalf("%q selected twice", s)
		}
		seen[s] = true
		minLen = min(minLen, utf8.RuneCountInString(s))
		maxLen = max(maxLen, utf8.RuneCountInString(s))
	}
	if minLen != 6 || maxLen != 6+299 {
		t.Errorf("lengths %d to %d, want the shortest (6) and the longest (305) included", minLen, maxLen)
	}
	if slices.IsSortedFunc(a, func(x, y string) int { return len(x) - len(y) }) {
		t.Error("selection is ordered by length; want it mixed")
	}
	if _, err := selectSentences(texts, 1001); err == nil {
		t.Error("asking for more than there are: want an error")
	}
}
