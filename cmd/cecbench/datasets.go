package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/cecbench/cecbench/progress"
	"github.com/cecbench/cecbench/server"
	"github.com/cecbench/cecbench/training/catalog"
	"github.com/cecbench/cecbench/training/dataset"
)

const datasetsUsage = `Usage:
  cecbench datasets import FORMAT FILE [flags]

FORMAT is climate-fever or simple (the same JSONL POST /v1/datasets reads).
The dataset is stored where serve keeps its data (--data-dir, or Redis with
REDIS_URL); the same content imported twice is the same dataset. Stop a
server that uses the same data dir first (the embedded store is one file),
or upload with POST /v1/datasets instead.
`

func datasets(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprint(stderr, datasetsUsage)
		return errors.New("datasets: want the import subcommand")
	}
	var cfg server.Config
	fs := newFlagSet("datasets import", stderr)
	fs.Usage = func() { fmt.Fprint(stderr, datasetsUsage); fs.PrintDefaults() }
	fs.StringVar(&cfg.DataDir, "data-dir", "./data", "directory of the embedded store (env CECBENCH_DATA_DIR)")
	cfg.RegisterQueueFlags(fs, 0)
	name := fs.String("name", "", "a name to show (default: the file name)")
	ratios := fs.String("splits", "", "train,validation,test ratios (default 80,10,10)")
	seed := fs.String("seed", "", "split seed (default 20250525)")
	if err := cfg.ApplyEnv(fs, getenv); err != nil {
		return err
	}
	// Flags may follow the two positional arguments.
	rest := args[1:]
	var pos []string
	for len(rest) > 0 {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		rest = fs.Args()
		if len(rest) > 0 {
			pos, rest = append(pos, rest[0]), rest[1:]
		}
	}
	if len(pos) != 2 {
		fmt.Fprint(stderr, datasetsUsage)
		return fmt.Errorf("datasets import: want FORMAT and FILE, got %d arguments", len(pos))
	}
	format, path := pos[0], pos[1]
	if format != dataset.FormatClimateFEVER && format != dataset.FormatSimple {
		return fmt.Errorf("datasets import: format %q: want %s or %s", format, dataset.FormatClimateFEVER, dataset.FormatSimple)
	}
	split, err := dataset.ParseSplitConfig(*ratios, *seed)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	bar := progress.New(stderr, "reading "+filepath.Base(path)+" (bytes)", int(info.Size()))
	items, got, err := dataset.Parse(&countingReader{r: f, bar: bar}, dataset.Limits{})
	bar.Finish()
	if err != nil {
		return err
	}
	if got != format {
		return fmt.Errorf("%s is in the %s format, not %s", path, got, format)
	}
	st, err := server.OpenStores(cfg.RedisURL, cfg.DataDir, 0, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	if *name == "" {
		*name = filepath.Base(path)
	}
	d, created, err := catalog.Open(st.KV).Create(ctx, catalog.New{Name: *name, Format: got, Items: items, Splits: &split})
	if err != nil {
		return err
	}
	verb := "stored"
	if !created {
		verb = "already stored"
	}
	fmt.Fprintf(stderr, "%s dataset %s: %d items\n", verb, d.ID, d.Items)
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// countingReader advances a progress bar by the bytes read.
type countingReader struct {
	r   io.Reader
	bar *progress.Bar
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.bar.Add(n)
	return n, err
}
