package standin

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

const userMsg = "Claim: Sea levels are rising because of melting glaciers.\n\nEvidence:\n1. The melting of glaciers adds water to the oceans. It has sped up since 1990.\n2. Thermal expansion of warming water also raises the sea level.\n3. [3] Tide gauges show a rise of about 20 cm since 1900.\n\nLabel: SUPPORTS\n\nExplain the cause and effect."

func post(t *testing.T, s *Server, key string, body any) (*http.Response, []byte) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, s.URL()+"/chat/completions", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, out
}

func chatBody(user string) map[string]any {
	return map[string]any{
		"model": "teacher-standin",
		"messages": []map[string]any{
			{"role": "system", "content": "You explain claims."},
			{"role": "user", "content": user},
		},
	}
}

func TestStandinAnswersLikeChatCompletions(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	if !strings.HasSuffix(s.URL(), "/v1") {
		t.Errorf("URL %s does not end in /v1", s.URL())
	}
	res, body := post(t, s, "", chatBody(userMsg))
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, content type %q: %s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	var c completion
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatal(err)
	}
	if c.Object != "chat.completion" || c.Model != "teacher-standin" || len(c.Choices) != 1 {
		t.Fatalf("answer %s", body)
	}
	msg := c.Choices[0].Message
	if msg.Role != "assistant" || msg.Content != Explain(userMsg) || c.Choices[0].FinishReason != "stop" {
		t.Errorf("message %+v, finish %q", msg, c.Choices[0].FinishReason)
	}
	prompt := len(strings.Fields(userMsg)) + len(strings.Fields("You explain claims."))
	completionWords := len(strings.Fields(msg.Content))
	if c.Usage != (usage{PromptTokens: prompt, CompletionTokens: completionWords, TotalTokens: prompt + completionWords}) {
		t.Errorf("usage %+v", c.Usage)
	}
	if s.Requests() != 1 || s.RequestsFor(userMsg) != 1 || s.RequestsFor("other") != 0 {
		t.Errorf("counters: %d total, %d for the message", s.Requests(), s.RequestsFor(userMsg))
	}
}

func TestStandinMaxTokensCutsTheAnswer(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	body := chatBody(userMsg)
	body["max_tokens"] = 5
	_, b := post(t, s, "", body)
	var c completion
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	if n := len(strings.Fields(c.Choices[0].Message.Content)); n != 5 || c.Choices[0].FinishReason != "length" || c.Usage.CompletionTokens != 5 {
		t.Errorf("max_tokens 5: %d words, finish %q, usage %+v", n, c.Choices[0].FinishReason, c.Usage)
	}
}

func TestStandinContentParts(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	body := map[string]any{"model": "m", "messages": []map[string]any{
		{"role": "user", "content": []map[string]any{{"type": "text", "text": userMsg}}},
	}}
	res, b := post(t, s, "", body)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "This is why the claim is supported") {
		t.Errorf("status %d: %s", res.StatusCode, b)
	}
	if s.RequestsFor(userMsg) != 1 {
		t.Error("content parts not counted under their text")
	}
}

func TestStandinFaults(t *testing.T) {
	cases := []struct {
		fault      Fault
		status     int
		retryAfter string
	}{
		{Fault{Kind: RateLimited, RetryAfter: 2 * time.Second}, 429, "2"},
		{Fault{Kind: RateLimited, RetryAfter: 1500 * time.Millisecond}, 429, "2"},
		{Fault{Kind: RateLimited}, 429, ""},
		{Fault{Kind: Unavailable, RetryAfter: time.Second}, 503, "1"},
		{Fault{Kind: ServerError}, 500, ""},
		{Fault{Kind: BadRequest}, 400, ""},
		{Fault{Kind: Unauthorized}, 401, ""},
	}
	for _, tc := range cases {
		s := New(Options{Fault: func(n int, req ChatRequest) Fault { return tc.fault }})
		res, b := post(t, s, "", chatBody(userMsg))
		s.Close()
		if res.StatusCode != tc.status || res.Header.Get("Retry-After") != tc.retryAfter {
			t.Errorf("fault %+v: status %d, Retry-After %q; want %d, %q", tc.fault, res.StatusCode, res.Header.Get("Retry-After"), tc.status, tc.retryAfter)
		}
		var e struct {
			Error struct{ Message string } `json:"error"`
		}
		if json.Unmarshal(b, &e) != nil || !strings.Contains(e.Error.Message, "stand-in") {
			t.Errorf("fault %+v: error body %s", tc.fault, b)
		}
	}
}

