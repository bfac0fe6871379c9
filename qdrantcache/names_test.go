package qdrantcache

import (
	"strings"
	"testing"
)

// TestPointIDGolden pins the point id scheme: changing it would orphan
// every vector already stored.
func TestPointIDGolden(t *testing.T) {
	got := pointID("use-lite-en@0.2.0#abc", "The cat sat.").String()
	const want = "27c5a765-bab6-58dc-8b03-c1389a96e7bf" // also computed independently of this code
	if got != want {
		t.Errorf("pointID = %s, want %s", got, want)
	}
	// The separator keeps namespace and text apart (a NUL inside a
	// namespace could still blur them, but such namespaces land in other
	// collections, and Get checks the payload anyway).
	if pointID("ab", "c") == pointID("a", "bc") {
		t.Errorf("pointID(ab, c) == pointID(a, bc)")
	}
	if v := pointID("n", "t").Version(); v != 5 {
		t.Errorf("point ids are UUID version %d, want 5", v)
	}
}

func TestCollectionName(t *testing.T) {
	cases := []struct{ namespace, want string }{
		{"use-lite-en@0.2.0#abc", "cecbench_emb_use-lite-en_0_2_0_abc_a7fbe9b56835cabe"},
		{"", "cecbench_emb_e3b0c44298fc1c14"},
	}
	for _, c := range cases {
		if got := collectionName(DefaultCollectionPrefix, c.namespace); got != c.want {
			t.Errorf("collectionName(%q) = %s, want %s", c.namespace, got, c.want)
		}
	}
	if collectionName("p_", "Emb:A") == collectionName("p_", "emb_a") {
		t.Errorf("namespaces with the same short form share a collection")
	}
	long := collectionName(DefaultCollectionPrefix, strings.Repeat("Ünïcode/..\\*?", 500))
	if len(long) > 255 || strings.ContainsAny(long, "<>:\"/\\|?*\x00") {
		t.Errorf("collectionName of a long odd namespace = %q (%d bytes), not a valid Qdrant name", long, len(long))
	}
}

func TestShortForm(t *testing.T) {
	cases := map[string]string{
		"use-lite-en@0.2.0#abc": "use-lite-en_0_2_0_abc",
		"  Émb  A//B__C  ":      "mb_a_b_c",
		"@@@":                   "",
		strings.Repeat("x", 99): strings.Repeat("x", maxShort),
	}
	for in, want := range cases {
		if got := shortForm(in); got != want {
			t.Errorf("shortForm(%q) = %q, want %q", in, got, want)
		}
	}
}
