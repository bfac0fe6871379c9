package chromiumtest

import (
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// page is the tiny page the browser tests load: a red background, an
// element from the markup and one added by a script.
const page = `<!DOCTYPE html>
<html><head><title>chromiumtest</title>
<style>html, body { margin: 0; background: #ff0000; }</style></head>
<body><p id="greeting">hello from cecbench</p>
<script>
const p = document.createElement("p");
p.id = "added";
p.textContent = "added by script";
document.body.appendChild(p);
</script></body></html>`

func serve(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestDumpDOM(t *testing.T) {
	dom := DumpDOM(t, serve(t))
	for _, want := range []string{
		`<p id="greeting">hello from cecbench</p>`,
		`<p id="added">added by script</p>`, // the DOM after scripts ran, not the source
	} {
		if !strings.Contains(dom, want) {
			t.Errorf("DOM lacks %s:\n%s", want, dom)
		}
	}
}

func TestScreenshot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "page.png")
	Screenshot(t, serve(t), path, 320, 240)

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 320 || b.Dy() != 240 {
		t.Fatalf("screenshot is %v, want 320x240", b)
	}
	// The page's background, far from the text.
	r, g, b, _ := img.At(300, 220).RGBA()
	if r>>8 != 0xff || g>>8 != 0 || b>>8 != 0 {
		t.Errorf("pixel (300,220) = #%02x%02x%02x, want the page's red #ff0000", r>>8, g>>8, b>>8)
	}
}

// recorder stands in for a test to see whether Path skips or fails.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()                           {}
func (r *recorder) Skip(args ...any)                  { r.skipped = fmt.Sprint(args...) }
func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

func TestPathMissing(t *testing.T) {
	for _, tc := range []struct {
		name, bin, require string
		skip, fail         string // substrings of the message expected
	}{
		{name: "skips", skip: "apt-get install chromium"},
		{name: "fails when required", require: "1", fail: "apt-get install chromium"},
		{name: "fails on a bad CHROMIUM_BIN", bin: "/nonexistent/chromium", fail: "CHROMIUM_BIN=/nonexistent/chromium"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("PATH", t.TempDir())
			t.Setenv(BinEnv, tc.bin)
			t.Setenv(RequireEnv, tc.require)
			r := &recorder{TB: t}
			if got := Path(r); got != "" {
				t.Fatalf("Path = %q, want none", got)
			}
			if tc.skip != "" && !strings.Contains(r.skipped, tc.skip) || tc.skip == "" && r.skipped != "" {
				t.Errorf("skipped with %q, want a skip saying %q", r.skipped, tc.skip)
			}
			if tc.fail != "" && !strings.Contains(r.failed, tc.fail) || tc.fail == "" && r.failed != "" {
				t.Errorf("failed with %q, want a failure saying %q", r.failed, tc.fail)
			}
		})
	}
}

func TestPathFromEnv(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "my-chromium")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv(BinEnv, bin)
	if got := Path(t); got != bin {
		t.Errorf("Path = %q, want %s", got, bin)
	}
}
