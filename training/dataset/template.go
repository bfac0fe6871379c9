package dataset

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// The chat roles of Message.
const (
	RoleSystem    = "system"
	RoleUser      = "user"
	RoleAssistant = "assistant"
)

// DefaultTemplate is the version of the prompt template used when none is
// named.
const DefaultTemplate = "cec-causal-v1"

// Template is one version of the prompt that asks for a causal explanation
// of an item: what the teacher is asked, and the prompt the student is
// trained on. A template never changes once published; a changed prompt is
// a new version.
type Template struct {
	// Version names the template, like "cec-causal-v1".
	Version string
	// System is the system message; empty means none.
	System string
	// UserFormat is the user message with placeholders, each replaced once
	// (text put in is not scanned again):
	//   {claim}    the claim, as it is;
	//   {evidence} the evidence texts numbered and joined by one space:
	//              "1. <text> 2. <text> ...";
	//   {label}    the item's label, as it is (like NOT_ENOUGH_INFO).
	UserFormat string
}

// Templates holds the published templates by version.
var Templates = map[string]Template{
	"cec-causal-v1": {
		Version: "cec-causal-v1",
		System: "You are an expert climate scientist. Given a claim, the evidence about it and its label, " +
			"you write a concise explanation of 3 to 5 sentences that traces the chain of causes and effects " +
			"linking the evidence to the label. Write plain prose: no lists, no headings, no bullet points.",
		UserFormat: "[Claim] {claim}; [Evidence] {evidence}; [Label] {label}\n" +
			"Explain, as a chain of causes and effects, why the evidence leads to this label for the claim.",
	},
}

// LookupTemplate returns the template of the given version; "" means
// DefaultTemplate. An unknown version is an error that lists the known ones.
func LookupTemplate(version string) (Template, error) {
	if version == "" {
		version = DefaultTemplate
	}
	t, ok := Templates[version]
	if !ok {
		known := slices.Sorted(maps.Keys(Templates))
		return Template{}, fmt.Errorf("unknown prompt template %q: known versions are %s", version, strings.Join(known, ", "))
	}
	return t, nil
}

// User returns the user message for it: UserFormat with its placeholders
// filled in.
func (t Template) User(it Item) string {
	var ev strings.Builder
	for i, e := range it.Evidence {
		if i > 0 {
			ev.WriteByte(' ')
		}
		ev.WriteString(strconv.Itoa(i + 1))
		ev.WriteString(". ")
		ev.WriteString(e.Text)
	}
	r := strings.NewReplacer("{claim}", it.Claim, "{evidence}", ev.String(), "{label}", it.Label)
	return r.Replace(t.UserFormat)
}

// Messages returns the prompt for it: the system message (when the
// template has one) and the user message. The teacher is sent these, and
// the student is trained to answer them.
func (t Template) Messages(it Item) []Message {
	var msgs []Message
	if t.System != "" {
		msgs = append(msgs, Message{Role: RoleSystem, Content: t.System})
	}
	return append(msgs, Message{Role: RoleUser, Content: t.User(it)})
}
