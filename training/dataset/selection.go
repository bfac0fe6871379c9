package dataset

import (
	"fmt"
	"strings"
)

// Selection names what a job reads of a dataset version and how it prompts
// for it: the dataset, one split, the prompt template. Jobs embed it in
// their parameters.
type Selection struct {
	DatasetID string `json:"dataset_id" example:"ds_3f2a..."`
	// Split is the split the job reads; each job type has its default.
	Split string `json:"split,omitempty" example:"train"`
	// Template is the prompt template version (default cec-causal-v1).
	Template string `json:"template,omitempty" example:"cec-causal-v1"`
}

// Normalize fills in the split (defaultSplit when empty) and the template
// (DefaultTemplate when empty) and checks all three fields; errors say
// which field is wrong and why.
func (s *Selection) Normalize(defaultSplit string) error {
	if s.DatasetID == "" {
		return fmt.Errorf("dataset_id is required")
	}
	if s.Split == "" {
		s.Split = defaultSplit
	}
	if !IsSplit(s.Split) {
		return fmt.Errorf("split %q: want one of %s", s.Split, strings.Join(SplitNames, ", "))
	}
	if s.Template == "" {
		s.Template = DefaultTemplate
	}
	if _, err := LookupTemplate(s.Template); err != nil {
		return fmt.Errorf("template: %w", err)
	}
	return nil
}
