package wordnet

import (
	"errors"
	"os"
	"sync"
	"testing"
)

// shared is the database the tests share.
var shared struct {
	once sync.Once
	wn   *WordNet
	err  error
}

// testDir returns the WordNet directory the tests read: CECBENCH_WORDNET_DIR
// or DefaultDir. It fails the test with the install instruction when the
// database is missing.
func testDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv(EnvDir)
	if dir == "" {
		dir = DefaultDir
	}
	if _, err := os.Stat(dir + "/index.noun"); err != nil {
		tb.Fatalf("WordNet 3.0 is not installed in %s (%v): run `apt-get install wordnet-base` or set %s", dir, err, EnvDir)
	}
	return dir
}

// openTest opens the database for a test, once per test binary.
func openTest(tb testing.TB) *WordNet {
	tb.Helper()
	dir := testDir(tb)
	shared.once.Do(func() { shared.wn, shared.err = Open(dir) })
	if shared.err != nil {
		if errors.Is(shared.err, ErrNotInstalled) {
			tb.Fatalf("%v\nrun `apt-get install wordnet-base`", shared.err)
		}
		tb.Fatal(shared.err)
	}
	return shared.wn
}
