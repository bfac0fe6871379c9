package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/cecbench/cecbench/scripts/bench/benchserver"
)

// maxPairs is the server's --max-pairs here: above the 1,535 pairs, so
// that -per-request 1535 sends the whole file in one request.
const maxPairs = 2000

// stopGrace is how long a server may take to exit on SIGTERM.
const stopGrace = 30 * time.Second

// startServer starts `cecbench serve` on a free loopback port with the
// given Qdrant and data dir, and waits until /readyz says "ready".
func startServer(ctx context.Context, o options, qdrantURL, dataDir string) (*benchserver.Server, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, err
	}
	s, err := benchserver.Start(ctx, benchserver.Options{Bin: o.bin, Log: o.serverLog, Args: []string{
		"--models-dir", o.modelsDir, "--data-dir", dataDir, "--qdrant-url", qdrantURL,
		"--max-pairs", fmt.Sprint(maxPairs), "--max-body-bytes", fmt.Sprint(64 << 20),
		"--request-timeout", "0", "--rate-limit", "0"}})
	if err != nil {
		return nil, err
	}
	fmt.Printf("server:  %s (pid %d, data dir new)\n", s.URL, s.PID())
	if err := waitReady(ctx, s.URL, o.waitReady); err != nil {
		s.Stop(stopGrace)
		return nil, err
	}
	return s, nil
}

// waitReady polls GET /readyz until it answers 200 with status "ready"
// (not "degraded": the shared cache must work), or d has passed.
func waitReady(ctx context.Context, base string, d time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var last string
	for {
		status, err := readyStatus(ctx, base)
		if err == nil && status == "ready" {
			return nil
		}
		last = status
		if err != nil {
			last = err.Error()
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s/readyz not ready after %s: %s", base, d, last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// readyStatus is the status field of one GET /readyz answered 200.
func readyStatus(ctx context.Context, base string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		return "", fmt.Errorf("status %d", resp.StatusCode)
	}
	var st struct {
		Status string `json:"status"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return "", err
	}
	return st.Status, nil
}
