package main

import (
	"bytes"
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cecbench/cecbench/uselite/uselitetest"
)

func TestEvidenceSentencesFiltersLongOnes(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "claims.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	sents, err := evidenceSentences(raw)
	if err != nil {
		t.Fatal(err)
	}
	// 4 claims with 5 evidence sentences each; one has 38 words.
	if len(sents) != 19 {
		t.Errorf("%d sentences, want 19", len(sents))
	}
	for _, s := range sents {
		if n := len(strings.Split(s.text, " ")); n >= maxWords {
			t.Errorf("kept a sentence of %d words", n)
		}
	}
	if sents[0].claim != 0 || sents[len(sents)-1].claim != 3 {
		t.Errorf("claims %d .. %d, want 0 .. 3", sents[0].claim, sents[len(sents)-1].claim)
	}
	if _, err := evidenceSentences([]byte("{not json\n")); err == nil {
		t.Error("malformed line: no error")
	}
}

func TestDrawPairs(t *testing.T) {
	// "a" and "b" share claim 0, "c" and "e" claim 1; "x" is the text of
	// two evidence sentences of claims 2 and 3.
	sents := []sentence{{"a", 0}, {"b", 0}, {"c", 1}, {"e", 1}, {"x", 2}, {"x", 3}}
	claim := map[string]int{"a": 0, "b": 0, "c": 1, "e": 1}
	cands, refs, err := drawPairs(sents, 500, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(cands) != 500 || len(refs) != 500 {
		t.Fatalf("%d and %d texts, want 500 each", len(cands), len(refs))
	}
	for i := range cands {
		if cands[i] == refs[i] {
			t.Fatalf("pair %d: the same text %q twice", i, cands[i])
		}
		ca, okA := claim[cands[i]]
		cb, okB := claim[refs[i]]
		if okA && okB && ca == cb {
			t.Fatalf("pair %d: %q and %q are of the same claim", i, cands[i], refs[i])
		}
	}
	again, _, _ := drawPairs(sents, 500, 1)
	other, _, _ := drawPairs(sents, 500, 2)
	if strings.Join(again, ",") != strings.Join(cands, ",") {
		t.Error("the same seed drew different pairs")
	}
	if strings.Join(other, ",") == strings.Join(cands, ",") {
		t.Error("seeds 1 and 2 drew the same pairs")
	}
	if _, _, err := drawPairs([]sentence{{"a", 0}, {"b", 0}}, 3, 1); err == nil {
		t.Error("a single claim: no error")
	}
}

// generate runs the command on the test claims and returns the file.
func generate(t *testing.T, pairs int) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "baseline.go")
	args := []string{"-data", filepath.Join("testdata", "claims.jsonl"), "-models-dir", uselitetest.ModelsDir(t),
		"-pairs", strconv.Itoa(pairs), "-seed", "3", "-out", out}
	var stderr bytes.Buffer
	if err := run(context.Background(), args, func(string) string { return "" }, io.Discard, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	src, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func TestRunWritesBaseline(t *testing.T) {
	src := generate(t, 60)
	f, err := parser.ParseFile(token.NewFileSet(), "baseline.go", src, 0)
	if err != nil {
		t.Fatalf("generated file does not parse: %v\n%s", err, src)
	}
	if f.Name.Name != "bertscore" {
		t.Errorf("package %s, want bertscore", f.Name.Name)
	}
	fields := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		if kv, ok := n.(*ast.KeyValueExpr); ok {
			if lit, ok := kv.Value.(*ast.BasicLit); ok {
				fields[kv.Key.(*ast.Ident).Name] = lit.Value
			}
		}
		return true
	})
	if fields["ID"] != `"climate-fever-evidence-60pairs-seed3"` || fields["Model"] != `"use-lite-en@0.2.0"` || fields["Layer"] != "2" {
		t.Errorf("fields %v", fields)
	}
	for _, k := range []string{"Precision", "Recall", "F1"} {
		v, err := strconv.ParseFloat(fields[k], 64)
		if err != nil || v <= 0.05 || v >= 0.95 {
			t.Errorf("%s = %q, want a mean score within (0.05, 0.95)", k, fields[k])
		}
	}
	for _, want := range []string{"DO NOT EDIT", "go run ./scripts/reference/bertscore_baseline -pairs 60 -seed 3 -out scoring/bertscore/baseline.go"} {
		if !bytes.Contains(src, []byte(want)) {
			t.Errorf("generated file lacks %q:\n%s", want, src)
		}
	}
	if again := generate(t, 60); !bytes.Equal(again, src) {
		t.Errorf("two runs with the same seed differ:\n%s\n%s", src, again)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-pairs", "1"}, {"extra"}, {"-data", filepath.Join(t.TempDir(), "missing.jsonl")}} {
		if err := run(context.Background(), args, func(string) string { return "" }, io.Discard, io.Discard); err == nil {
			t.Errorf("run %q: no error", args)
		}
	}
}
