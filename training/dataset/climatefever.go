package dataset

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// ClimateFEVERLabels are the claim labels Climate-FEVER uses.
var ClimateFEVERLabels = []string{"SUPPORTS", "REFUTES", "NOT_ENOUGH_INFO", "DISPUTED"}

// climateFEVEREvidenceLabels are the labels of single evidence sentences.
var climateFEVEREvidenceLabels = []string{"SUPPORTS", "REFUTES", "NOT_ENOUGH_INFO"}

// jsonInteger matches a JSON number with neither fraction nor exponent.
var jsonInteger = regexp.MustCompile(`^-?(0|[1-9][0-9]*)$`)

// parseClimateFEVER checks and normalizes one Climate-FEVER line:
//
//	{"claim_id": "0", "claim": "...", "claim_label": "SUPPORTS",
//	 "evidences": [{"evidence_id": "Global warming:14", "evidence_label": "SUPPORTS",
//	                "article": "Global warming", "evidence": "...",
//	                "entropy": 0.0, "votes": ["SUPPORTS", null]}, ...]}
//
// claim_id is a non-empty string or an integer (kept as its decimal
// string); claim a non-empty string; claim_label one of ClimateFEVERLabels;
// evidences a non-empty array of objects whose evidence is a non-empty
// string. In an evidence, evidence_id, evidence_label and article may be
// absent or null, else must be strings, evidence_label one of SUPPORTS,
// REFUTES, NOT_ENOUGH_INFO or empty; entropy must be a number and votes an
// array when present and not null. The item gets ID = claim_id, Claim,
// Label = claim_label and one Evidence {Text: evidence, Label:
// evidence_label, Source: evidence_id} per evidence.
func parseClimateFEVER(c *checker, obj map[string]json.RawMessage) Item {
	it := Item{
		ID:    climateFEVERID(c, obj["claim_id"]),
		Claim: c.text(obj, "claim", "claim"),
	}
	if label, ok := c.requiredString(obj["claim_label"], "claim_label"); ok {
		if slices.Contains(ClimateFEVERLabels, label) {
			it.Label = label
		} else {
			c.fail("claim_label", "unknown label %q: must be one of %s", label, strings.Join(ClimateFEVERLabels, ", "))
		}
	}
	for i, raw := range c.array(obj["evidences"], "evidences") {
		field := fmt.Sprintf("evidences[%d]", i)
		ev, ok := c.object(raw, field)
		if !ok {
			continue
		}
		e := Evidence{Text: c.text(ev, "evidence", field+".evidence")}
		e.Source, _ = c.optionalString(ev["evidence_id"], field+".evidence_id")
		if label, ok := c.optionalString(ev["evidence_label"], field+".evidence_label"); ok {
			if label == "" || slices.Contains(climateFEVEREvidenceLabels, label) {
				e.Label = label
			} else {
				c.fail(field+".evidence_label", "unknown label %q: must be one of %s", label, strings.Join(climateFEVEREvidenceLabels, ", "))
			}
		}
		c.optionalString(ev["article"], field+".article")
		c.optionalKind(ev["entropy"], field+".entropy", "a number")
		c.optionalKind(ev["votes"], field+".votes", "an array")
		it.Evidence = append(it.Evidence, e)
	}
	return it
}

// climateFEVERID returns claim_id as a string: a non-empty string as it is,
// an integer as its decimal string.
func climateFEVERID(c *checker, raw json.RawMessage) string {
	if JSONKind(raw) == "a number" {
		s := strings.TrimSpace(string(raw))
		if !jsonInteger.MatchString(s) {
			c.fail("claim_id", "must be a non-empty string or an integer, not %s", s)
			return ""
		}
		if s == "-0" {
			s = "0"
		}
		c.checkLength(s, "claim_id")
		return s
	}
	id, _ := c.requiredString(raw, "claim_id")
	c.checkLength(id, "claim_id")
	return id
}
