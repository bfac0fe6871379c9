package main

import (
	"context"
	"io"

	"github.com/cecbench/cecbench/server"
	"github.com/cecbench/cecbench/uselite"
)

func models(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg server.Config
	fs := newFlagSet("models", stderr)
	cfg.RegisterModelFlags(fs)
	if err := cfg.ParseFlags(fs, args, getenv); err != nil {
		return err
	}
	return uselite.Install(ctx, cfg.ModelsDir, stdout)
}
