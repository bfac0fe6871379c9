package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScoreCompare(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.jsonl")
	b := filepath.Join(dir, "b.jsonl")
	// b lists the same ids in another order: rows must be paired by id.
	writeFile(t, a, `{"id":"1","cec":0.71,"bleu":0.30,"bertscore":{"precision":0.9,"recall":0.8,"f1":0.85}}
{"id":"2","cec":0.64,"bleu":0.20,"bertscore":{"precision":0.8,"recall":0.8,"f1":0.8}}
{"id":"3","cec":0.80,"bleu":0.35,"bertscore":{"precision":0.7,"recall":0.9,"f1":0.79}}
{"id":"4","cec":0.55,"bleu":0.10,"bertscore":{"precision":0.6,"recall":0.7,"f1":0.65}}
{"id":"5","cec":0.68,"bleu":0.25,"bertscore":{"precision":0.9,"recall":0.9,"f1":0.9}}
`)
	writeFile(t, b, `{"id":"5","cec":0.60,"bleu":0.25}
{"id":"4","cec":0.50,"bleu":0.10}
{"id":"3","cec":0.79,"bleu":0.30}
{"id":"2","cec":0.61,"bleu":0.20}
{"id":"1","cec":0.66,"bleu":0.28}
`)
	var stdout, stderr syncBuffer
	if err := run(context.Background(), []string{"score", "--compare", a, b}, envFrom(nil), strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("compare: %v; stderr %s", err, stderr.String())
	}
	out := stdout.String()
	// SciPy 1.10 on cec: ttest_rel = (3.772968873135194, p 0.019554212720304612), wilcoxon = (0.0, 0.0625).
	cecLine := lineWith(out, "cec ")
	for _, want := range []string{"5", "0.6760", "0.6320", "3.773", "0.0196", "0.0", "0.0625"} {
		if !strings.Contains(cecLine, want) {
			t.Errorf("cec row %q lacks %s\n%s", cecLine, want, out)
		}
	}
	if lineWith(out, "bertscore_f1") != "" {
		t.Errorf("bertscore is only in one file but was compared:\n%s", out)
	}
	if !strings.Contains(out, "bleu") || !strings.Contains(out, "note: bleu: wilcoxon") {
		t.Errorf("bleu row or its zero-difference note missing:\n%s", out)
	}
}

func TestScoreCompareNeedsTwoFiles(t *testing.T) {
	var stdout, stderr syncBuffer
	err := run(context.Background(), []string{"score", "--compare", "a.jsonl"}, envFrom(nil), strings.NewReader(""), &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "two files") {
		t.Fatalf("err = %v", err)
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func lineWith(text, prefix string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), prefix) {
			return l
		}
	}
	return ""
}
