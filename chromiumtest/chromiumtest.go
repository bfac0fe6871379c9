// Package chromiumtest drives Debian's headless chromium from tests: it
// loads a page (usually an httptest server's) and returns the DOM the
// browser built, or writes a screenshot of it.
//
// A test that needs chromium skips when it is missing, and fails instead
// when CECBENCH_REQUIRE_CHROMIUM=1 (as in CI, where make deps installs it:
// apt-get install chromium), so that a missing browser can never pass CI
// silently.
package chromiumtest

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// RequireEnv, set to 1, turns the skips into failures.
const RequireEnv = "CECBENCH_REQUIRE_CHROMIUM"

// BinEnv names a chromium binary to use instead of looking on PATH.
const BinEnv = "CHROMIUM_BIN"

// Timeout bounds one chromium run; past it the browser's whole process
// group is killed and the test fails.
const Timeout = 60 * time.Second

// names are the programs looked for on PATH, in order.
var names = []string{"chromium", "chromium-browser", "google-chrome"}

// pngSignature starts every PNG file.
const pngSignature = "\x89PNG\r\n\x1a\n"

// Path returns the chromium binary: CHROMIUM_BIN, else the first of
// chromium, chromium-browser and google-chrome on PATH. When none is found
// the test is skipped, or fails under CECBENCH_REQUIRE_CHROMIUM=1; a
// CHROMIUM_BIN that names no program always fails the test.
func Path(tb testing.TB) string {
	tb.Helper()
	if bin := os.Getenv(BinEnv); bin != "" {
		path, err := exec.LookPath(bin)
		if err != nil {
			tb.Fatalf("%s=%s: %v", BinEnv, bin, err)
			return ""
		}
		return path
	}
	for _, name := range names {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	msg := fmt.Sprintf("no headless browser: none of %s is on PATH and %s is not set "+
		"(on Debian: apt-get install chromium, or make deps)", strings.Join(names, ", "), BinEnv)
	if os.Getenv(RequireEnv) == "1" {
		tb.Fatalf("%s (%s=1 requires it)", msg, RequireEnv)
		return ""
	}
	tb.Skip("skipping: " + msg)
	return ""
}

// DumpDOM loads url in headless chromium and returns the DOM it built,
// serialized (--dump-dom: after the load event, so scripts have run).
func DumpDOM(tb testing.TB, url string) string {
	tb.Helper()
	out := run(tb, "--dump-dom", url)
	if strings.TrimSpace(out) == "" {
		tb.Fatalf("chromium --dump-dom %s printed nothing", url)
	}
	return out
}

// Screenshot loads url in headless chromium with a window of width x
// height CSS pixels and writes a PNG of it to path, failing the test unless
// a PNG of that size was written.
func Screenshot(tb testing.TB, url, path string, width, height int) {
	tb.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		tb.Fatalf("screenshot path %s: %v", path, err)
	}
	// A stale file must not pass for a new screenshot.
	if err := os.Remove(abs); err != nil && !os.IsNotExist(err) {
		tb.Fatalf("remove old screenshot: %v", err)
	}
	out := run(tb, "--screenshot="+abs,
		"--window-size="+strconv.Itoa(width)+","+strconv.Itoa(height),
		"--hide-scrollbars",
		// Draw only once every tile is rastered: without it a busy
		// machine often gets a screenshot with blank rectangles. (It
		// still can, rarely, under heavy load.)
		"--run-all-compositor-stages-before-draw",
		url)
	b, err := os.ReadFile(abs)
	if err != nil {
		tb.Fatalf("chromium wrote no screenshot of %s: %v\nchromium output:\n%s", url, err, out)
	}
	if !bytes.HasPrefix(b, []byte(pngSignature)) {
		tb.Fatalf("screenshot %s of %s is not a PNG (%d bytes)", abs, url, len(b))
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		tb.Fatalf("screenshot %s of %s: %v", abs, url, err)
	}
	if cfg.Width != width || cfg.Height != height {
		tb.Fatalf("screenshot %s of %s is %dx%d, want %dx%d", abs, url, cfg.Width, cfg.Height, width, height)
	}
}

// run starts chromium with flags that work as root in a container (no
// sandbox, no GPU, no /dev/shm, a fresh profile in a temporary directory)
// plus args, waits for it, and returns its standard output. A failed or
// timed-out run fails the test with everything chromium printed.
func run(tb testing.TB, args ...string) string {
	tb.Helper()
	bin := Path(tb)
	flags := []string{
		"--headless", // the new headless mode: chromium dropped the old one in version 132
		"--no-sandbox",
		"--disable-gpu",
		"--disable-dev-shm-usage",
		"--no-first-run",
		"--no-default-browser-check",
		"--disable-extensions",
		"--disable-background-networking",
		"--disable-sync",
		"--mute-audio",
		"--user-data-dir=" + tb.TempDir(),
	}
	ctx, cancel := context.WithTimeout(tb.Context(), Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append(flags, args...)...)
	setProcAttr(cmd)
	cmd.Cancel = func() error { return killGroup(cmd) }
	// Should a child keep the output pipes open after chromium exits,
	// stop waiting for it.
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	if ctx.Err() == context.DeadlineExceeded {
		tb.Fatalf("%s %s: killed after %v\nstderr:\n%s\nstdout:\n%s",
			bin, strings.Join(args, " "), Timeout, tail(stderr.String()), tail(stdout.String()))
	}
	if err != nil {
		tb.Fatalf("%s %s: %v\nstderr:\n%s\nstdout:\n%s",
			bin, strings.Join(args, " "), err, tail(stderr.String()), tail(stdout.String()))
	}
	tb.Logf("chromium %s: %v", strings.Join(args, " "), time.Since(start).Round(time.Millisecond))
	return stdout.String()
}

// tail keeps the end of chromium's output for an error message.
func tail(s string) string {
	const max = 8000
	if len(s) > max {
		return "..." + s[len(s)-max:]
	}
	return s
}
