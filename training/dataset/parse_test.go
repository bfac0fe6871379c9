package dataset

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// climateFEVERPath is the shared Climate-FEVER file, relative to this
// package's folder.
var climateFEVERPath = filepath.Join("..", "..", "..", "shared", "data", "climate-fever", "climate-fever.jsonl")

// loadClimateFEVER parses the shared Climate-FEVER file, skipping the test
// when it is not there.
func loadClimateFEVER(tb testing.TB) []Item {
	tb.Helper()
	f, err := os.Open(climateFEVERPath)
	if errors.Is(err, os.ErrNotExist) {
		tb.Skipf("shared data %s not present", climateFEVERPath)
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	items, format, err := Parse(f, Limits{})
	if err != nil {
		tb.Fatalf("Parse(%s): %v", climateFEVERPath, err)
	}
	if format != FormatClimateFEVER {
		tb.Fatalf("format = %q, want %q", format, FormatClimateFEVER)
	}
	return items
}

func TestParseClimateFEVERFile(t *testing.T) {
	items := loadClimateFEVER(t)
	if len(items) != 1535 {
		t.Fatalf("got %d items, want 1535", len(items))
	}
	labels := map[string]int{}
	for _, it := range items {
		labels[it.Label]++
		if len(it.Evidence) != 5 {
			t.Errorf("item %s has %d evidences, want 5", it.ID, len(it.Evidence))
		}
		if it.Split != "" || it.Explanation != "" {
			t.Errorf("item %s has split %q, explanation %q; want none", it.ID, it.Split, it.Explanation)
		}
	}
	want := map[string]int{"SUPPORTS": 654, "NOT_ENOUGH_INFO": 474, "REFUTES": 253, "DISPUTED": 154}
	if !reflect.DeepEqual(labels, want) {
		t.Errorf("label counts = %v, want %v", labels, want)
	}
	first := items[0]
	if first.ID != "0" || first.Claim != "Global warming is driving polar bears toward extinction" || first.Label != "SUPPORTS" {
		t.Errorf("first item = %q %q %q", first.ID, first.Claim, first.Label)
	}
	wantEv := Evidence{
		Text:   "Environmental impacts include the extinction or relocation of many species as their ecosystems change, most immediately the environments of coral reefs, mountains, and the Arctic.",
		Label:  "SUPPORTS",
		Source: "Global warming:14",
	}
	if first.Evidence[1] != wantEv {
		t.Errorf("first item's evidence 1 = %+v, want %+v", first.Evidence[1], wantEv)
	}
}

func TestParseClimateFEVERLine(t *testing.T) {
	in := `{"claim_id": 17 , "claim":"  CO2 is plant food ","claim_label":"REFUTES","extra":{"x":1},` +
		`"evidences":[{"evidence_id":"Carbon dioxide:3","evidence_label":"REFUTES","article":"Carbon dioxide","evidence":"E one.","entropy":0.5,"votes":["REFUTES",null],"other":true},` +
		`{"evidence":"E two.","evidence_label":null,"evidence_id":null,"article":null,"entropy":null,"votes":null}]}` + "\n" +
		`{"claim_id":"-0x","claim":"c","claim_label":"DISPUTED","evidences":[{"evidence":"e"}]}`
	items, format, err := Parse(strings.NewReader(in), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if format != FormatClimateFEVER {
		t.Errorf("format = %q", format)
	}
	want := []Item{
		{ID: "17", Claim: "  CO2 is plant food ", Label: "REFUTES", Evidence: []Evidence{
			{Text: "E one.", Label: "REFUTES", Source: "Carbon dioxide:3"},
			{Text: "E two."},
		}},
		{ID: "-0x", Claim: "c", Label: "DISPUTED", Evidence: []Evidence{{Text: "e"}}},
	}
	if !reflect.DeepEqual(items, want) {
		t.Errorf("items =\n%+v\nwant\n%+v", items, want)
	}
}

func TestParseSimple(t *testing.T) {
	in := `{"id":"a","claim":"Seas rise.","evidence":["Ice melts.","Water warms."],"label":"SUPPORTS","notes":"ignored"}` + "\n" +
		"\n   \n" +
		`{"label":"my-label","claim":"c2","id":"b","evidence":[{"text":"t1","label":"REFUTES","source":"s1","x":1},"t2",{"text":"t3","label":null}],` +
		`"explanation":"Because.","split":"validation"}` + "\n" +
		`{"id":"c","claim":"c3","evidence":["t"],"label":"L","explanation":null,"split":""}`
	items, format, err := Parse(strings.NewReader(in), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if format != FormatSimple {
		t.Errorf("format = %q", format)
	}
	want := []Item{
		{ID: "a", Claim: "Seas rise.", Label: "SUPPORTS", Evidence: []Evidence{{Text: "Ice melts."}, {Text: "Water warms."}}},
		{ID: "b", Claim: "c2", Label: "my-label", Evidence: []Evidence{{Text: "t1", Label: "REFUTES", Source: "s1"}, {Text: "t2"}, {Text: "t3"}},
			Explanation: "Because.", Split: Validation},
		{ID: "c", Claim: "c3", Label: "L", Evidence: []Evidence{{Text: "t"}}},
	}
	if !reflect.DeepEqual(items, want) {
		t.Errorf("items =\n%+v\nwant\n%+v", items, want)
	}
}

func TestParseBOMAndCRLF(t *testing.T) {
	plain := `{"id":"a","claim":"c","evidence":["e"],"label":"L"}` + "\n" + `{"id":"b","claim":"c","evidence":["e"],"label":"L"}` + "\n"
	dos := "\xEF\xBB\xBF" + strings.ReplaceAll(plain, "\n", "\r\n") + "\r\n"
	want, _, err := Parse(strings.NewReader(plain), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got, format, err := Parse(strings.NewReader(dos), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if format != FormatSimple || !reflect.DeepEqual(got, want) {
		t.Errorf("with BOM and CRLF got %q %+v, want %+v", format, got, want)
	}
	// A BOM elsewhere than at the start is not white space.
	_, _, err = Parse(strings.NewReader(plain+"\xEF\xBB\xBF"+plain), Limits{})
	if err == nil {
		t.Error("a BOM in the middle was accepted")
	}
}

// simpleLine is a valid line of the simple format with the given id.
func simpleLine(id string) string {
	return `{"id":"` + id + `","claim":"c","evidence":["e"],"label":"L"}`
}

// cfLine is a valid Climate-FEVER line with the given id.
func cfLine(id string) string {
	return `{"claim_id":"` + id + `","claim":"c","claim_label":"SUPPORTS","evidences":[{"evidence_id":"x","evidence_label":"SUPPORTS","article":"a","evidence":"e","entropy":0,"votes":[]}]}`
}

func TestParseErrors(t *testing.T) {
	small := Limits{MaxItems: 3, MaxLineBytes: 200, MaxTextChars: 5}
	tests := []struct {
		name   string
		in     string
		lim    Limits
		format string
		want   []LineError
	}{
		{"empty input", "", Limits{}, "", []LineError{{Line: 0, Message: "no items"}}},
		{"only blank lines", "\n \r\n\t\n", Limits{}, "", []LineError{{Line: 0, Message: "no items"}}},
		{"invalid JSON", simpleLine("a") + "\n{\"id\": \n", Limits{}, FormatSimple,
			[]LineError{{Line: 2, Message: "invalid JSON: unexpected end of JSON input"}}},
		{"trailing data", simpleLine("a") + " x", Limits{}, "",
			[]LineError{{Line: 1, Message: "invalid JSON: invalid character 'x' after top-level value"}}},
		{"not an object", simpleLine("a") + "\n[1,2]\n\"s\"\nnull", Limits{}, FormatSimple, []LineError{
			{Line: 2, Message: "must be a JSON object, not array"},
			{Line: 3, Message: "must be a JSON object, not string"},
			{Line: 4, Message: "must be a JSON object, not null"},
		}},
		{"unknown format", `{"claim":"c","label":"L"}`, Limits{}, "", []LineError{{Line: 1,
			Message: "unknown format: expected Climate-FEVER fields (claim_id, claim, claim_label, evidences) or simple ones (id, claim, evidence, label)"}}},
		{"mixed formats", "\n" + simpleLine("a") + "\n" + cfLine("b"), Limits{}, FormatSimple, []LineError{
			{Line: 3, Message: "line is in the climate-fever format but the dataset is simple (detected on line 2)"}}},
		{"format from first recognizable line", "{\n" + cfLine("a") + "\n" + simpleLine("b"), Limits{}, FormatClimateFEVER, []LineError{
			{Line: 1, Message: "invalid JSON: unexpected end of JSON input"},
			{Line: 3, Message: "line is in the simple format but the dataset is climate-fever (detected on line 2)"}}},
		{"simple missing fields", `{"id":"a"}`, Limits{}, FormatSimple, []LineError{
			{Line: 1, Field: "claim", Message: "must be a non-empty string"},
			{Line: 1, Field: "label", Message: "must be a non-empty string"},
			{Line: 1, Field: "evidence", Message: "must be a non-empty array"},
		}},
		{"simple empty and white-space fields", `{"id":" ","claim":" \t\n","evidence":[],"label":""}`, Limits{}, FormatSimple, []LineError{
			{Line: 1, Field: "id", Message: "must be a non-empty string"},
			{Line: 1, Field: "claim", Message: "must be a non-empty string"},
			{Line: 1, Field: "label", Message: "must be a non-empty string"},
			{Line: 1, Field: "evidence", Message: "must be a non-empty array"},
		}},
		{"simple wrong types", `{"id":1,"claim":["c"],"evidence":"e","label":true,"explanation":2,"split":{}}`, Limits{}, FormatSimple, []LineError{
			{Line: 1, Field: "id", Message: "must be a non-empty string, not a number"},
			{Line: 1, Field: "claim", Message: "must be a non-empty string, not an array"},
			{Line: 1, Field: "label", Message: "must be a non-empty string, not a boolean"},
			{Line: 1, Field: "evidence", Message: "must be a non-empty array, not a string"},
			{Line: 1, Field: "explanation", Message: "must be a string, not a number"},
			{Line: 1, Field: "split", Message: "must be a string, not an object"},
		}},
		{"simple bad evidence elements", `{"id":"a","claim":"c","label":"L","evidence":["ok",3,"",{"label":"x"},{"text":"t","label":4,"source":[]},null]}`, Limits{}, FormatSimple, []LineError{
			{Line: 1, Field: "evidence[1]", Message: "must be a non-empty string or an object with text, not a number"},
			{Line: 1, Field: "evidence[2]", Message: "must be a non-empty string"},
			{Line: 1, Field: "evidence[3].text", Message: "must be a non-empty string"},
			{Line: 1, Field: "evidence[4].label", Message: "must be a string, not a number"},
			{Line: 1, Field: "evidence[4].source", Message: "must be a string, not an array"},
			{Line: 1, Field: "evidence[5]", Message: "must be a non-empty string or an object with text, not null"},
		}},
		{"simple unknown split", `{"id":"a","claim":"c","evidence":["e"],"label":"L","split":"dev"}`, Limits{}, FormatSimple, []LineError{
			{Line: 1, Field: "split", Message: `unknown split "dev": must be one of train, validation, test`}}},
		{"climate-fever missing fields", `{"claim_id":"a"}`, Limits{}, FormatClimateFEVER, []LineError{
			{Line: 1, Field: "claim", Message: "must be a non-empty string"},
			{Line: 1, Field: "claim_label", Message: "must be a non-empty string"},
			{Line: 1, Field: "evidences", Message: "must be a non-empty array"},
		}},
		{"climate-fever missing id", `{"claim":"c","claim_label":"SUPPORTS","evidences":[{"evidence":"e"}]}`, Limits{}, FormatClimateFEVER, []LineError{
			{Line: 1, Field: "claim_id", Message: "must be a non-empty string"}}},
		{"climate-fever unknown label", strings.Replace(cfLine("a"), `"claim_label":"SUPPORTS"`, `"claim_label":"supports"`, 1), Limits{}, FormatClimateFEVER, []LineError{
			{Line: 1, Field: "claim_label", Message: `unknown label "supports": must be one of SUPPORTS, REFUTES, NOT_ENOUGH_INFO, DISPUTED`}}},
		{"climate-fever non-integer id", `{"claim_id":1.5,"claim":"c","claim_label":"SUPPORTS","evidences":[{"evidence":"e"}]}` + "\n" +
			`{"claim_id":1e3,"claim":"c","claim_label":"SUPPORTS","evidences":{}}`, Limits{}, FormatClimateFEVER, []LineError{
			{Line: 1, Field: "claim_id", Message: "must be a non-empty string or an integer, not 1.5"},
			{Line: 2, Field: "claim_id", Message: "must be a non-empty string or an integer, not 1e3"},
			{Line: 2, Field: "evidences", Message: "must be a non-empty array, not an object"},
		}},
		{"climate-fever bad evidences", `{"claim_id":"a","claim":"c","claim_label":"SUPPORTS","evidences":["e",{"evidence":""},` +
			`{"evidence":"e","evidence_id":1,"evidence_label":"DISPUTED","article":false,"entropy":"0.1","votes":{}}]}`, Limits{}, FormatClimateFEVER, []LineError{
			{Line: 1, Field: "evidences[0]", Message: "must be an object, not a string"},
			{Line: 1, Field: "evidences[1].evidence", Message: "must be a non-empty string"},
			{Line: 1, Field: "evidences[2].evidence_id", Message: "must be a string, not a number"},
			{Line: 1, Field: "evidences[2].evidence_label", Message: `unknown label "DISPUTED": must be one of SUPPORTS, REFUTES, NOT_ENOUGH_INFO`},
			{Line: 1, Field: "evidences[2].article", Message: "must be a string, not a boolean"},
			{Line: 1, Field: "evidences[2].entropy", Message: "must be a number, not a string"},
			{Line: 1, Field: "evidences[2].votes", Message: "must be an array, not an object"},
		}},
		{"duplicate ids", simpleLine("a") + "\n" + simpleLine("b") + "\n\n" + simpleLine("a"), Limits{}, FormatSimple, []LineError{
			{Line: 4, Field: "id", Message: `duplicate id "a" (first on line 1)`}}},
		{"duplicate climate-fever ids, number and string", `{"claim_id":7,"claim":"c","claim_label":"SUPPORTS","evidences":[{"evidence":"e"}]}` + "\n" + cfLine("7"),
			Limits{}, FormatClimateFEVER, []LineError{{Line: 2, Field: "claim_id", Message: `duplicate id "7" (first on line 1)`}}},
		{"texts too long", `{"id":"a","claim":"ééééé","evidence":["123456",{"text":"abcdef"}],"label":"L","explanation":"toolong"}` + "\n" +
			`{"id":"bbbbbb","claim":"c","evidence":["e"],"label":"LLLLLL"}`, small, FormatSimple, []LineError{
			{Line: 1, Field: "evidence[0]", Message: "must be at most 5 characters, not 6"},
			{Line: 1, Field: "evidence[1].text", Message: "must be at most 5 characters, not 6"},
			{Line: 1, Field: "explanation", Message: "must be at most 5 characters, not 7"},
			{Line: 2, Field: "id", Message: "must be at most 5 characters, not 6"},
			{Line: 2, Field: "label", Message: "must be at most 5 characters, not 6"},
		}},
		{"climate-fever texts too long", `{"claim_id":"abcdef","claim":"cccccc","claim_label":"SUPPORTS","evidences":[{"evidence":"eeeeee"}]}`, small, FormatClimateFEVER, []LineError{
			{Line: 1, Field: "claim_id", Message: "must be at most 5 characters, not 6"},
			{Line: 1, Field: "claim", Message: "must be at most 5 characters, not 6"},
			{Line: 1, Field: "evidences[0].evidence", Message: "must be at most 5 characters, not 6"},
		}},
		{"line too long", simpleLine("a") + "\n" + `{"id":"b","claim":"` + strings.Repeat("x", 300) + `"}` + "\r\n" + simpleLine("c"), small, FormatSimple, []LineError{
			{Line: 2, Message: "line is longer than 200 bytes"}}},
		{"too many items", simpleLine("a") + "\n\n" + simpleLine("b") + "\n" + simpleLine("c") + "\n" + simpleLine("d") + "\n" + simpleLine("e"), small, FormatSimple, []LineError{
			{Line: 5, Message: "too many items: at most 3 allowed"}}},
		{"invalid UTF-8", simpleLine("a") + "\n" + `{"id":"b","claim":"caf` + "\xe9" + `","evidence":["e"],"label":"L"}`, Limits{}, FormatSimple, []LineError{
			{Line: 2, Message: "invalid UTF-8 at byte 23"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, format, err := Parse(strings.NewReader(tt.in), tt.lim)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want a *ParseError", err, err)
			}
			if items != nil {
				t.Errorf("got %d items with an error", len(items))
			}
			if format != tt.format {
				t.Errorf("format = %q, want %q", format, tt.format)
			}
			if !reflect.DeepEqual(pe.Problems, tt.want) || pe.Count != len(tt.want) {
				t.Errorf("problems (count %d):\n%s\nwant:\n%s", pe.Count, lineErrors(pe.Problems), lineErrors(tt.want))
			}
		})
	}
}

func lineErrors(es []LineError) string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString("  " + e.String() + "\n")
	}
	return b.String()
}

func TestParseErrorKeepsTwenty(t *testing.T) {
	in := strings.Repeat(`{"id":"x"}`+"\n", 15) // 3 problems a line
	_, _, err := Parse(strings.NewReader(in), Limits{})
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v", err)
	}
	if pe.Count != 15*3+14 { // each line's 3 missing fields, and 14 duplicate ids
		t.Errorf("Count = %d, want %d", pe.Count, 15*3+14)
	}
	if len(pe.Problems) != 20 {
		t.Errorf("kept %d problems, want 20", len(pe.Problems))
	}
	want := "invalid dataset: 59 problems: line 1: claim: must be a non-empty string; " +
		"line 1: label: must be a non-empty string; line 1: evidence: must be a non-empty array; and 56 more"
	if err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err.Error(), want)
	}
}

