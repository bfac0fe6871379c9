package climatefever

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestSentenceEndsWithAStop(t *testing.T) {
	for in, want := range map[string]string{
		"Sea levels rise":          "Sea levels rise.",
		"Sea levels rise.":         "Sea levels rise.",
		"Is it warming?":           "Is it warming?",
		"It is!":                   "It is!",
		`He said "it is warming."`: `He said "it is warming."`,
		`They call it "warming"`:   `They call it "warming".`,
		"":                         "",
	} {
		if got := Sentence(in); got != want {
			t.Errorf("Sentence(%q) = %q, want %q", in, got, want)
		}
		if again := Sentence(want); again != want {
			t.Errorf("Sentence(%q) = %q, want it unchanged", want, again)
		}
	}
}

func TestOneLine(t *testing.T) {
	if got := OneLine(" Sea\tlevels \n\n rise. "); got != "Sea levels rise." {
		t.Errorf("OneLine = %q", got)
	}
}

func TestExplanationDropsTheLongestKeepsOrder(t *testing.T) {
	c := Claim{Text: "Claim", Evidences: []string{"One two.", "The longest evidence of all.", "Three.", "Four.", "Five five."}}
	want := []string{"Claim.", "One two.", "Three.", "Four.", "Five five."}
	if got := c.Explanation(); !slices.Equal(got, want) {
		t.Errorf("Explanation = %q, want %q", got, want)
	}
	if len(c.Evidences) != 5 || c.Evidences[1] != "The longest evidence of all." {
		t.Error("Explanation changed the claim's evidences")
	}
	c = Claim{Text: "A claim longer than every evidence", Evidences: []string{"One.", "Two.", "Three.", "Four.", "Five."}}
	if got, want := c.Explanation(), []string{"One.", "Two.", "Three.", "Four.", "Five."}; !slices.Equal(got, want) {
		t.Errorf("Explanation = %q, want %q (the claim is the longest)", got, want)
	}
	c = Claim{Text: "Short?", Evidences: []string{"A.", "B."}}
	if got, want := c.Explanation(), []string{"Short?", "A.", "B."}; !slices.Equal(got, want) {
		t.Errorf("Explanation = %q, want %q", got, want)
	}
}

func TestReadInOrderAtMostN(t *testing.T) {
	in := `{"claim_id":"7","claim":"Bears  are declining","claim_label":"SUPPORTS","evidences":[{"evidence":"One."},{"evidence":" \n "},{"evidence":" Five. "}]}

{"claim_id":"8","claim":"Ice grows?","claim_label":"REFUTES","evidences":[{"evidence":"A."}]}
{"claim_id":"9","claim":"unused","claim_label":"REFUTES","evidences":[{"evidence":"B."}]}
`
	claims, err := Read(strings.NewReader(in), 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []Claim{
		{ID: "7", Text: "Bears are declining", Label: "SUPPORTS", Evidences: []string{"One.", "Five."}},
		{ID: "8", Text: "Ice grows?", Label: "REFUTES", Evidences: []string{"A."}},
	}
	if len(claims) != len(want) {
		t.Fatalf("%d claims, want %d: %+v", len(claims), len(want), claims)
	}
	for i := range want {
		if claims[i].ID != want[i].ID || claims[i].Text != want[i].Text || claims[i].Label != want[i].Label || !slices.Equal(claims[i].Evidences, want[i].Evidences) {
			t.Errorf("claim %d = %+v, want %+v", i, claims[i], want[i])
		}
	}
	if all, err := Read(strings.NewReader(in), -1); err != nil || len(all) != 3 {
		t.Errorf("n = -1: %d claims, %v; want 3", len(all), err)
	}
	for _, bad := range []string{
		`{"claim_id":"1","claim":"x","claim_label":"S","evidences":[]}`,
		`{"claim_id":"1","claim":"x","claim_label":"S","evidences":[{"evidence":" "}]}`,
		`{"claim_id":"1","claim":"x","evidences":[{"evidence":"A."}]}`,
		`{"claim":"x","claim_label":"S","evidences":[{"evidence":"A."}]}`,
		`{"claim_id":"1","claim":"x",`,
	} {
		if _, err := Read(strings.NewReader("\n"+bad+"\n"), 5); err == nil || !strings.HasPrefix(err.Error(), "line 2: ") {
			t.Errorf("Read(%s): error %v, want one naming line 2", bad, err)
		}
	}
}

func ExampleClaim_Explanation() {
	in := `{"claim_id":"0","claim":"Global warming is driving polar bears toward extinction","claim_label":"SUPPORTS","evidences":[` +
		`{"evidence":"Polar bears are classified as vulnerable."},` +
		`{"evidence":"Sea ice is declining."},` +
		`{"evidence":"The bears depend on sea ice, from which they hunt seals, for most of their food."},` +
		`{"evidence":"Bears are swimming longer distances."},` +
		`{"evidence":"Their  numbers fall."}]}`
	claims, err := Read(strings.NewReader(in), -1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Join(claims[0].Explanation(), " "))
	// Output:
	// Global warming is driving polar bears toward extinction. Polar bears are classified as vulnerable. Sea ice is declining. Bears are swimming longer distances. Their numbers fall.
}
