package scoring

import (
	"errors"
	"fmt"
)

// ErrInvalid is wrapped by every error about a request that cannot be
// scored as given (wrong shape, bad numbers, a limit exceeded).
var ErrInvalid = errors.New("invalid input")

// InvalidError says which field of the input is wrong and why.
type InvalidError struct {
	// Field is a JSON-pointer-like path, e.g. "pairs[3].generated".
	Field string
	// Reason says what is wrong in words a user can act on.
	Reason string
}

func (e *InvalidError) Error() string {
	if e.Field == "" {
		return e.Reason
	}
	return e.Field + ": " + e.Reason
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *InvalidError) Unwrap() error { return ErrInvalid }

// LimitError says which limit an input exceeded.
type LimitError struct {
	Field string
	// Limit names the limit, e.g. "max_sentences_per_text".
	Limit string
	Max   int
	Got   int
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("%s: limit %s is %d, got %d", e.Field, e.Limit, e.Max, e.Got)
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *LimitError) Unwrap() error { return ErrInvalid }
