package dataset

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The errors of the SFT exports, wrapped with the split's name.
var (
	// ErrUnknownSplit: the split named is not "", train, validation or test.
	ErrUnknownSplit = errors.New("unknown split")
	// ErrEmptySplit: the requested split has no items.
	ErrEmptySplit = errors.New("split has no items")
	// ErrNoExplanations: the requested split has items but none has an
	// Explanation.
	ErrNoExplanations = errors.New("no item of the split has an explanation")
)

// TextEnd is the line that ends each example in WriteText's layout. A
// student prompted with TextPrompt should stop generating at "\n" + TextEnd.
const TextEnd = "### End"

// chatExample is one line of WriteChatJSONL.
type chatExample struct {
	ID       string    `json:"id"`
	Template string    `json:"template"`
	Messages []Message `json:"messages"`
}

// explained returns the items of split ("" = all) that have an explanation
// (one that is not only white space), with the errors of the exports.
func explained(items []Item, split string) ([]Item, error) {
	if split != "" && !IsSplit(split) {
		return nil, fmt.Errorf("%w %q: valid names are %s, or empty for all items", ErrUnknownSplit, split, strings.Join(SplitNames, ", "))
	}
	name := split
	if name == "" {
		name = "all"
	}
	var out []Item
	of := OfSplit(items, split)
	for _, it := range of {
		if strings.TrimSpace(it.Explanation) != "" {
			out = append(out, it)
		}
	}
	inSplit := len(of)
	if inSplit == 0 {
		return nil, fmt.Errorf("%w: %s", ErrEmptySplit, name)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: %s (%d items)", ErrNoExplanations, name, inSplit)
	}
	return out, nil
}

// WriteChatJSONL writes the chat-format SFT examples of split ("" = all
// items) to w, one JSON line per item that has an Explanation, in item
// order:
//
//	{"id":"...","template":"cec-causal-v1","messages":[{"role":"system",...},{"role":"user",...},{"role":"assistant","content":"<explanation>"}]}
//
// Items without an explanation are skipped. It returns how many lines it
// wrote; the errors are ErrUnknownSplit, ErrEmptySplit and
// ErrNoExplanations (wrapped, nothing written) or w's.
func WriteChatJSONL(w io.Writer, items []Item, split string, t Template) (int, error) {
	sel, err := explained(items, split)
	if err != nil {
		return 0, err
	}
	for n, it := range sel {
		ex := chatExample{
			ID:       it.ID,
			Template: t.Version,
			Messages: append(t.Messages(it), Message{Role: RoleAssistant, Content: it.Explanation}),
		}
		// A chatExample holds only strings, which always encode.
		b, _ := json.Marshal(ex)
		if _, err := w.Write(append(b, '\n')); err != nil {
			return n, fmt.Errorf("write SFT example %s: %w", it.ID, err)
		}
	}
	return len(sel), nil
}

// WriteText writes the plain-text SFT file for llama.cpp's llama-finetune
// (-f), which tokenizes the whole file as one text. Each example of split
// ("" = all items) that has an Explanation is written as
//
//	### System:
//	<system message>
//
//	### User:
//	<user message>
//
//	### Assistant:
//	<explanation>
//	### End
//
// (the System section left out when the template has none), and examples
// are separated by one blank line. TextPrompt renders the same layout up to
// the assistant's turn, for generating with the tuned model. It returns how
// many examples it wrote; the errors are those of WriteChatJSONL.
func WriteText(w io.Writer, items []Item, split string, t Template) (int, error) {
	sel, err := explained(items, split)
	if err != nil {
		return 0, err
	}
	for n, it := range sel {
		var b strings.Builder
		if n > 0 {
			b.WriteString("\n")
		}
		b.WriteString(t.TextPrompt(it))
		b.WriteString(it.Explanation)
		b.WriteString("\n" + TextEnd + "\n")
		if _, err := io.WriteString(w, b.String()); err != nil {
			return n, fmt.Errorf("write SFT example %s: %w", it.ID, err)
		}
	}
	return len(sel), nil
}

// TextPrompt renders t's messages for it in WriteText's layout, ending with
// "### Assistant:\n", where the explanation goes.
func (t Template) TextPrompt(it Item) string {
	var b strings.Builder
	for _, m := range t.Messages(it) {
		b.WriteString("### " + roleTitle(m.Role) + ":\n")
		b.WriteString(m.Content)
		b.WriteString("\n\n")
	}
	b.WriteString("### " + roleTitle(RoleAssistant) + ":\n")
	return b.String()
}

// roleTitle is a role's name as a section title: "system" -> "System".
func roleTitle(role string) string {
	if role == "" {
		return role
	}
	return strings.ToUpper(role[:1]) + role[1:]
}
