package pytext

import "testing"

// TestLower checks the cases where Python's str.lower differs from Go's
// strings.ToLower; packages meteor and porter compare Lower with Python on
// every code point (their testdata holds Python's tables).
func TestLower(t *testing.T) {
	for in, want := range map[string]string{
		"already lower": "already lower",
		"MiXeD ASCII":   "mixed ascii",
		"İstanbul":      "i\u0307stanbul",
		"ΟΔΟΣ":          "οδος",
		"ΟΔΟΣ ΣΑ":       "οδος σα",
		"Σ":             "σ",
		"Ä\xffB":        "ä\ufffdb",
	} {
		if got := Lower(in); got != want {
			t.Errorf("Lower(%q) = %q, want %q", in, got, want)
		}
	}
}
