package standin

import (
	"context"
	"crypto/subtle"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// healthMethod is exempt from the API key, as on Qdrant.
const healthMethod = "/qdrant.Qdrant/HealthCheck"

// Calls returns how many calls of each RPC the server has received, keyed
// "Service/Method" (e.g. "Points/Get"), counting rejected and failed calls
// too, since Start or the last ResetCalls.
func (s *Server) Calls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}

// ResetCalls sets every count back to zero.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = map[string]int{}
}

// SetDelay makes every later call wait d before it is handled (0: no
// delay). A call whose deadline passes while it waits fails with
// DeadlineExceeded, as on a slow server.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

func (s *Server) count(ctx context.Context, req any, info *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
	name := strings.TrimPrefix(info.FullMethod, "/qdrant.")
	s.mu.Lock()
	s.calls[name]++
	s.mu.Unlock()
	return next(ctx, req)
}

func (s *Server) authenticate(ctx context.Context, req any, info *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
	if s.opts.APIKey == "" || info.FullMethod == healthMethod {
		return next(ctx, req)
	}
	md, _ := metadata.FromIncomingContext(ctx)
	keys := md.Get("api-key")
	if len(keys) == 0 || subtle.ConstantTimeCompare([]byte(keys[0]), []byte(s.opts.APIKey)) != 1 {
		return nil, status.Error(codes.Unauthenticated, "Invalid api-key")
	}
	return next(ctx, req)
}

func (s *Server) wait(ctx context.Context, req any, _ *grpc.UnaryServerInfo, next grpc.UnaryHandler) (any, error) {
	s.mu.Lock()
	d := s.delay
	s.mu.Unlock()
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return nil, status.FromContextError(ctx.Err()).Err()
		}
	}
	return next(ctx, req)
}
