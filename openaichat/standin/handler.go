package standin

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ChatRequest is the part of a chat-completions request body the stand-in
// reads.
type ChatRequest struct {
	Model               string        `json:"model"`
	Messages            []ChatMessage `json:"messages"`
	Temperature         *float64      `json:"temperature,omitempty"`
	MaxTokens           int           `json:"max_tokens,omitempty"`
	MaxCompletionTokens int           `json:"max_completion_tokens,omitempty"`
	Stream              bool          `json:"stream,omitempty"`
}

// ChatMessage is one message of a ChatRequest. Content given as an array
// of parts is joined into one string (the text parts only).
type ChatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// UnmarshalJSON accepts content as a string or as an array of parts.
func (m *ChatMessage) UnmarshalJSON(b []byte) error {
	var raw struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	m.Role = raw.Role
	m.Content = ""
	if len(raw.Content) == 0 || string(raw.Content) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw.Content, &m.Content); err == nil {
		return nil
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(raw.Content, &parts); err != nil {
		return fmt.Errorf("message content is neither a string nor an array of parts")
	}
	var texts []string
	for _, p := range parts {
		if p.Type == "text" {
			texts = append(texts, p.Text)
		}
	}
	m.Content = strings.Join(texts, "\n")
	return nil
}

// UserMessage returns the content of the last user message ("" if none).
func (r ChatRequest) UserMessage() string {
	for i := len(r.Messages) - 1; i >= 0; i-- {
		if r.Messages[i].Role == "user" {
			return r.Messages[i].Content
		}
	}
	return ""
}

// maxBody caps the request bodies the stand-in reads.
const maxBody = 8 << 20

// handler routes the stand-in's one endpoint.
func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.chatCompletions)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "invalid_request_error",
			fmt.Sprintf("the teacher stand-in only serves POST /v1/chat/completions, not %s %s", r.Method, r.URL.Path))
	})
	return mux
}

// chatCompletions answers one request: count it, check the key, apply the
// fault, then answer with a stand-in explanation.
func (s *Server) chatCompletions(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	var req ChatRequest
	decodeErr := err
	if decodeErr == nil {
		decodeErr = json.Unmarshal(body, &req)
	}
	n := s.count(req)
	ctx := r.Context()
	if !wait(ctx, s.opts.Delay) {
		return
	}
	if s.opts.APIKey != "" && r.Header.Get("Authorization") != "Bearer "+s.opts.APIKey {
		writeError(w, http.StatusUnauthorized, "invalid_request_error", "invalid API key (teacher stand-in)")
		return
	}
	var f Fault
	if s.opts.Fault != nil {
		f = s.opts.Fault(n, req)
	}
	switch f.Kind {
	case RateLimited, Unavailable:
		if f.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(f.RetryAfter.Seconds()))))
		}
		if f.Kind == RateLimited {
			writeError(w, http.StatusTooManyRequests, "rate_limit_error", "rate limit reached (injected by the teacher stand-in)")
		} else {
			writeError(w, http.StatusServiceUnavailable, "server_error", "service unavailable (injected by the teacher stand-in)")
		}
		return
	case ServerError:
		writeError(w, http.StatusInternalServerError, "server_error", "internal error (injected by the teacher stand-in)")
		return
	case BadRequest:
		writeError(w, http.StatusBadRequest, "invalid_request_error", "bad request (injected by the teacher stand-in)")
		return
	case Unauthorized:
		writeError(w, http.StatusUnauthorized, "invalid_request_error", "invalid API key (injected by the teacher stand-in)")
		return
	case Malformed:
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id": "chatcmpl-standin-broken", "object": "chat.completion", "choices": [{"index": 0, "message": {"role": "assist`)
		return
	case Slow:
		if !wait(ctx, f.Delay) {
			return
		}
	}

	switch {
	case decodeErr != nil:
		writeError(w, http.StatusBadRequest, "invalid_request_error", "request body is not a valid chat-completions request: "+decodeErr.Error())
	case req.Model == "":
		writeError(w, http.StatusBadRequest, "invalid_request_error", "model is required")
	case len(req.Messages) == 0:
		writeError(w, http.StatusBadRequest, "invalid_request_error", "messages must not be empty")
	case req.Stream:
		writeError(w, http.StatusBadRequest, "invalid_request_error", "the teacher stand-in does not stream")
	default:
		writeJSON(w, http.StatusOK, answer(n, req))
	}
}

// completion is the chat-completions answer body.
type completion struct {
	ID                string   `json:"id"`
	Object            string   `json:"object"`
	Created           int64    `json:"created"`
	Model             string   `json:"model"`
	SystemFingerprint string   `json:"system_fingerprint"`
	Choices           []choice `json:"choices"`
	Usage             usage    `json:"usage"`
}

type choice struct {
	Index        int         `json:"index"`
	Message      ChatMessage `json:"message"`
	FinishReason string      `json:"finish_reason"`
}

type usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

// answer builds the answer to request number n. Tokens are counted as
// whitespace-separated words; max_tokens (or max_completion_tokens) cuts
// the explanation, with finish_reason "length".
func answer(n int, req ChatRequest) completion {
	words := strings.Fields(Explain(req.UserMessage()))
	finish := "stop"
	limit := req.MaxTokens
	if req.MaxCompletionTokens > 0 {
		limit = req.MaxCompletionTokens
	}
	if limit > 0 && len(words) > limit {
		words, finish = words[:limit], "length"
	}
	prompt := 0
	for _, m := range req.Messages {
		prompt += len(strings.Fields(m.Content))
	}
	return completion{
		ID:                fmt.Sprintf("chatcmpl-standin-%d", n),
		Object:            "chat.completion",
		Created:           time.Now().Unix(),
		Model:             req.Model,
		SystemFingerprint: "cecbench-teacher-standin",
		Choices: []choice{{
			Message:      ChatMessage{Role: "assistant", Content: strings.Join(words, " ")},
			FinishReason: finish,
		}},
		Usage: usage{PromptTokens: prompt, CompletionTokens: len(words), TotalTokens: prompt + len(words)},
	}
}

// writeError writes an OpenAI-style error body.
func writeError(w http.ResponseWriter, status int, typ, msg string) {
	var body struct {
		Error struct {
			Message string `json:"message"`
			Type    string `json:"type"`
			Code    int    `json:"code"`
		} `json:"error"`
	}
	body.Error.Message, body.Error.Type, body.Error.Code = msg, typ, status
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// wait sleeps d, or until ctx is done; it reports whether d passed.
func wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
