package wordnet

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// linkDatabase returns a temporary directory with symbolic links to the
// database files in dir, except those in replace, which get the given
// contents.
func linkDatabase(tb testing.TB, dir string, replace map[string]string) string {
	tb.Helper()
	tmp := tb.TempDir()
	for _, suffix := range fileSuffix {
		for _, name := range []string{"index." + suffix, "data." + suffix, suffix + ".exc"} {
			path := filepath.Join(tmp, name)
			if content, ok := replace[name]; ok {
				if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
					tb.Fatal(err)
				}
				continue
			}
			if err := os.Symlink(filepath.Join(dir, name), path); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return tmp
}

func TestOpenMissing(t *testing.T) {
	dir := testDir(t)
	for name, d := range map[string]string{
		"empty directory":   t.TempDir(),
		"no such directory": filepath.Join(t.TempDir(), "nowhere"),
		"one file missing":  linkDatabase(t, dir, nil),
	} {
		t.Run(name, func(t *testing.T) {
			if name == "one file missing" {
				if err := os.Remove(filepath.Join(d, "verb.exc")); err != nil {
					t.Fatal(err)
				}
			}
			w, err := Open(d)
			if w != nil || !errors.Is(err, ErrNotInstalled) || !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("Open = %v, %v; want ErrNotInstalled wrapping fs.ErrNotExist", w, err)
			}
			for _, want := range []string{"wordnet-base", "apt-get install", EnvDir} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
		})
	}
}

func TestOpenMalformed(t *testing.T) {
	dir := testDir(t)
	for name, files := range map[string]map[string]string{
		"offset not at its position": {"data.adv": "00000010 02 r 01 fast 0 000 | quickly\n"},
		"bad part of speech":         {"data.adv": "00000000 02 x 01 fast 0 000 | quickly\n"},
		"no words":                   {"data.adv": "00000000 02 r 00 000 | quickly\n"},
		"too few words":              {"data.adv": "00000000 02 r 02 fast 0\n"},
		"no synsets":                 {"data.adv": "  licence text\n"},
		"index offset with no synset": {"index.adv": "fast r 1 0 1 0 00000001\n",
			"data.adv": "00000000 02 r 01 fast 0 000 | quickly\n"},
		"index of another part of speech": {"index.adv": "fast n 1 0 1 0 00000000\n",
			"data.adv": "00000000 02 r 01 fast 0 000 | quickly\n"},
		"sense count differs": {"index.adv": "fast r 1 0 2 0 00000000\n",
			"data.adv": "00000000 02 r 01 fast 0 000 | quickly\n"},
	} {
		t.Run(name, func(t *testing.T) {
			w, err := Open(linkDatabase(t, dir, files))
			if w != nil || !errors.Is(err, ErrMalformed) {
				t.Fatalf("Open = %v, %v; want ErrMalformed", w, err)
			}
		})
	}
}

