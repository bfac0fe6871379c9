package openaichat

import (
	"strings"
	"testing"
)

func TestErrorMessage(t *testing.T) {
	cases := map[string]string{
		`{"error":{"message":"model not found","type":"invalid_request_error"}}`: "model not found",
		`{"error":"context too long"}`:                                           "context too long",
		`{"object":"error","message":"bad prompt","code":400}`:                   "bad prompt",
		`{"detail":"Not authenticated"}`:                                         "Not authenticated",
		`{"detail":[{"loc":["body"],"msg":"field required"}]}`:                   `[{"loc":["body"],"msg":"field required"}]`,
		"  upstream connect error  \n":                                           "upstream connect error",
		"":                                                                       "",
	}
	for body, want := range cases {
		if got := errorMessage([]byte(body)); got != want {
			t.Errorf("errorMessage(%q) = %q, want %q", body, got, want)
		}
	}
	long := errorMessage([]byte(strings.Repeat("é", 400)))
	if len(long) > maxMessage+3 || !strings.HasSuffix(long, "...") {
		t.Errorf("long body message has %d bytes", len(long))
	}
}

func TestStatusErrorSaysStatusAndMessage(t *testing.T) {
	e := &StatusError{Status: 422, Message: "max_tokens too large"}
	if got := e.Error(); got != "HTTP 422 Unprocessable Entity: max_tokens too large" {
		t.Errorf("Error() = %q", got)
	}
}
