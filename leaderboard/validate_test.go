package leaderboard

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// jsonl joins lines into a JSONL body, each line ended by "\n".
func jsonl(lines ...string) []byte {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// item is one well-formed submission line for id with explanation.
func item(id, explanation string) string {
	b, err := json.Marshal(map[string]string{"id": id, "explanation": explanation})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// wantProblem is an expected problem: its line, its id and a part of its
// message.
type wantProblem struct {
	line int
	id   string
	msg  string
}

// secret is an explanation distinctive enough that a message quoting it
// would be caught.
const secret = "ZEBRA-QUOKKA-7731 the references must never leak"

func TestParseSubmission(t *testing.T) {
	abc := []string{"a", "b", "c"}
	valid := jsonl(item("a", "A"), item("b", "B"), item("c", "C"))
	many := make([]string, 30)
	for i := range many {
		many[i] = fmt.Sprintf(`{"id": "x%d"}`, i)
	}

	tests := []struct {
		name  string
		body  []byte
		ids   []string
		lim   Limits
		want  []string // explanations, nil when problems are expected
		probs []wantProblem
		total int // 0: len(probs)
	}{
		{
			name: "valid in benchmark order",
			body: valid, ids: abc,
			want: []string{"A", "B", "C"},
		},
		{
			name: "valid in another order",
			body: jsonl(item("c", "C"), item("a", "A"), item("b", "B")), ids: abc,
			want: []string{"A", "B", "C"},
		},
		{
			name: "BOM, CRLF, blank lines and no final line end",
			body: []byte("\xef\xbb\xbf" + item("b", "B") + "\r\n\r\n   \t\r\n" + item("a", "A") + "\r\n\n" + item("c", "line one\nline two")),
			ids:  abc,
			want: []string{"A", "B", "line one\nline two"},
		},
		{
			name: "explanation with unicode and escapes",
			body: jsonl(`{"explanation": "caf\u00e9 — \"quoted\"", "id": "a"}`), ids: []string{"a"},
			want: []string{`café — "quoted"`},
		},
		{
			name: "empty body",
			body: nil, ids: abc,
			probs: []wantProblem{{0, "", "the file is empty: expected one JSON object per line"}},
		},
		{
			name: "whitespace-only body",
			body: []byte(" \n\t\r\n\n"), ids: abc,
			probs: []wantProblem{{0, "", "the file is empty"}},
		},
		{
			name: "BOM only",
			body: []byte("\xef\xbb\xbf\n"), ids: abc,
			probs: []wantProblem{{0, "", "the file is empty"}},
		},
		{
			name: "invalid UTF-8",
			body: jsonl(item("a", "A"), "{\"id\": \"b\", \"explanation\": \"B\xff\"}", item("c", "C")), ids: abc,
			probs: []wantProblem{
				{2, "", "not valid UTF-8 (first bad byte at column 30)"},
				{0, "", "1 of 3 items have no explanation; first missing: b"},
			},
		},
		{
			name: "syntax error",
			body: jsonl(item("a", "A"), `{"id": b, "explanation": "B"}`, item("c", "C")), ids: abc,
			probs: []wantProblem{
				{2, "", `not valid JSON: invalid character 'b' looking for beginning of value; expected one object per line like {"id": "...", "explanation": "..."}`},
				{0, "", "1 of 3 items have no explanation; first missing: b"},
			},
		},
		{
			name: "line ends inside the object",
			body: jsonl(`{"id": "a", "explanation": "A"`, `{"id"`), ids: []string{"a"},
			probs: []wantProblem{
				{1, "a", "the line ends inside the object"},
				{2, "", "the line ends inside the object"},
				{0, "", "1 of 1 items"},
			},
		},
		{
			name: "not an object",
			body: jsonl(`["a", "A"]`, `"a"`, `12`, `null`, `true`), ids: []string{"a"},
			probs: []wantProblem{
				{1, "", `expected a JSON object like {"id": "...", "explanation": "..."}, found an array`},
				{2, "", "found a string"},
				{3, "", "found a number"},
				{4, "", "found null"},
				{5, "", "found a boolean"},
				{0, "", "1 of 1 items"},
			},
		},
		{
			name: "missing fields",
			body: jsonl(`{"id": "a"}`, `{"explanation": "B"}`, `{}`), ids: abc,
			probs: []wantProblem{
				{1, "a", `missing field "explanation": expected {"id": "...", "explanation": "..."}`},
				{2, "", `missing field "id"`},
				{3, "", `missing fields "id" and "explanation"`},
				{0, "", "3 of 3 items have no explanation; first missing: a, b, c"},
			},
		},
		{
			name: "wrong types",
			body: jsonl(`{"id": 1, "explanation": "A"}`, `{"id": "b", "explanation": null}`, `{"id": "c", "explanation": ["C"]}`), ids: abc,
			probs: []wantProblem{
				{1, "", `field "id" must be a string, found a number`},
				{2, "b", `field "explanation" must be a string, found null`},
				{3, "c", `field "explanation" must be a string, found an array`},
				{0, "", "3 of 3 items"},
			},
		},
		{
			name: "unknown field",
			body: jsonl(`{"id": "a", "text": "A"}`), ids: []string{"a"},
			probs: []wantProblem{
				{1, "a", `unknown field "text": each line has "id" and "explanation"`},
				{0, "", "1 of 1 items"},
			},
		},
		{
			name: "duplicate keys",
			body: jsonl(`{"id": "a", "id": "b", "explanation": "A"}`, `{"id": "b", "explanation": "B", "explanation": "B"}`), ids: []string{"a", "b"},
			probs: []wantProblem{
				{1, "a", `duplicate field "id"`},
				{2, "b", `duplicate field "explanation"`},
				{0, "", "2 of 2 items"},
			},
		},
		{
			name: "trailing data",
			body: jsonl(item("a", "A")+` {}`, item("b", "B")+`}`, item("c", "C")+`  x`), ids: abc,
			probs: []wantProblem{
				{1, "a", "unexpected data after the JSON object: expected one object per line"},
				{2, "b", "unexpected data after the JSON object"},
				{3, "c", "unexpected data after the JSON object"},
				{0, "", "3 of 3 items"},
			},
		},
		{
			name: "unknown and empty ids",
			body: jsonl(item("a", "A"), item("zz", "Z"), item("", "E")), ids: []string{"a"},
			probs: []wantProblem{
				{2, "zz", `unknown id "zz": expected the id of an item of this benchmark`},
				{3, "", `"id" is empty`},
			},
		},
		{
			name: "duplicate id",
			body: jsonl(item("b", "B"), item("a", "A"), "", item("b", "B2")), ids: []string{"a", "b"},
			probs: []wantProblem{{4, "b", `duplicate id "b": already given on line 1`}},
		},
		{
			name: "empty explanations",
			body: jsonl(item("a", ""), item("b", " \n\t ")), ids: []string{"a", "b"},
			probs: []wantProblem{
				{1, "a", `"explanation" is empty`},
				{2, "b", `"explanation" is empty`},
			},
		},
		{
			name: "explanation too long",
			body: jsonl(item("a", "0123456789"), item("b", "01234567890")), ids: []string{"a", "b"},
			lim:   Limits{MaxExplanationBytes: 10},
			probs: []wantProblem{{2, "b", `"explanation" is 11 bytes long: the limit is 10 bytes`}},
		},
		{
			name: "default explanation limit",
			body: jsonl(item("a", strings.Repeat("é", 4096)), item("b", strings.Repeat("x", 8193))), ids: []string{"a", "b"},
			probs: []wantProblem{{2, "b", `"explanation" is 8193 bytes long: the limit is 8192 bytes`}},
		},
		{
			name: "NUL in explanation",
			body: jsonl(`{"id": "a", "explanation": "A\u0000B"}`), ids: []string{"a"},
			probs: []wantProblem{{1, "a", `"explanation" contains a NUL character`}},
		},
		{
			name: "line problems and an explanation problem on the same line",
			body: jsonl(item("a", "A"), item("a", "")), ids: []string{"a"},
			probs: []wantProblem{
				{2, "a", `duplicate id "a": already given on line 1`},
				{2, "a", `"explanation" is empty`},
			},
		},
		{
			name: "missing items lists the first five",
			body: jsonl(item("c", "C")), ids: []string{"a", "b", "c", "d", "e", "f", "g", "h"},
			probs: []wantProblem{{0, "", "7 of 8 items have no explanation; first missing: a, b, d, e, f"}},
		},
		{
			name: "default cap of 20 problems, total counts them all",
			body: jsonl(many...), ids: []string{"a"},
			probs: func() []wantProblem {
				var w []wantProblem
				for i := range 20 {
					w = append(w, wantProblem{i + 1, fmt.Sprintf("x%d", i), `missing field "explanation"`})
				}
				return w
			}(),
			total: 31, // 30 lines and the missing item
		},
		{
			name: "cap keeps the first problems in file order",
			body: jsonl(many[:5]...), ids: []string{"a"},
			lim:   Limits{MaxProblems: 2},
			probs: []wantProblem{{1, "x0", "missing field"}, {2, "x1", "missing field"}},
			total: 6,
		},
		{
			name: "long ids are truncated",
			body: jsonl(item(strings.Repeat("é", 80), "A")), ids: []string{"a"},
			probs: []wantProblem{
				{1, strings.Repeat("é", 48) + "...", `unknown id "` + strings.Repeat("é", 48) + `..."`},
				{0, "", "1 of 1 items"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, probs, total := ParseSubmission(tt.body, tt.ids, tt.lim)
			if !slices.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
				t.Errorf("explanations = %q, want %q", got, tt.want)
			}
			wantTotal := tt.total
			if wantTotal == 0 {
				wantTotal = len(tt.probs)
			}
			if total != wantTotal {
				t.Errorf("total = %d, want %d", total, wantTotal)
			}
			if len(probs) != len(tt.probs) {
				t.Fatalf("got %d problems, want %d: %+v", len(probs), len(tt.probs), probs)
			}
			for i, w := range tt.probs {
				p := probs[i]
				if p.Line != w.line || p.ID != w.id || !strings.Contains(p.Message, w.msg) {
					t.Errorf("problem %d = %+v, want line %d, id %q, message containing %q", i, p, w.line, w.id, w.msg)
				}
			}
		})
	}
}

func TestParseSubmissionNeverEchoesExplanations(t *testing.T) {
	ids := []string{"a", "b", "c"}
	body := jsonl(
		item("a", secret),
		item("a", secret),                                      // duplicate id
		item("b", strings.Repeat(secret, 200)),                 // over-long
		item("nope", secret),                                   // unknown id
		`{"id": "c", "explanation": "`+secret+`", "x": 1}`,     // unknown field
		item("c", secret)+` "`+secret+`"`,                      // trailing data
		`"`+secret+`"`,                                         // not an object
		`{"id": "c", "explanation": "`+secret+"\t"+secret+`"}`, // syntax error inside the text
		`{"id": "c", "explanation": "`+secret,                  // ends inside the text
		`{"id": "c", "explanation": "`+secret+"\xff"+`"}`,      // invalid UTF-8
		`{"id": "c", "explanation": "`+secret+`\u0000"}`,       // NUL
	)
	got, probs, total := ParseSubmission(body, ids, Limits{MaxExplanationBytes: 1000})
	if got != nil {
		t.Fatalf("explanations = %q, want nil", got)
	}
	if total != 10 || len(probs) != total { // every line but the first
		t.Fatalf("total = %d, %d problems; want 10, all listed", total, len(probs))
	}
	for _, p := range probs {
		for _, s := range []string{secret, "ZEBRA", "QUOKKA"} {
			if strings.Contains(p.Message, s) || strings.Contains(p.ID, s) {
				t.Errorf("line %d: problem %+v echoes the explanation", p.Line, p)
			}
		}
	}
}

func TestParseSubmissionLargeBodies(t *testing.T) {
	// A benchmark-sized upload: 1,535 items of about 650 bytes, ~1 MB.
	ids := make([]string, 1535)
	lines := make([]string, len(ids))
	for i := range ids {
		ids[i] = fmt.Sprintf("item-%04d", i)
		lines[len(ids)-1-i] = item(ids[i], strings.Repeat("word ", 130))
	}
	got, probs, _ := ParseSubmission(jsonl(lines...), ids, Limits{})
	if len(got) != len(ids) || probs != nil {
		t.Fatalf("got %d explanations, problems %+v", len(got), probs)
	}

	// A 10 MB body of bad lines, and one 10 MB line: both finish quickly
	// and report every problem in total.
	bad := bytes.Repeat([]byte(`{"id": "zz", "explanation": "`+strings.Repeat("x", 1000)+`"}`+"\n"), 10_000)
	if _, probs, total := ParseSubmission(bad, ids, Limits{}); total != 10_001 || len(probs) != 20 {
		t.Errorf("10 MB of bad lines: total %d, %d problems; want 10001, 20", total, len(probs))
	}
	huge := []byte(item("item-0000", strings.Repeat("x", 10<<20)))
	_, probs, _ = ParseSubmission(huge, ids[:1], Limits{})
	if len(probs) != 1 || !strings.Contains(probs[0].Message, "is 10485760 bytes long") {
		t.Errorf("10 MB line: problems %+v", probs)
	}
}

func BenchmarkParseSubmission(b *testing.B) {
	ids := make([]string, 1535)
	lines := make([]string, len(ids))
	for i := range ids {
		ids[i] = fmt.Sprintf("item-%04d", i)
		lines[i] = item(ids[i], strings.Repeat("word ", 130))
	}
	body := jsonl(lines...)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		ParseSubmission(body, ids, Limits{})
	}
}

func FuzzParseSubmission(f *testing.F) {
	seeds := [][]byte{
		nil,
		[]byte("\xef\xbb\xbf"),
		jsonl(item("a", "A"), item("b", "B"), item("c", "C")),
		[]byte("\xef\xbb\xbf" + item("c", "C") + "\r\n\r\n" + item("a", "A") + "\r\n" + item("b", "B")),
		jsonl(`{"id": "a", "id": "a", "explanation": "A"}`, `[1]`, `{"id": 1}`, `{"id": "b", "explanation": "\u0000"}`),
		jsonl(item("a", "A")+" {}", item("a", "A"), `{"id": "c", "text": "C"}`, "\xff", `{"id"`),
		jsonl(item("b", strings.Repeat("x", 100)), item("zz", " ")),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	ids := []string{"a", "b", "c"}
	f.Fuzz(func(t *testing.T, body []byte) {
		got, probs, total := ParseSubmission(body, ids, Limits{MaxExplanationBytes: 64, MaxProblems: 3})
		if got != nil {
			if len(got) != len(ids) || probs != nil || total != 0 {
				t.Fatalf("explanations %q with problems %+v, total %d", got, probs, total)
			}
			return
		}
		if len(probs) < 1 || len(probs) > 3 || total < len(probs) {
			t.Fatalf("nil explanations with %d problems, total %d", len(probs), total)
		}
		lines := bytes.Count(body, []byte("\n")) + 1
		last := 1
		for i, p := range probs {
			if p.Line < 0 || p.Line > lines {
				t.Fatalf("problem %+v outside the file's %d lines", p, lines)
			}
			if p.Line == 0 {
				last = 0 // whole-file problems come last
			} else if last == 0 || p.Line < last {
				t.Fatalf("problem %d %+v out of file order: %+v", i, p, probs)
			} else {
				last = p.Line
			}
			if p.Message == "" || len(p.ID) > maxEchoBytes {
				t.Fatalf("problem %+v: empty message or long id", p)
			}
		}
	})
}

func ExampleParseSubmission() {
	body := []byte(`{"id": "q2", "explanation": "Because the sky scatters blue light."}
{"id": "q9", "explanation": "..."}
{"id": "q2", "text": "again"}
`)
	explanations, problems, total := ParseSubmission(body, []string{"q1", "q2"}, Limits{})
	fmt.Println(explanations == nil, total)
	for _, p := range problems {
		fmt.Printf("line %d: %s\n", p.Line, p.Message)
	}
	// Output:
	// true 3
	// line 2: unknown id "q9": expected the id of an item of this benchmark
	// line 3: unknown field "text": each line has "id" and "explanation"
	// line 0: 1 of 2 items have no explanation; first missing: q1
}
