package dataset

import (
	"reflect"
	"strings"
	"testing"
)

// goldenItem is the item the template golden tests render.
var goldenItem = Item{
	ID:    "q1",
	Claim: "Global warming is driving polar bears toward extinction",
	Evidence: []Evidence{
		{Text: "Rising global temperatures contribute to habitat destruction.", Label: "SUPPORTS"},
		{Text: "Polar bears depend on sea ice {label}"},
	},
	Label: "SUPPORTS",
}

// TestTemplateGolden pins what cec-causal-v1 renders. If this test fails,
// the prompt changed: publish it as a new version instead.
func TestTemplateGolden(t *testing.T) {
	tmpl, err := LookupTemplate("cec-causal-v1")
	if err != nil {
		t.Fatal(err)
	}
	want := []Message{
		{Role: "system", Content: "You are an expert climate scientist. Given a claim, the evidence about it and its label, " +
			"you write a concise explanation of 3 to 5 sentences that traces the chain of causes and effects " +
			"linking the evidence to the label. Write plain prose: no lists, no headings, no bullet points."},
		{Role: "user", Content: "[Claim] Global warming is driving polar bears toward extinction; " +
			"[Evidence] 1. Rising global temperatures contribute to habitat destruction. 2. Polar bears depend on sea ice {label}; " +
			"[Label] SUPPORTS\n" +
			"Explain, as a chain of causes and effects, why the evidence leads to this label for the claim."},
	}
	if got := tmpl.Messages(goldenItem); !reflect.DeepEqual(got, want) {
		t.Errorf("Messages =\n%q\nwant\n%q", got, want)
	}
	if tmpl.Version != "cec-causal-v1" {
		t.Errorf("Version = %q", tmpl.Version)
	}
}

func TestLookupTemplate(t *testing.T) {
	def, err := LookupTemplate("")
	if err != nil || def.Version != DefaultTemplate {
		t.Errorf(`LookupTemplate("") = %q, %v; want the default`, def.Version, err)
	}
	for version, tmpl := range Templates {
		if tmpl.Version != version {
			t.Errorf("Templates[%q].Version = %q", version, tmpl.Version)
		}
		for _, ph := range []string{"{claim}", "{evidence}", "{label}"} {
			if !strings.Contains(tmpl.UserFormat, ph) {
				t.Errorf("template %s lacks %s", version, ph)
			}
		}
	}
	_, err = LookupTemplate("cec-causal-v0")
	if err == nil || !strings.Contains(err.Error(), `"cec-causal-v0"`) || !strings.Contains(err.Error(), "cec-causal-v1") {
		t.Errorf("unknown version error = %v, want it to name the version and list the known ones", err)
	}
}

func TestTemplateWithoutSystem(t *testing.T) {
	tmpl := Template{Version: "t", UserFormat: "{claim}|{evidence}|{label}|{other}"}
	got := tmpl.Messages(Item{Claim: "{evidence}", Evidence: []Evidence{{Text: "a"}}, Label: "L"})
	want := []Message{{Role: RoleUser, Content: "{evidence}|1. a|L|{other}"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Messages = %q, want %q", got, want)
	}
}
