package llamacpp

import (
	"os"
	"testing"
)

// requireLlamaEnv, set to 1 (as CI does), turns the skips of tests that need
// llama.cpp's programs into failures.
const requireLlamaEnv = "CECBENCH_REQUIRE_LLAMA"

// needProgram returns the path of a llama.cpp program, or skips the test
// (fails it under CECBENCH_REQUIRE_LLAMA=1) when it is not installed.
func needProgram(t *testing.T, program string) string {
	t.Helper()
	path, err := FindBinaries(os.Getenv, DefaultDirs(os.Getenv)...).Need(program)
	if err != nil {
		if os.Getenv(requireLlamaEnv) == "1" {
			t.Fatalf("%v (%s=1 requires it)", err, requireLlamaEnv)
		}
		t.Skipf("skipping: %v", err)
	}
	return path
}
