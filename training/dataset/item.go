// Package dataset is cecbench's claim/evidence datasets: parsing and
// validating uploads (Climate-FEVER's own JSONL and the simple format),
// the content hash that identifies a dataset, deterministic stratified
// train/validation/test splits, the versioned prompt template, and the
// supervised fine-tuning export.
package dataset

// Evidence is one evidence sentence of an item.
type Evidence struct {
	Text string `json:"text"`
	// Label is the evidence's own label when the source has one
	// (Climate-FEVER: SUPPORTS, REFUTES, NOT_ENOUGH_INFO).
	Label string `json:"label,omitempty"`
	// Source names where it comes from (Climate-FEVER's evidence_id).
	Source string `json:"source,omitempty"`
}

// Item is one claim with its evidence and label, in the one normalized
// form every input format is turned into.
type Item struct {
	ID       string     `json:"id"`
	Claim    string     `json:"claim"`
	Evidence []Evidence `json:"evidence"`
	Label    string     `json:"label"`
	// Split is train, validation or test once the dataset is split.
	Split string `json:"split,omitempty"`
	// Explanation is the teacher's causal explanation, once generated.
	Explanation string `json:"explanation,omitempty"`
}

// The split names.
const (
	Train      = "train"
	Validation = "validation"
	Test       = "test"
)

// SplitNames lists the splits in order.
var SplitNames = []string{Train, Validation, Test}

// Message is one chat message of a prompt or an SFT example.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}
