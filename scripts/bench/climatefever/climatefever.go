// Package climatefever reads the claims of Climate-FEVER (Diggelmann et
// al., 2020; climate-fever.jsonl, one claim with its evidence sentences a
// line) for the benchmark programs, and makes of each claim the
// five-sentence explanation that scripts/bench/genpairs uses as the
// reference of its c5 pairs and scripts/bench/leaderboard as the teacher
// explanation of its items.
package climatefever

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Claim is one line of climate-fever.jsonl, its texts each on one line
// (see OneLine).
type Claim struct {
	ID        string   // claim_id
	Text      string   // the claim, as written (no period added)
	Label     string   // claim_label: SUPPORTS, REFUTES, NOT_ENOUGH_INFO or DISPUTED
	Evidences []string // its evidence sentences, in order, empty ones left out
}

// Read returns the first n claims of a Climate-FEVER JSONL stream in
// order, all of them when n is negative. Blank lines are skipped; a line
// without a claim_id, a claim, a claim_label or a non-empty evidence is
// an error naming the line.
func Read(r io.Reader, n int) ([]Claim, error) {
	var line struct {
		ClaimID   string `json:"claim_id"`
		Claim     string `json:"claim"`
		Label     string `json:"claim_label"`
		Evidences []struct {
			Evidence string `json:"evidence"`
		} `json:"evidences"`
	}
	var out []Claim
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for no := 1; (n < 0 || len(out) < n) && sc.Scan(); no++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		line.ClaimID, line.Claim, line.Label, line.Evidences = "", "", "", nil
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			return nil, fmt.Errorf("line %d: %w", no, err)
		}
		c := Claim{ID: line.ClaimID, Text: OneLine(line.Claim), Label: line.Label}
		for _, e := range line.Evidences {
			if s := OneLine(e.Evidence); s != "" {
				c.Evidences = append(c.Evidences, s)
			}
		}
		if c.ID == "" || c.Text == "" || c.Label == "" || len(c.Evidences) == 0 {
			return nil, fmt.Errorf("line %d: want a claim_id, a claim, a claim_label and evidences", no)
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// Explanation returns the five sentences of the claim's reference: the
// claim as a sentence (see Sentence) and its evidences in their order,
// without the longest of them (in characters; the first of equals) when
// there are more than five. Every Climate-FEVER claim has five evidences.
// The claim's own slice is not changed.
func (c Claim) Explanation() []string {
	all := append([]string{Sentence(c.Text)}, c.Evidences...)
	if len(all) <= 5 {
		return all
	}
	longest := 0
	for i, s := range all {
		if utf8.RuneCountInString(s) > utf8.RuneCountInString(all[longest]) {
			longest = i
		}
	}
	return append(all[:longest:longest], all[longest+1:]...)
}

// OneLine trims s and turns its runs of white space into single spaces.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Sentence ends s with a period unless it ends with a full stop, question
// or exclamation mark, possibly inside quotes: most claims have none, and
// an explanation's first sentence must end where the next begins. It
// returns "" for "", and its result unchanged.
func Sentence(s string) string {
	t := strings.TrimRight(s, `"'”’)`)
	if s == "" || strings.HasSuffix(t, ".") || strings.HasSuffix(t, "?") || strings.HasSuffix(t, "!") {
		return s
	}
	return s + "."
}
