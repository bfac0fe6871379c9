package dataset

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkItem reports how it breaks the rules Parse promises its items keep.
func checkItem(it Item, format string, lim Limits) error {
	texts := map[string]string{"id": it.ID, "claim": it.Claim, "label": it.Label}
	for i, e := range it.Evidence {
		texts[fmt.Sprintf("evidence %d", i)] = e.Text
	}
	for name, s := range texts {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("%s is empty", name)
		}
		if utf8.RuneCountInString(s) > lim.MaxTextChars {
			return fmt.Errorf("%s is too long", name)
		}
	}
	all := []string{it.ID, it.Claim, it.Label, it.Split, it.Explanation}
	for _, e := range it.Evidence {
		all = append(all, e.Text, e.Label, e.Source)
	}
	for _, s := range all {
		if !utf8.ValidString(s) {
			return fmt.Errorf("invalid UTF-8 in %q", s)
		}
	}
	if len(it.Evidence) == 0 {
		return errors.New("no evidence")
	}
	if utf8.RuneCountInString(it.Explanation) > lim.MaxTextChars {
		return errors.New("explanation too long")
	}
	if it.Split != "" && !slices.Contains(SplitNames, it.Split) {
		return fmt.Errorf("split %q", it.Split)
	}
	if format == FormatClimateFEVER {
		if !slices.Contains(ClimateFEVERLabels, it.Label) {
			return fmt.Errorf("label %q", it.Label)
		}
		if it.Split != "" || it.Explanation != "" {
			return errors.New("climate-fever item with split or explanation")
		}
	}
	return nil
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(simpleLine("a") + "\n" + simpleLine("b")))
	f.Add([]byte(cfLine("a") + "\r\n" + `{"claim_id":3,"claim":"c","claim_label":"DISPUTED","evidences":[{"evidence":"e","votes":[null]}]}`))
	f.Add([]byte("\xEF\xBB\xBF" + `{"id":"x","claim":"c","evidence":[{"text":"t","label":"l"},"s"],"label":"L","explanation":"e","split":"test"}`))
	f.Add([]byte(`{"id":"x","claim":" ","evidence":[],"label":1}` + "\n[]\nnull\n{\n\xff"))
	f.Add([]byte(simpleLine("a") + "\n" + simpleLine("a") + "\n" + cfLine("b")))
	f.Add([]byte(""))
	if file, err := os.Open(climateFEVERPath); err == nil {
		sc := bufio.NewScanner(file)
		sc.Buffer(nil, 1<<20)
		for i := 0; i < 3 && sc.Scan(); i++ {
			f.Add(bytes.Clone(sc.Bytes()))
		}
		file.Close()
	}
	limits := []Limits{{}, {MaxItems: 3, MaxLineBytes: 120, MaxTextChars: 8}}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lim := range limits {
			items, format, err := Parse(bytes.NewReader(data), lim)
			lim = lim.withDefaults()
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("error %v is a %T, not a *ParseError", err, err)
				}
				if pe.Count < 1 || len(pe.Problems) < 1 || len(pe.Problems) > 20 || len(pe.Problems) > pe.Count {
					t.Fatalf("ParseError with %d problems, count %d", len(pe.Problems), pe.Count)
				}
				if items != nil {
					t.Fatal("items returned with an error")
				}
				_ = pe.Error()
				continue
			}
			if format != FormatClimateFEVER && format != FormatSimple {
				t.Fatalf("format %q", format)
			}
			if len(items) == 0 || len(items) > lim.MaxItems {
				t.Fatalf("%d items", len(items))
			}
			ids := map[string]bool{}
			for _, it := range items {
				if err := checkItem(it, format, lim); err != nil {
					t.Fatalf("item %q: %v", it.ID, err)
				}
				if ids[it.ID] {
					t.Fatalf("duplicate id %q", it.ID)
				}
				ids[it.ID] = true
			}
			// What Parse accepts, the simple format writes back losslessly.
			var buf bytes.Buffer
			for _, it := range items {
				buf.Write(Canonical([]Item{it}))
			}
			// Escaping can lengthen a line: lift that limit only.
			relaxed := lim
			relaxed.MaxLineBytes = 1 << 30
			again, _, err := Parse(&buf, relaxed)
			if err != nil {
				t.Fatalf("canonical form does not parse: %v", err)
			}
			if Hash(again) != Hash(items) {
				t.Fatal("canonical form parses to different items")
			}
		}
	})
}
