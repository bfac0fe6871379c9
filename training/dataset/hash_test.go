package dataset

import (
	"slices"
	"strings"
	"testing"
)

func TestCanonical(t *testing.T) {
	items := []Item{
		{ID: "1", Claim: "a <b> & c", Evidence: []Evidence{{Text: "e", Label: "SUPPORTS", Source: "s"}, {Text: "é"}}, Label: "L"},
		{ID: "2", Claim: "c", Evidence: []Evidence{{Text: "e"}}, Label: "L", Split: Test, Explanation: "x"},
	}
	want := `{"id":"1","claim":"a \u003cb\u003e \u0026 c","evidence":[{"text":"e","label":"SUPPORTS","source":"s"},{"text":"é"}],"label":"L"}` + "\n" +
		`{"id":"2","claim":"c","evidence":[{"text":"e"}],"label":"L","split":"test","explanation":"x"}` + "\n"
	if got := string(Canonical(items)); got != want {
		t.Errorf("Canonical =\n%s\nwant\n%s", got, want)
	}
	if got := Canonical(nil); len(got) != 0 {
		t.Errorf("Canonical(nil) = %q, want empty", got)
	}
	// sha256 of the empty string.
	if got, want := Hash(nil), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"; got != want {
		t.Errorf("Hash(nil) = %s, want %s", got, want)
	}
}

func TestHashIgnoresInputSpelling(t *testing.T) {
	a := `{"id":"q1","claim":"Seas rise.","evidence":["Ice melts."],"label":"SUPPORTS"}`
	b := "{ \"label\" : \"SUPPORTS\", \"evidence\": [ {\"text\": \"Ice melts.\"} ],\t\"claim\":\"Seas\\u0020rise.\", \"id\":\"q1\", \"extra\": 1 }\r\n\n"
	hash := func(in string) string {
		t.Helper()
		items, _, err := Parse(strings.NewReader(in), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		return Hash(items)
	}
	ha, hb := hash(a), hash(b)
	if ha != hb {
		t.Errorf("same items hash differently: %s, %s", ha, hb)
	}
	if ha != hash(a) {
		t.Error("hash is not stable")
	}
	if len(ha) != 64 || strings.ToLower(ha) != ha {
		t.Errorf("hash %q is not lowercase hex sha256", ha)
	}
}

func TestHashChanges(t *testing.T) {
	base := []Item{
		{ID: "1", Claim: "c1", Evidence: []Evidence{{Text: "e1"}}, Label: "A"},
		{ID: "2", Claim: "c2", Evidence: []Evidence{{Text: "e2"}}, Label: "B"},
	}
	clone := func() []Item {
		out := slices.Clone(base)
		for i := range out {
			out[i].Evidence = slices.Clone(out[i].Evidence)
		}
		return out
	}
	h0 := Hash(base)
	changes := map[string]func([]Item) []Item{
		"claim":       func(it []Item) []Item { it[0].Claim = "c1 "; return it },
		"evidence":    func(it []Item) []Item { it[1].Evidence[0].Text = "e3"; return it },
		"label":       func(it []Item) []Item { it[0].Label = "B"; return it },
		"split":       func(it []Item) []Item { it[0].Split = Train; return it },
		"explanation": func(it []Item) []Item { it[0].Explanation = "x"; return it },
		"order":       func(it []Item) []Item { it[0], it[1] = it[1], it[0]; return it },
		"dropped":     func(it []Item) []Item { return it[:1] },
	}
	for name, change := range changes {
		if h := Hash(change(clone())); h == h0 {
			t.Errorf("changing the %s kept the hash %s", name, h)
		}
	}
	if Hash(clone()) != h0 {
		t.Error("an equal copy hashes differently")
	}
}

// TestHashClimateFEVER pins the hash of the shared file, as parsed, and as
// split with the default config. The first was checked against an
// independent implementation (Python's json.dumps with Go's escaping).
func TestHashClimateFEVER(t *testing.T) {
	items := loadClimateFEVER(t)
	if got, want := Hash(items), "75b690e7026ad50da195fdfbb663ca5bbea70d2c81a85ac20b68ca6e40db4b02"; got != want {
		t.Errorf("Hash = %s, want %s", got, want)
	}
	Assign(items, DefaultSplitConfig())
	if got, want := Hash(items), "0ff616e50ba611e10a3e8f0f7dfe2a1225aed320528ed1d837b219cf9a4d3e50"; got != want {
		t.Errorf("Hash after Assign = %s, want %s", got, want)
	}
}
