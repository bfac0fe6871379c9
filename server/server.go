package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/labstack/echo/v4"
	echoSwagger "github.com/swaggo/echo-swagger"

	"github.com/cecbench/cecbench/leaderboard"
	"github.com/cecbench/cecbench/llamacpp"
	_ "github.com/cecbench/cecbench/openapi" // registers the generated spec with swag
	"github.com/cecbench/cecbench/routes"
	"github.com/cecbench/cecbench/training/catalog"
	"github.com/cecbench/cecbench/training/evaluate"
	"github.com/cecbench/cecbench/training/models"
)

// Server is the cecbench HTTP API.
type Server struct {
	cfg     Config
	log     *slog.Logger
	echo    *echo.Echo
	metrics *Metrics
	backend *backend
	stores  *Stores
	// binaries are the llama.cpp programs found at start.
	binaries llamacpp.Binaries
	// closeMiddleware releases what the middleware holds (the rate
	// limiter's Redis connections).
	closeMiddleware func() error
	leaderboard     *leaderboard.Service
}

// sweepEvery is how often the server fails leaderboard submissions stuck
// past their deadline, giving their quota back.
const sweepEvery = time.Minute

// New builds the server; it loads nothing until Run.
func New(cfg Config, log *slog.Logger) (*Server, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	stores, err := OpenStores(cfg.RedisURL, cfg.DataDir, cfg.WorkerCount(), log)
	if err != nil {
		return nil, err
	}
	bins := llamacpp.FindBinaries(os.Getenv, llamacpp.DefaultDirs(os.Getenv)...)
	s := &Server{cfg: cfg, log: log, metrics: NewMetrics(), backend: &backend{}, stores: stores, binaries: bins}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = errorHandler(log)
	closeMiddleware, err := s.useMiddleware(e)
	if err != nil {
		stores.Close()
		return nil, err
	}
	s.closeMiddleware = closeMiddleware
	lb, err := leaderboard.New(leaderboard.Config{Store: stores.KV, Datasets: catalog.Open(stores.KV), Jobs: stores.Queue, ScoringDeadline: cfg.ScoringDeadline})
	if err != nil {
		stores.Close()
		return nil, err
	}
	s.leaderboard = lb
	routes.Register(e, routes.Deps{
		Backend:      s.backend,
		MaxBodyBytes: cfg.MaxBodyBytes,
		Metrics:      s.metrics.Handler(),
		Docs:         echoSwagger.WrapHandler,

		Datasets:        catalog.Open(stores.KV),
		MaxDatasetBytes: cfg.MaxDatasetBytes,
		Jobs:            stores.Queue,
		Models:          models.Open(stores.KV),
		Store:           stores.KV,
		Binaries:        bins,
		Leaderboard:     lb,
		AdminToken:      cfg.AdminToken,
	})
	s.echo = e
	return s, nil
}

// Handler returns the HTTP handler, for tests.
func (s *Server) Handler() http.Handler { return s.echo }

// Close releases the stores and the middleware; Run calls it when it
// returns.
func (s *Server) Close() error { return errors.Join(s.stores.Close(), s.closeMiddleware()) }

// RunWorkers runs this process's job workers (Config.Workers) until ctx
// is done; with none configured it returns at once.
func (s *Server) RunWorkers(ctx context.Context) error {
	if s.cfg.WorkerCount() == 0 {
		return nil
	}
	s.log.Info("job workers started", "store", s.stores.Backend, "workers", s.cfg.WorkerCount())
	return s.stores.Runner.Run(ctx, s.stores.Handlers(WorkerDeps{
		Getenv:   os.Getenv,
		DataDir:  s.cfg.DataDir,
		Binaries: s.binaries,
		Scorer: func() (evaluate.Scorer, error) {
			e, err := s.backend.get()
			if err != nil {
				return nil, err
			}
			return e.Metrics, nil
		},
	}))
}

// Run verifies the encoder weights, starts listening, loads the encoder in
// the background (readiness turns on when it is loaded) and serves until
// ctx is done; then it stops taking requests, gives running ones
// ShutdownTimeout to finish and stops the batcher. onListen, if not nil, is
// called with the bound address once the listener is up.
func (s *Server) Run(ctx context.Context, onListen func(addr net.Addr)) error {
	defer s.Close()
	if err := VerifyModels(s.cfg); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.cfg.Addr, err)
	}
	if onListen != nil {
		onListen(ln.Addr())
	}
	s.log.Info("listening", "addr", ln.Addr().String())

	loaded := make(chan error, 1)
	go func() {
		start := time.Now()
		eng, err := LoadEngine(s.cfg, s.metrics)
		s.backend.set(eng, err)
		if err == nil {
			s.log.Info("encoder loaded", "id", eng.Encoder.ID(), "seconds", time.Since(start).Seconds())
			if eng.WordNetErr != nil {
				s.log.Warn("METEOR is unavailable until WordNet is installed", "err", eng.WordNetErr.Error())
			}
		}
		loaded <- err
	}()

	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	worked := make(chan error, 1)
	go func() { worked <- s.RunWorkers(workCtx) }()
	swept := make(chan struct{})
	go func() { defer close(swept); s.sweep(workCtx) }()

	srv := &http.Server{Handler: s.echo, ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: s.cfg.RequestTimeout, IdleTimeout: idleTimeout,
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	var runErr error
	gotLoaded := false
	select {
	case <-ctx.Done():
	case err := <-served:
		runErr = fmt.Errorf("serve: %w", err)
	case err := <-loaded:
		gotLoaded = true
		if err != nil {
			runErr = err
		} else {
			select {
			case <-ctx.Done():
			case err := <-served:
				runErr = fmt.Errorf("serve: %w", err)
			}
		}
	}
	s.log.Info("shutting down", "timeout", s.cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		runErr = errors.Join(runErr, fmt.Errorf("shutdown: %w", err))
	}
	stopWork()
	<-swept
	if err := <-worked; err != nil && !errors.Is(err, context.Canceled) {
		runErr = errors.Join(runErr, fmt.Errorf("job workers: %w", err))
	}
	if !gotLoaded {
		<-loaded // the engine may still be loading; wait so it can be closed
	}
	if eng, _ := s.backend.get(); eng != nil {
		eng.Close()
	}
	return runErr
}

// sweep fails stuck leaderboard submissions every sweepEvery until ctx is
// done.
func (s *Server) sweep(ctx context.Context) {
	t := time.NewTicker(sweepEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n, err := s.leaderboard.Sweep(ctx)
			if err != nil && ctx.Err() == nil {
				s.log.Warn("leaderboard sweep failed", "err", err)
			}
			if n > 0 {
				s.log.Info("leaderboard submissions failed past their deadline; quota given back", "count", n)
			}
		}
	}
}

// requestLog writes one structured line per request.
func requestLog(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			log.Info("request",
				"request_id", c.Response().Header().Get(echo.HeaderXRequestID),
				"method", c.Request().Method,
				"path", c.Request().URL.Path,
				"status", c.Response().Status,
				"bytes", c.Response().Size,
				"ms", float64(time.Since(start).Microseconds())/1000)
			return nil
		}
	}
}

func jsonEncode(w io.Writer, v any) error { return json.NewEncoder(w).Encode(v) }
