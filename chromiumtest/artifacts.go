package chromiumtest

import (
	"os"
	"path/filepath"
	"testing"
)

// ArtifactPath returns where a test keeps a file worth looking at after
// the run (a screenshot): in the directory CECBENCH_TEST_ARTIFACTS names
// when it is set (created if missing), else in the test's temporary
// directory.
func ArtifactPath(tb testing.TB, name string) string {
	tb.Helper()
	dir := os.Getenv("CECBENCH_TEST_ARTIFACTS")
	if dir == "" {
		return filepath.Join(tb.TempDir(), name)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return filepath.Join(dir, name)
}