func TestStandinMalformedAndSlow(t *testing.T) {
	var mu sync.Mutex
	var seen []int
	s := New(Options{Fault: func(n int, req ChatRequest) Fault {
		mu.Lock()
		seen = append(seen, n)
		mu.Unlock()
		if req.UserMessage() != userMsg {
			t.Errorf("fault func got user message %q", req.UserMessage())
		}
		switch n {
		case 1:
			return Fault{Kind: Malformed}
		case 2:
			return Fault{Kind: Slow, Delay: 100 * time.Millisecond}
		}
		return Fault{}
	}})
	defer s.Close()
	res, b := post(t, s, "", chatBody(userMsg))
	if res.StatusCode != 200 || json.Valid(b) {
		t.Errorf("malformed: status %d, body %s is valid JSON", res.StatusCode, b)
	}
	start := time.Now()
	res, b = post(t, s, "", chatBody(userMsg))
	if d := time.Since(start); d < 100*time.Millisecond || res.StatusCode != 200 || !json.Valid(b) {
		t.Errorf("slow: status %d after %s", res.StatusCode, d)
	}
	if len(seen) != 2 || seen[0] != 1 || seen[1] != 2 || s.RequestsFor(userMsg) != 2 {
		t.Errorf("fault func saw %v; %d requests for the message", seen, s.RequestsFor(userMsg))
	}
}

func TestStandinDelayAndAPIKey(t *testing.T) {
	s := New(Options{APIKey: "sk-test", Delay: 50 * time.Millisecond})
	defer s.Close()
	if res, _ := post(t, s, "", chatBody(userMsg)); res.StatusCode != 401 {
		t.Errorf("no key: status %d, want 401", res.StatusCode)
	}
	if res, _ := post(t, s, "wrong", chatBody(userMsg)); res.StatusCode != 401 {
		t.Errorf("wrong key: status %d, want 401", res.StatusCode)
	}
	start := time.Now()
	if res, b := post(t, s, "sk-test", chatBody(userMsg)); res.StatusCode != 200 {
		t.Errorf("right key: status %d: %s", res.StatusCode, b)
	}
	if d := time.Since(start); d < 50*time.Millisecond {
		t.Errorf("answered after %s, want the 50ms delay", d)
	}
	if s.Requests() != 3 {
		t.Errorf("Requests() = %d, want 3 (rejected ones count)", s.Requests())
	}
}

func TestStandinRejectsBadRequests(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	for name, body := range map[string]any{
		"no model":    map[string]any{"messages": []map[string]string{{"role": "user", "content": "x"}}},
		"no messages": map[string]any{"model": "m"},
		"stream":      map[string]any{"model": "m", "stream": true, "messages": []map[string]string{{"role": "user", "content": "x"}}},
		"not an obj":  []int{1},
	} {
		if res, b := post(t, s, "", body); res.StatusCode != 400 {
			t.Errorf("%s: status %d: %s", name, res.StatusCode, b)
		}
	}
	res, err := http.Get(s.URL() + "/models")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Errorf("GET /v1/models: %d, want 404", res.StatusCode)
	}
}

func TestListen(t *testing.T) {
	s, err := Listen("127.0.0.1:0", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if res, _ := post(t, s, "", chatBody(userMsg)); res.StatusCode != 200 {
		t.Errorf("status %d", res.StatusCode)
	}
	if _, err := Listen("127.0.0.1:-1", Options{}); err == nil {
		t.Error("no error for a bad address")
	}
}
