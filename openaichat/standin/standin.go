// Package standin is a STAND-IN for a paid teacher API: an in-process HTTP
// server that speaks the OpenAI chat-completions protocol
// (POST {base}/chat/completions, with "usage" in the answer) so that tests
// and demos can run the teacher pipeline without a real model or network.
//
// It is not a model and never pretends to be one. Its answers are
// deterministic: a short cause-and-effect explanation (3 to 4 sentences)
// assembled from the claim, the evidence and the label it finds in the
// last user message. Token counts in "usage" are whitespace-separated
// words, not real tokens.
//
// Faults can be injected per request (rate limits with Retry-After, server
// errors, slow or malformed answers, 400, 401), and the server counts the
// requests it receives, in total and per user message, so a test can
// assert that an item was requested exactly once.
package standin

import (
	"fmt"
	"net"
	"net/http/httptest"
	"sync"
	"time"
)

// FaultKind is a kind of failure the stand-in can answer with.
type FaultKind int

// The fault kinds.
const (
	// NoFault answers normally.
	NoFault FaultKind = iota
	// RateLimited answers 429 with "Retry-After: <Fault.RetryAfter>"
	// (whole seconds; no header when 0).
	RateLimited
	// ServerError answers 500.
	ServerError
	// Unavailable answers 503, with Retry-After like RateLimited.
	Unavailable
	// Slow waits Fault.Delay (or until the client gives up), then
	// answers normally.
	Slow
	// Malformed answers 200 with a body that is not valid JSON.
	Malformed
	// BadRequest answers 400.
	BadRequest
	// Unauthorized answers 401.
	Unauthorized
)

// Fault is what the stand-in does with one request.
type Fault struct {
	Kind FaultKind
	// RetryAfter is sent as Retry-After (rounded up to whole seconds)
	// with RateLimited and Unavailable.
	RetryAfter time.Duration
	// Delay is how long a Slow answer takes.
	Delay time.Duration
}

// Options configures a Server; the zero value answers every request
// normally and at once.
type Options struct {
	// APIKey, when set, must come as "Authorization: Bearer <APIKey>";
	// other requests get 401.
	APIKey string
	// Delay is added before every answer, faults included.
	Delay time.Duration
	// Fault, when not nil, decides what to do with each request
	// (n counts the chat-completions requests from 1, req is the decoded
	// body). It may be called from several goroutines at once.
	Fault func(n int, req ChatRequest) Fault
}

// Server is a running stand-in.
type Server struct {
	ts   *httptest.Server
	opts Options

	mu      sync.Mutex
	total   int
	perUser map[string]int
}

// New starts a stand-in on a free loopback port. Close it when done.
func New(o Options) *Server {
	s := newServer(o)
	s.ts = httptest.NewServer(s.handler())
	return s
}

// Listen starts a stand-in on addr (host:port; port 0 picks a free one),
// for demos that need a known address.
func Listen(addr string, o Options) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("standin: listen on %s: %w", addr, err)
	}
	s := newServer(o)
	s.ts = httptest.NewUnstartedServer(s.handler())
	s.ts.Listener.Close()
	s.ts.Listener = ln
	s.ts.Start()
	return s, nil
}

func newServer(o Options) *Server {
	return &Server{opts: o, perUser: make(map[string]int)}
}

// URL is the base URL clients use, ending in /v1.
func (s *Server) URL() string { return s.ts.URL + "/v1" }

// Close stops the server, cutting open connections, and waits for its
// handlers to return.
func (s *Server) Close() {
	s.ts.CloseClientConnections()
	s.ts.Close()
}

// Requests returns how many chat-completions requests arrived so far,
// whatever their answer.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// RequestsFor returns how many chat-completions requests arrived whose
// last user message was exactly userMessage.
func (s *Server) RequestsFor(userMessage string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.perUser[userMessage]
}

// count records one request and returns its number.
func (s *Server) count(req ChatRequest) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total++
	s.perUser[req.UserMessage()]++
	return s.total
}
