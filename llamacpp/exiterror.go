package llamacpp

import (
	"fmt"
	"strings"
)

// ExitError is the error of a program that did not exit with status 0.
type ExitError struct {
	Program string   // the program's base name, e.g. "llama-finetune"
	Code    int      // exit status, or -1 when a signal ended it
	Signal  string   // the signal that ended it, e.g. "SIGKILL"; "" when it exited
	Stopped bool     // Stop (or the context) ended it
	Tail    []string // its last output lines
}

// Error says how the program ended, followed by its last output lines, e.g.
// "llama-finetune exited with status 1: <last lines>".
func (e *ExitError) Error() string {
	var b strings.Builder
	b.WriteString(e.Program)
	if e.Signal != "" {
		fmt.Fprintf(&b, " was killed by %s", e.Signal)
	} else {
		fmt.Fprintf(&b, " exited with status %d", e.Code)
	}
	if e.Stopped {
		b.WriteString(" after being stopped")
	}
	if len(e.Tail) == 0 {
		b.WriteString(" (no output)")
		return b.String()
	}
	b.WriteString(": ")
	b.WriteString(strings.Join(e.Tail, "\n"))
	return b.String()
}
