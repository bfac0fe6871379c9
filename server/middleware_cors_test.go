package server

import (
	"net/http"
	"strings"
	"testing"
)

// preflight sends the OPTIONS request a browser sends before a
// cross-origin POST with a JSON body and an API key.
func preflight(t *testing.T, h http.Handler, origin string) http.Header {
	t.Helper()
	rec := request(t, h, http.MethodOptions, "/v1/cec", "Origin: "+origin,
		"Access-Control-Request-Method: POST", "Access-Control-Request-Headers: content-type,authorization")
	if rec.Code != http.StatusNoContent {
		t.Fatalf("preflight from %s: status %d, want 204: %s", origin, rec.Code, rec.Body)
	}
	return rec.Header()
}

func TestCORSAllowsTheConfiguredOrigins(t *testing.T) {
	s := newBareServer(t, nil, func(c *Config) {
		c.CORSOrigins = " https://app.example.org, https://*.lab.example.org ,"
		c.RateLimit, c.RateBurst = 0.01, 1
	})
	h := s.Handler()
	for _, origin := range []string{"https://app.example.org", "https://team.lab.example.org"} {
		got := preflight(t, h, origin)
		if got.Get("Access-Control-Allow-Origin") != origin {
			t.Errorf("%s: Access-Control-Allow-Origin %q", origin, got.Get("Access-Control-Allow-Origin"))
		}
		if m := got.Get("Access-Control-Allow-Methods"); !strings.Contains(m, "POST") {
			t.Errorf("%s: Access-Control-Allow-Methods %q lacks POST", origin, m)
		}
		if hd := got.Get("Access-Control-Allow-Headers"); !strings.Contains(hd, "Authorization") || !strings.Contains(hd, "Content-Type") {
			t.Errorf("%s: Access-Control-Allow-Headers %q", origin, hd)
		}
		if got.Get("Access-Control-Max-Age") != "600" || got.Get("Access-Control-Allow-Credentials") != "" {
			t.Errorf("%s: Max-Age %q, Allow-Credentials %q", origin, got.Get("Access-Control-Max-Age"), got.Get("Access-Control-Allow-Credentials"))
		}
	}
	for _, origin := range []string{"https://evil.example.com", "http://app.example.org", "https://app.example.org.evil.example"} {
		if got := preflight(t, h, origin); got.Get("Access-Control-Allow-Origin") != "" || got.Get("Access-Control-Allow-Methods") != "" {
			t.Errorf("denied origin %s got Allow-Origin %q Allow-Methods %q", origin, got.Get("Access-Control-Allow-Origin"), got.Get("Access-Control-Allow-Methods"))
		}
	}

	// Requests: allowed origins see the headers they need, including on a
	// refusal; preflights above did not spend the burst of 1.
	ok := request(t, h, http.MethodGet, "/v1/datasets", "Origin: https://app.example.org")
	if ok.Code != http.StatusOK || ok.Header().Get("Access-Control-Allow-Origin") != "https://app.example.org" {
		t.Fatalf("GET from an allowed origin: status %d Allow-Origin %q", ok.Code, ok.Header().Get("Access-Control-Allow-Origin"))
	}
	exposed := ok.Header().Get("Access-Control-Expose-Headers")
	for _, name := range []string{"X-Request-Id", "Retry-After", "RateLimit-Remaining"} {
		if !strings.Contains(strings.ToLower(exposed), strings.ToLower(name)) {
			t.Errorf("Access-Control-Expose-Headers %q lacks %s", exposed, name)
		}
	}
	limited := request(t, h, http.MethodGet, "/v1/datasets", "Origin: https://app.example.org")
	if limited.Code != http.StatusTooManyRequests || limited.Header().Get("Access-Control-Allow-Origin") == "" {
		t.Errorf("429 from an allowed origin: status %d Allow-Origin %q, want the header so the page can read Retry-After",
			limited.Code, limited.Header().Get("Access-Control-Allow-Origin"))
	}
	denied := request(t, h, http.MethodGet, "/healthz", "Origin: https://evil.example.com")
	if denied.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("GET from a denied origin: Allow-Origin %q", denied.Header().Get("Access-Control-Allow-Origin"))
	}
}

func TestCORSWildcardAndOff(t *testing.T) {
	wildcard := newBareServer(t, nil, func(c *Config) { c.CORSOrigins = "*" }).Handler()
	if got := preflight(t, wildcard, "https://anywhere.example").Get("Access-Control-Allow-Origin"); got != "*" {
		t.Errorf("with *: Access-Control-Allow-Origin %q, want *", got)
	}
	off := newBareServer(t, nil, nil).Handler()
	rec := request(t, off, http.MethodOptions, "/v1/cec", "Origin: https://app.example.org", "Access-Control-Request-Method: POST")
	for name := range rec.Header() {
		if strings.HasPrefix(name, "Access-Control-") {
			t.Errorf("CORS off: preflight answered %s: %q", name, rec.Header().Get(name))
		}
	}
}

func TestCORSOriginsAreValidated(t *testing.T) {
	for _, tt := range []struct {
		origins string
		ok      bool
	}{
		{"", true}, {"*", true}, {"https://a.example, http://localhost:3000", true}, {"https://*.example.org", true},
		{"app.example.org", false}, {"https://a.example,localhost", false},
	} {
		c := Config{ModelsDir: "m", CORSOrigins: tt.origins}
		if err := c.validate(); (err == nil) != tt.ok {
			t.Errorf("cors-origins %q: validate() = %v, want ok %v", tt.origins, err, tt.ok)
		}
	}
}