// TestOpenSmall checks a hand-made database end to end: markers, case,
// exceptions and an index entry in two parts of speech.
func TestOpenSmall(t *testing.T) {
	dir := testDir(t)
	line0 := "00000000 00 a 02 quick(p) 0 Fast 1 000 | moving swiftly\n"
	line1 := "00000000 02 r 02 fast 0 quickly 0 000 | quickly\n"
	w, err := Open(linkDatabase(t, dir, map[string]string{
		"data.adj":   "  licence\n" + strings.Replace(line0, "00000000", "00000010", 1),
		"index.adj":  "  licence\nfast a 1 0 1 0 00000010\nquick a 1 0 1 0 00000010\n",
		"data.adv":   line1,
		"index.adv":  "fast r 1 0 1 0 00000000\nquickly r 1 0 1 0 00000000\n",
		"adj.exc":    "fastest fast\n",
		"data.noun":  "00000000 03 n 01 thing 0 000 | a thing\n",
		"index.noun": "thing n 1 0 1 0 00000000\n",
		"data.verb":  "00000000 29 v 01 do 0 000 | do\n",
		"index.verb": "do v 1 0 1 0 00000000\n",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := w.Synonyms("FASTEST"), []string{"quick", "Fast"}; !slices.Equal(got, want) {
		t.Errorf("Synonyms(FASTEST) = %q, want %q", got, want)
	}
	if got, want := w.Synonyms("fast"), []string{"quick", "Fast", "fast", "quickly"}; !slices.Equal(got, want) {
		t.Errorf("Synonyms(fast) = %q, want %q", got, want)
	}
	s := w.Synsets("fast")
	if len(s) != 2 || s[0].POS() != Adj || s[0].Offset() != 10 || s[1].POS() != Adv || s[1].Offset() != 0 {
		t.Errorf("Synsets(fast) = %v", s)
	}
	if got := w.BaseForms("faster", Adj); !slices.Equal(got, []string{"fast"}) {
		t.Errorf("BaseForms(faster, a) = %q", got)
	}
	if _, ok := w.LookupName("quick(p)"); ok {
		t.Error("the syntactic marker was kept")
	}
}

func TestNames(t *testing.T) {
	w := openTest(t)
	// WordNet 3.0 has 117,659 synsets and 147,306 distinct lemmas, spelt in
	// 148,730 ways when case counts.
	if v := w.Version(); v != "3.0" {
		t.Errorf("Version = %q, want 3.0", v)
	}
	if n := w.NumSynsets(); n != 117659 {
		t.Errorf("NumSynsets = %d, want 117659", n)
	}
	if n := w.NumNames(); n < 147306 {
		t.Errorf("NumNames = %d, want at least 147306", n)
	}
	for id := range NameID(w.NumNames()) {
		if got, ok := w.LookupName(w.Name(id)); !ok || got != id {
			t.Fatalf("LookupName(Name(%d) = %q) = %d, %v", id, w.Name(id), got, ok)
		}
	}
	if _, ok := w.LookupName("no such lemma"); ok {
		t.Error(`LookupName("no such lemma") found it`)
	}
	s := w.Synsets("geese")
	if len(s) == 0 || !slices.Contains(s[0].LemmaNames(), "goose") {
		t.Errorf("Synsets(geese) = %v", s)
	}
}

func TestLowerASCII(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"", "", true},
		{"geese", "geese", true},
		{"GeEsE", "geese", true},
		{"\u212aing", "king", true}, // Kelvin sign
		{"\u0130s", "", false},      // Python: "i̇s"
		{"café", "", false},
		{"\xff", "", false},
		{"a_b-c.d'e", "a_b-c.d'e", true},
	} {
		got, ok := lowerASCII(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("lowerASCII(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestStripMarker(t *testing.T) {
	for in, want := range map[string]string{
		"quick(p)": "quick", "galore(ip)": "galore", "elect(a)": "elect",
		"plain": "plain", "a(b)c": "a(b)c", "x(": "x(", "(p)": "", "a(b)(c)": "a",
	} {
		if got := string(stripMarker([]byte(in))); got != want {
			t.Errorf("stripMarker(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWithMorphy(t *testing.T) {
	w := openTest(t)
	if w.Morphy() != MorphyOneSuffix {
		t.Errorf("Open gives %v", w.Morphy())
	}
	if got := w.WithMorphy(Morphy(7)).Morphy(); got != MorphyOneSuffix {
		t.Errorf("WithMorphy(7) gives %v", got)
	}
	rec := w.WithMorphy(MorphyRecursive)
	if len(w.BaseForms("catss", Noun)) != 0 || !slices.Equal(rec.BaseForms("catss", Noun), []string{"cat"}) {
		t.Errorf("catss: one-suffix %q, recursive %q", w.BaseForms("catss", Noun), rec.BaseForms("catss", Noun))
	}
	if w.BaseForms("geese", POS('x')) != nil {
		t.Error("unknown part of speech gave base forms")
	}
}

// TestConcurrent looks words up from several goroutines at once; run with
// -race.
func TestConcurrent(t *testing.T) {
	w := openTest(t)
	words := []string{"geese", "ran", "warming", "offerings", "temperatures", "best", "emission"}
	want := make([][]string, len(words))
	for i, word := range words {
		want[i] = w.Synonyms(word)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 50 {
				k := (g + i) % len(words)
				if got := w.Synonyms(words[k]); !slices.Equal(got, want[k]) {
					t.Errorf("Synonyms(%q) differs under concurrency", words[k])
					return
				}
			}
		})
	}
	wg.Wait()
}