func TestParseErrorMessage(t *testing.T) {
	tests := []struct {
		err  ParseError
		want string
	}{
		{ParseError{Problems: []LineError{{Message: "no items"}}, Count: 1}, "invalid dataset: no items"},
		{ParseError{Problems: []LineError{{Line: 2, Field: "claim", Message: "must be a non-empty string"}}, Count: 1},
			"invalid dataset: line 2: claim: must be a non-empty string"},
		{ParseError{Problems: []LineError{{Line: 2, Message: "a"}, {Line: 5, Field: "f", Message: "b"}}, Count: 2},
			"invalid dataset: 2 problems: line 2: a; line 5: f: b"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestParseReadError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader(simpleLine("a")+"\n"), iotest.ErrReader(boom))
	_, _, err := Parse(r, Limits{})
	var pe *ParseError
	if !errors.Is(err, boom) || errors.As(err, &pe) {
		t.Errorf("err = %v, want the reader's error, not a ParseError", err)
	}
}

func TestParseLongLinesStream(t *testing.T) {
	// Lines longer than the reader's buffer, within and over the limit.
	long := `{"id":"a","claim":"` + strings.Repeat("x", 150000) + `","evidence":["e"],"label":"L"}`
	items, _, err := Parse(strings.NewReader(long+"\n"+simpleLine("b")), Limits{MaxLineBytes: 200000, MaxTextChars: 200000})
	if err != nil || len(items) != 2 || len(items[0].Claim) != 150000 {
		t.Fatalf("got %d items, err %v", len(items), err)
	}
	_, _, err = Parse(strings.NewReader(long+"\n"+simpleLine("b")), Limits{MaxLineBytes: 100000, MaxTextChars: 200000})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Count != 1 || pe.Problems[0].Line != 1 {
		t.Fatalf("err = %v, want one problem on line 1", err)
	}
}
