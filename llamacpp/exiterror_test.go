package llamacpp

import "testing"

func TestExitErrorMessage(t *testing.T) {
	tests := []struct {
		name string
		err  ExitError
		want string
	}{
		{"status", ExitError{Program: "llama-finetune", Code: 1, Tail: []string{"loading", "error: bad model"}},
			"llama-finetune exited with status 1: loading\nerror: bad model"},
		{"signal", ExitError{Program: "llama-server", Code: -1, Signal: "SIGKILL", Tail: []string{"x"}},
			"llama-server was killed by SIGKILL: x"},
		{"stopped", ExitError{Program: "llama-server", Code: -1, Signal: "SIGTERM", Stopped: true, Tail: []string{"x"}},
			"llama-server was killed by SIGTERM after being stopped: x"},
		{"no output", ExitError{Program: "sh", Code: 2}, "sh exited with status 2 (no output)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}
