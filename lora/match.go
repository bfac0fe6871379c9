package lora

import (
	"errors"
	"fmt"
	"slices"

	"github.com/cecbench/cecbench/gguf"
)

// ErrMismatch is wrapped by Extract's error when the base and tuned models
// do not have the same architecture, tensor names, dims and types.
var ErrMismatch = errors.New("base and tuned models differ in shape")

// checkMatch returns an error wrapping ErrMismatch that names the first
// difference between base and tuned, or nil if they have the same
// architecture and the same set of tensors with equal dims and types.
func checkMatch(base, tuned *gguf.File) error {
	if ba, ta := base.Architecture(), tuned.Architecture(); ba != ta {
		return fmt.Errorf("lora: %w: architecture %q in base, %q in tuned", ErrMismatch, ba, ta)
	}
	for _, bt := range base.Tensors {
		tt, ok := tuned.Tensor(bt.Name)
		switch {
		case !ok:
			return fmt.Errorf("lora: %w: tensor %q is in base but not in tuned", ErrMismatch, bt.Name)
		case !slices.Equal(bt.Dims, tt.Dims):
			return fmt.Errorf("lora: %w: tensor %q has dims %v in base, %v in tuned", ErrMismatch, bt.Name, bt.Dims, tt.Dims)
		case bt.Type != tt.Type:
			return fmt.Errorf("lora: %w: tensor %q is %v in base, %v in tuned", ErrMismatch, bt.Name, bt.Type, tt.Type)
		}
	}
	for _, tt := range tuned.Tensors {
		if _, ok := base.Tensor(tt.Name); !ok {
			return fmt.Errorf("lora: %w: tensor %q is in tuned but not in base", ErrMismatch, tt.Name)
		}
	}
	return nil
}
