package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/cecbench/cecbench/server"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg server.Config
	fs := newFlagSet("serve", stderr)
	cfg.RegisterFlags(fs)
	if err := cfg.ParseFlags(fs, args, getenv); err != nil {
		return err
	}
	log, closeLog := server.NewLogger(stderr, 200*time.Millisecond)
	defer closeLog()
	s, err := server.New(cfg, log)
	if err != nil {
		return err
	}
	return s.Run(ctx, func(addr net.Addr) {
		fmt.Fprintf(stdout, "cecbench listening on http://%s (Swagger UI at /swagger/index.html)\n", addr)
	})
}
