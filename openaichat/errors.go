package openaichat

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"
)

// StatusError is an HTTP error answer from the server.
type StatusError struct {
	// Status is the HTTP status code.
	Status int
	// Message is the server's own message (from an OpenAI-style
	// {"error": {"message": ...}} body, or the body's text), or the
	// status text when the body says nothing.
	Message string
}

// Error says the status and the server's message.
func (e *StatusError) Error() string {
	return fmt.Sprintf("HTTP %d %s: %s", e.Status, http.StatusText(e.Status), e.Message)
}

// ErrMalformed is wrapped by the error for an answer that does not decode
// as a chat completion or has no choices.
var ErrMalformed = errors.New("malformed chat completion")

func errMalformed(detail string) error {
	return fmt.Errorf("%w: %s", ErrMalformed, detail)
}

// maxMessage caps the length of a StatusError's message taken from a body
// that is not JSON.
const maxMessage = 500

// newStatusError reads the body of an error answer (already buffered by the
// SDK) into a StatusError.
func newStatusError(res *http.Response) *StatusError {
	var body []byte
	if res.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(res.Body, 1<<20))
	}
	msg := errorMessage(body)
	if msg == "" {
		msg = http.StatusText(res.StatusCode)
	}
	return &StatusError{Status: res.StatusCode, Message: msg}
}

// errorMessage finds the message in an error body. It understands the
// shapes OpenAI-compatible servers use: {"error": {"message": "..."}}
// (OpenAI, llama-server), {"error": "..."}, {"message": "..."} (vLLM) and
// {"detail": "..."}; anything else is returned as trimmed text.
func errorMessage(body []byte) string {
	var v struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
		Detail  json.RawMessage `json:"detail"`
	}
	if json.Unmarshal(body, &v) == nil {
		var nested struct {
			Message string `json:"message"`
		}
		var s string
		switch {
		case json.Unmarshal(v.Error, &nested) == nil && nested.Message != "":
			return nested.Message
		case json.Unmarshal(v.Error, &s) == nil && s != "":
			return s
		case v.Message != "":
			return v.Message
		case json.Unmarshal(v.Detail, &s) == nil && s != "":
			return s
		case len(v.Detail) > 0:
			return string(v.Detail)
		}
	}
	text := strings.TrimSpace(string(body))
	if len(text) > maxMessage {
		cut := maxMessage
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "..."
	}
	return text
}
