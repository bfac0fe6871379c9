package routes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// Request errors; the server's error handler maps each to a status code.
var (
	// ErrMalformed: the body is not one well-formed JSON value (400).
	ErrMalformed = errors.New("malformed request")
	// ErrUnknownField: the body names a field the endpoint does not know (400).
	ErrUnknownField = errors.New("unknown field")
	// ErrWrongType: a field holds a value of the wrong JSON type (422).
	ErrWrongType = errors.New("wrong type")
	// ErrTooLarge: the body is over the size limit (413).
	ErrTooLarge = errors.New("request body too large")
	// ErrNotFound: the named thing does not exist (404).
	ErrNotFound = errors.New("not found")
	// ErrNotReady: the server is still loading what the request needs (503).
	ErrNotReady = errors.New("not ready")
	// ErrUnsupportedMedia: the body's Content-Type is not one the
	// endpoint reads (415).
	ErrUnsupportedMedia = errors.New("unsupported media type")
)

// RequestError is a problem with the request itself, with a message a
// user can act on.
type RequestError struct {
	Kind   error // one of the Err* values above
	Detail string
}

func (e *RequestError) Error() string { return e.Detail }

// Unwrap returns the kind, for errors.Is.
func (e *RequestError) Unwrap() error { return e.Kind }

// decodeJSON reads the body as one JSON value into v, rejecting unknown
// fields, trailing data and bodies over maxBytes.
func decodeJSON(c echo.Context, maxBytes int64, v any) error {
	r := c.Request()
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), r.Body, maxBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &RequestError{Kind: ErrTooLarge, Detail: fmt.Sprintf("request body is larger than the limit of %d bytes; send fewer pairs per request", maxBytes)}
		}
		return &RequestError{Kind: ErrMalformed, Detail: "could not read the request body: " + err.Error()}
	}
	return decodeBytes(body, v)
}

// decodeBytes decodes one JSON value from body into v, rejecting unknown
// fields and trailing data.
func decodeBytes(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return &RequestError{Kind: ErrMalformed, Detail: "request body is empty; send a JSON object"}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return &RequestError{Kind: ErrMalformed, Detail: "request body has data after the JSON object; send exactly one JSON object"}
	}
	return nil
}

// unknownFieldPrefix is how encoding/json words a DisallowUnknownFields
// failure; the package has no typed error for it.
const unknownFieldPrefix = "json: unknown field "

func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return &RequestError{Kind: ErrMalformed, Detail: fmt.Sprintf("request body is not valid JSON (at byte %d): %s", syntax.Offset, syntax.Error())}
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "request body"
		}
		return &RequestError{Kind: ErrWrongType, Detail: fmt.Sprintf("%s: expected %s, got JSON %s", field, jsonTypeName(typ.Type.Kind().String()), typ.Value)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &RequestError{Kind: ErrMalformed, Detail: "request body is not valid JSON: it ends too early"}
	case strings.HasPrefix(err.Error(), unknownFieldPrefix):
		name := strings.TrimPrefix(err.Error(), unknownFieldPrefix)
		return &RequestError{Kind: ErrUnknownField, Detail: fmt.Sprintf("unknown field %s; check the field names in the API docs at /swagger/index.html", name)}
	default:
		return &RequestError{Kind: ErrMalformed, Detail: "request body is not valid JSON: " + err.Error()}
	}
}

func jsonTypeName(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "float64", "float32", "int", "int64":
		return "a number (a finite float64)"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "struct", "map", "ptr":
		return "an object"
	default:
		return goKind
	}
}
