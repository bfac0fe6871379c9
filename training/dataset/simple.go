package dataset

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// parseSimple checks and normalizes one line of the simple format:
//
//	{"id": "q1", "claim": "...", "evidence": ["...", {"text": "...", "label": "SUPPORTS"}],
//	 "label": "SUPPORTS", "explanation": "...", "split": "train"}
//
// id, claim and label are non-empty strings (any label); evidence is a
// non-empty array whose elements are non-empty strings or objects with a
// non-empty string text and optional string label and source. explanation
// is an optional string; split is optional, one of SplitNames or empty.
func parseSimple(c *checker, obj map[string]json.RawMessage) Item {
	it := Item{
		ID:    c.text(obj, "id", "id"),
		Claim: c.text(obj, "claim", "claim"),
		Label: c.text(obj, "label", "label"),
	}
	for i, raw := range c.array(obj["evidence"], "evidence") {
		field := fmt.Sprintf("evidence[%d]", i)
		switch JSONKind(raw) {
		case "a string":
			s, _ := c.requiredString(raw, field)
			c.checkLength(s, field)
			it.Evidence = append(it.Evidence, Evidence{Text: s})
		case "an object":
			ev, ok := c.object(raw, field)
			if !ok {
				continue
			}
			e := Evidence{Text: c.text(ev, "text", field+".text")}
			e.Label, _ = c.optionalString(ev["label"], field+".label")
			e.Source, _ = c.optionalString(ev["source"], field+".source")
			it.Evidence = append(it.Evidence, e)
		default:
			c.fail(field, "must be a non-empty string or an object with text, not %s", JSONKind(raw))
		}
	}
	if expl, ok := c.optionalString(obj["explanation"], "explanation"); ok {
		c.checkLength(expl, "explanation")
		it.Explanation = expl
	}
	if split, ok := c.optionalString(obj["split"], "split"); ok {
		if split == "" || slices.Contains(SplitNames, split) {
			it.Split = split
		} else {
			c.fail("split", "unknown split %q: must be one of %s", split, strings.Join(SplitNames, ", "))
		}
	}
	return it
}
