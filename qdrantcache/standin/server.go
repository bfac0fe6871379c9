package standin

import (
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc"
	"google.golang.org/grpc/keepalive"
)

// maxMessageBytes is the largest request or response the stand-in takes,
// above gRPC's default of 4 MiB, as a real Qdrant does.
const maxMessageBytes = 64 << 20

// Options configure a Server.
type Options struct {
	// APIKey, when set, is required in the "api-key" metadata of every
	// call except the health check.
	APIKey string
}

// Server is a running stand-in. Its methods are safe for concurrent use.
type Server struct {
	opts  Options
	addr  string
	store *store

	mu    sync.Mutex
	grpc  *grpc.Server // nil while stopped
	calls map[string]int
	delay time.Duration
}

// Start listens on addr ("127.0.0.1:0" picks a free port) and serves until
// Stop. It is Start with zero Options.
func Start(addr string) (*Server, error) {
	return StartWith(addr, Options{})
}

// StartWith is Start with options.
func StartWith(addr string, opts Options) (*Server, error) {
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("standin: listen on %s: %w", addr, err)
	}
	s := &Server{opts: opts, addr: lis.Addr().String(), store: newStore(), calls: map[string]int{}}
	s.serve(lis)
	return s, nil
}

// Addr is the host:port the server listens on.
func (s *Server) Addr() string { return s.addr }

// URL is the address as a qdrantcache URL: "http://" + Addr().
func (s *Server) URL() string { return "http://" + s.addr }

// Stop closes the listener and every connection at once, failing the
// calls in flight; the data is kept for Restart. Stopping a stopped
// server does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	g := s.grpc
	s.grpc = nil
	s.mu.Unlock()
	if g != nil {
		g.Stop()
	}
}

// Restart stops the server if it runs and serves again on the same
// address, with the data it had.
func (s *Server) Restart() error {
	s.Stop()
	var lis net.Listener
	var err error
	// The port was just released; give the kernel a moment if it lags.
	for try := 0; try < 50; try++ {
		if lis, err = net.Listen("tcp", s.addr); err == nil {
			s.serve(lis)
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("standin: listen again on %s: %w", s.addr, err)
}

// serve starts a gRPC server with the stand-in's services on lis.
func (s *Server) serve(lis net.Listener) {
	g := grpc.NewServer(
		grpc.ChainUnaryInterceptor(s.count, s.authenticate, s.wait),
		grpc.MaxRecvMsgSize(maxMessageBytes),
		grpc.MaxSendMsgSize(maxMessageBytes),
		// Qdrant's client pings every 10 s even when idle; grpc-go's
		// default policy would answer that with GOAWAY.
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: time.Second, PermitWithoutStream: true}),
	)
	qdrant.RegisterCollectionsServer(g, &collections{store: s.store})
	qdrant.RegisterPointsServer(g, &points{store: s.store})
	qdrant.RegisterQdrantServer(g, health{})
	s.mu.Lock()
	s.grpc = g
	s.mu.Unlock()
	go func() { _ = g.Serve(lis) }() // returns when g is stopped
}
