// Package llamatest finds llama.cpp's programs for tests (as
// llamacpp.FindBinaries with llamacpp.DefaultDirs does: the repository's
// .cache/llama.cpp/bin, LLAMA_SERVER_BIN and friends, PATH). A test that needs
// them skips when they are missing, and fails instead when
// CECBENCH_REQUIRE_LLAMA=1 (as in CI), so that a missing install can never
// pass CI silently.
package llamatest

import (
	"os"
	"testing"

	"github.com/cecbench/cecbench/llamacpp"
)

// RequireEnv, set to 1, turns the skips into failures.
const RequireEnv = "CECBENCH_REQUIRE_LLAMA"

// Binaries returns the programs found, after checking that each of need
// (program names such as "llama-server") is among them; a missing one
// skips the test, or fails it under CECBENCH_REQUIRE_LLAMA=1.
func Binaries(tb testing.TB, need ...string) llamacpp.Binaries {
	tb.Helper()
	bins := llamacpp.FindBinaries(os.Getenv, llamacpp.DefaultDirs(os.Getenv)...)
	for _, program := range need {
		if _, err := bins.Need(program); err != nil {
			if os.Getenv(RequireEnv) == "1" {
				tb.Fatalf("%v (%s=1 requires it)", err, RequireEnv)
			}
			tb.Skipf("skipping: %v", err)
		}
	}
	return bins
}

// Program returns the path of one program, as Binaries checks it.
func Program(tb testing.TB, program string) string {
	tb.Helper()
	path, _ := Binaries(tb, program).Need(program)
	return path
}
