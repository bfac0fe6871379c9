package standin

import (
	"regexp"
	"strings"
	"testing"
)

// sentences splits an explanation at ". " followed by an upper-case letter.
func sentences(s string) []string {
	return regexp.MustCompile(`[.:]\s+[A-Z"]`).Split(s, -1)
}

func TestExplain(t *testing.T) {
	got := Explain(userMsg)
	want := `Because the melting of glaciers adds water to the oceans, the claim "Sea levels are rising because of melting glaciers" follows from what is observed. ` +
		`In turn, thermal expansion of warming water also raises the sea level, which strengthens the causal link the claim asserts. ` +
		`This is reinforced by the observation that tide gauges show a rise of about 20 cm since 1900. ` +
		`This is why the claim is supported by the evidence.`
	if got != want {
		t.Errorf("Explain =\n%s\nwant\n%s", got, want)
	}
	if Explain(userMsg) != got {
		t.Error("Explain is not deterministic")
	}
}

func TestExplainLayoutsAndLabels(t *testing.T) {
	cases := []struct {
		name, msg, wantLabel, wantEvidence string
	}{
		{"numbered evidence lines", "Claim: CO2 drives warming.\nEvidence 1: CO2 traps heat.\nEvidence 2 (REFUTES): Something else.\nLabel: REFUTES", "refuted by the evidence", "CO2 traps heat"},
		{"dash list", "Claim:\nCO2 drives warming.\n\nEvidence sentences:\n- \"The sun varies.\" (NOT_ENOUGH_INFO)\n- CO2 traps heat.\n\nVerdict: NOT_ENOUGH_INFO", "not enough information", "the sun varies"},
		{"markdown", "**Claim:** CO2 drives warming.\n**Evidence:**\n[1] Models disagree.\n[2] Data is sparse.\n**Label:** DISPUTED", "disputed", "models disagree"},
		{"no label", "Claim: CO2 drives warming.\nEvidence:\n1. CO2 traps heat.", "judged by how well", "CO2 traps heat"},
		{"nothing", "Just some words.", "judged by how well", "the available evidence"},
	}
	for _, tc := range cases {
		got := Explain(tc.msg)
		if !strings.Contains(got, tc.wantLabel) || !strings.Contains(got, "Because "+tc.wantEvidence+",") {
			t.Errorf("%s: %s", tc.name, got)
		}
		if n := len(sentences(got)); n < 3 || n > 5 {
			t.Errorf("%s: %d sentences: %s", tc.name, n, got)
		}
		if strings.Contains(strings.ToLower(got), "as an ai") || strings.Contains(got, "GPT") {
			t.Errorf("%s: claims to be a model: %s", tc.name, got)
		}
	}
}

func TestClauseShortens(t *testing.T) {
	long := "The " + strings.Repeat("very ", 30) + "long sentence. Second sentence."
	c := clause(long, 18, nil)
	if n := len(strings.Fields(c)); n != 18 || !strings.HasPrefix(c, "the very") || strings.Contains(c, "Second") {
		t.Errorf("clause = %q (%d words)", c, n)
	}
	if c := clause("Greenland lost 3.5 trillion tons of ice. More text.", 18, nil); c != "Greenland lost 3.5 trillion tons of ice" {
		t.Errorf("clause = %q", c)
	}
	known := wordSet("the polar regions; co2 levels")
	for in, want := range map[string]string{
		"Polar bears hunt.": "polar bears hunt",
		"CO2 rises.":        "CO2 rises",
		"Arctic ice melts.": "Arctic ice melts",
		"The ice melts.":    "the ice melts",
	} {
		if got := clause(in, 18, known); got != want {
			t.Errorf("clause(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExplainTemplateLayout(t *testing.T) {
	msg := "[Claim] Global warming is driving polar bears toward extinction; [Evidence] 1. Polar bears depend on sea ice. 2. The sea ice shrank by 2. 5 percent a decade. 3. Populations are stable in some regions.; [Label] SUPPORTS\n" +
		"Explain, as a chain of causes and effects, why the evidence leads to this label for the claim."
	got := Explain(msg)
	want := `Because polar bears depend on sea ice, the claim "Global warming is driving polar bears toward extinction" follows from what is observed. ` +
		`In turn, the sea ice shrank by 2. 5 percent a decade, which strengthens the causal link the claim asserts. ` +
		`This is reinforced by the observation that Populations are stable in some regions. ` +
		`This is why the claim is supported by the evidence.`
	if got != want {
		t.Errorf("Explain =\n%s\nwant\n%s", got, want)
	}
	for msg, label := range map[string]string{
		"[Claim] X; [Evidence] 1. Y; [Label] NOT_ENOUGH_INFO\nExplain.": "not enough information",
		"[Claim] X; [Evidence] ; [Label] DISPUTED":                      "disputed",
	} {
		if got := Explain(msg); !strings.Contains(got, label) || len(sentences(got)) < 3 {
			t.Errorf("%q: %s", msg, got)
		}
	}
}

func TestSplitNumbered(t *testing.T) {
	cases := map[string][]string{
		"1. a 2. b 3. c":          {"a", "b", "c"},
		"1. rose 3. 5 mm 2. b":    {"rose 3. 5 mm", "b"},
		"1. only":                 {"only"},
		"no numbers":              {"no numbers"},
		"":                        nil,
		"1. a.  2. b. 4. c 3. d.": {"a.", "b. 4. c", "d."},
	}
	for in, want := range cases {
		got := splitNumbered(in)
		if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
			t.Errorf("splitNumbered(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTidy(t *testing.T) {
	for in, want := range map[string]string{
		`"Recent Research Shows Warming".`:            "Recent Research Shows Warming",
		"However, the ice melts.":                     "the ice melts",
		"Rather, numbers are stable.”":                "numbers are stable",
		"one two three four five and the":             "one two three four five",
		"temperatures rise, which is, as":             "temperatures rise",
		"a b c d e f g h i j k l m n o p q r s t u v": "a b c d e f g h i j k l m n o p q r",
	} {
		if got := tidy(in, 18); got != want {
			t.Errorf("tidy(%q) = %q, want %q", in, got, want)
		}
	}
}
