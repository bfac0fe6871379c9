// Package server wires cecbench together: configuration, the adapters it
// plugs in, the Echo instance with its middleware and error handler, and
// start-up and graceful shutdown.
package server

import (
	"errors"
	"flag"
	"fmt"
	"github.com/cecbench/cecbench/leaderboard"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/cecbench/cecbench/wordnet"
)

// Config is everything `cecbench serve` can be told, by flag or
// environment variable (flags win).
type Config struct {
	Addr            string        // CECBENCH_ADDR, --addr
	ModelsDir       string        // CECBENCH_MODELS_DIR, --models-dir
	DataDir         string        // CECBENCH_DATA_DIR, --data-dir
	MaxBodyBytes    int64         // CECBENCH_MAX_BODY_BYTES, --max-body-bytes
	CacheMB         int64         // CECBENCH_CACHE_MB, --cache-mb
	BatchMax        int           // CECBENCH_BATCH_MAX, --batch-max
	BatchWait       time.Duration // CECBENCH_BATCH_WAIT, --batch-wait
	ShutdownTimeout time.Duration // CECBENCH_SHUTDOWN_TIMEOUT, --shutdown-timeout
	WordNetDir      string        // CECBENCH_WORDNET_DIR, --wordnet-dir
	MaxPairs        int           // CECBENCH_MAX_PAIRS, --max-pairs
	MaxDatasetBytes int64         // CECBENCH_MAX_DATASET_BYTES, --max-dataset-bytes
	// RedisURL, when set, keeps jobs and data in Redis (asynq) instead of
	// the embedded store in DataDir.
	RedisURL string // REDIS_URL, --redis-url
	// QdrantURL, when set, puts Qdrant (gRPC, e.g. http://qdrant:6334)
	// behind the in-process embedding cache, shared by every replica.
	QdrantURL     string        // QDRANT_URL, --qdrant-url
	QdrantTimeout time.Duration // CECBENCH_QDRANT_TIMEOUT, --qdrant-timeout
	// QdrantAPIKey is read from QDRANT_API_KEY only: a secret is never a
	// flag (flags show in process lists).
	QdrantAPIKey string
	// AdminToken is the leaderboard operator's token, read from
	// CECBENCH_ADMIN_TOKEN only; empty disables the admin API.
	AdminToken string
	// ScoringDeadline is how long a leaderboard submission may take from
	// upload to scores before it fails and its quota is given back.
	ScoringDeadline time.Duration // CECBENCH_SCORING_DEADLINE, --scoring-deadline
	// Workers is how many jobs this process runs at once; -1 means 2
	// with the embedded store and 0 (an API-only replica; run
	// `cecbench worker`) with Redis.
	Workers int // CECBENCH_WORKERS, --workers
	// RequestTimeout bounds every /v1 request but event streams; a
	// request that runs out answers 503. 0: no bound.
	RequestTimeout time.Duration // CECBENCH_REQUEST_TIMEOUT, --request-timeout
	// RateLimit is the requests per second each client may sustain and
	// RateBurst how many it may send at once (a token bucket per API key,
	// else per client address; in Redis when RedisURL is set). 0: no limit.
	RateLimit float64 // CECBENCH_RATE_LIMIT, --rate-limit
	RateBurst int     // CECBENCH_RATE_BURST, --rate-burst
	// TrustProxy takes the client address from X-Forwarded-For, skipping
	// proxies on loopback and private networks, instead of the connection.
	TrustProxy bool // CECBENCH_TRUST_PROXY, --trust-proxy
	// CORSOrigins lists, comma-separated, the browser origins that may
	// call the API ("*": any); empty: no CORS headers.
	CORSOrigins string // CECBENCH_CORS_ORIGINS, --cors-origins
}

// envVar links a flag to its environment variable.
type envVar struct{ flag, env string }

var envVars = []envVar{
	{"addr", "CECBENCH_ADDR"},
	{"models-dir", "CECBENCH_MODELS_DIR"},
	{"data-dir", "CECBENCH_DATA_DIR"},
	{"max-body-bytes", "CECBENCH_MAX_BODY_BYTES"},
	{"cache-mb", "CECBENCH_CACHE_MB"},
	{"batch-max", "CECBENCH_BATCH_MAX"},
	{"batch-wait", "CECBENCH_BATCH_WAIT"},
	{"shutdown-timeout", "CECBENCH_SHUTDOWN_TIMEOUT"},
	{"wordnet-dir", "CECBENCH_WORDNET_DIR"},
	{"max-pairs", "CECBENCH_MAX_PAIRS"},
	{"max-dataset-bytes", "CECBENCH_MAX_DATASET_BYTES"},
	{"redis-url", "REDIS_URL"},
	{"qdrant-url", "QDRANT_URL"},
	{"qdrant-timeout", "CECBENCH_QDRANT_TIMEOUT"},
	{"scoring-deadline", "CECBENCH_SCORING_DEADLINE"},
	{"workers", "CECBENCH_WORKERS"},
	{"request-timeout", "CECBENCH_REQUEST_TIMEOUT"},
	{"rate-limit", "CECBENCH_RATE_LIMIT"},
	{"rate-burst", "CECBENCH_RATE_BURST"},
	{"trust-proxy", "CECBENCH_TRUST_PROXY"},
	{"cors-origins", "CECBENCH_CORS_ORIGINS"},
}

// RegisterFlags defines the serve flags on fs with their defaults.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", ":8080", "listen address (env CECBENCH_ADDR); :0 picks a free port")
	c.RegisterModelFlags(fs)
	fs.StringVar(&c.DataDir, "data-dir", "./data", "directory for stored data (env CECBENCH_DATA_DIR)")
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", 4<<20, "largest request body in bytes (env CECBENCH_MAX_BODY_BYTES)")
	fs.IntVar(&c.MaxPairs, "max-pairs", 1000, "most pairs in one batch or metrics request (env CECBENCH_MAX_PAIRS)")
	fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", 15*time.Second, "how long running requests get on shutdown (env CECBENCH_SHUTDOWN_TIMEOUT)")
	fs.Int64Var(&c.MaxDatasetBytes, "max-dataset-bytes", 64<<20, "largest dataset or leaderboard submission upload in bytes (env CECBENCH_MAX_DATASET_BYTES)")
	fs.DurationVar(&c.ScoringDeadline, "scoring-deadline", leaderboard.DefaultScoringDeadline, "longest time from a leaderboard upload to its scores; later, the submission fails and its quota is given back (env CECBENCH_SCORING_DEADLINE; the operator's token: env CECBENCH_ADMIN_TOKEN)")
	c.RegisterQueueFlags(fs, -1)
	c.RegisterHTTPFlags(fs)
}

// RegisterHTTPFlags defines the flags that protect the API: request
// timeout, rate limit, client address and CORS.
func (c *Config) RegisterHTTPFlags(fs *flag.FlagSet) {
	fs.DurationVar(&c.RequestTimeout, "request-timeout", 60*time.Second, "longest time a /v1 request (event streams excepted) may take before it answers 503; 0: no limit (env CECBENCH_REQUEST_TIMEOUT)")
	fs.Float64Var(&c.RateLimit, "rate-limit", 0, "requests per second each client (API key, else address) may sustain; 0 (the default for one machine): no limit; compose.yaml sets 50 (env CECBENCH_RATE_LIMIT)")
	fs.IntVar(&c.RateBurst, "rate-burst", 100, "requests each client may send at once above the rate (env CECBENCH_RATE_BURST)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", false, "take the client address for rate limiting from X-Forwarded-For set by proxies on loopback or private networks (env CECBENCH_TRUST_PROXY)")
	fs.StringVar(&c.CORSOrigins, "cors-origins", "", "comma-separated browser origins allowed to call the API, like https://app.example.org, or *; empty: no CORS headers (env CECBENCH_CORS_ORIGINS)")
}

// CORSOriginList splits CORSOrigins at commas, dropping blanks.
func (c *Config) CORSOriginList() []string {
	var out []string
	for _, o := range strings.Split(c.CORSOrigins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			out = append(out, o)
		}
	}
	return out
}

// RegisterQueueFlags defines the flags that choose the job store and the
// number of workers, shared by serve and worker.
func (c *Config) RegisterQueueFlags(fs *flag.FlagSet, workers int) {
	fs.StringVar(&c.RedisURL, "redis-url", "", "keep jobs and data in Redis (asynq) at this URL, redis://host:port/db (env REDIS_URL); empty: the embedded store in data-dir")
	fs.IntVar(&c.Workers, "workers", workers, "jobs this process runs at once; -1: 2 with the embedded store, 0 with Redis (env CECBENCH_WORKERS)")
}

// WorkerCount resolves Workers' -1 default.
func (c *Config) WorkerCount() int {
	switch {
	case c.Workers >= 0:
		return c.Workers
	case c.RedisURL != "":
		return 0
	default:
		return 2
	}
}

// RegisterModelFlags defines the flags that choose and tune the encoder,
// shared by every subcommand that embeds.
func (c *Config) RegisterModelFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.ModelsDir, "models-dir", "./models", "directory holding the encoder weights (env CECBENCH_MODELS_DIR)")
	fs.Int64Var(&c.CacheMB, "cache-mb", 256, "memory bound of the in-process embedding cache in MiB (env CECBENCH_CACHE_MB)")
	fs.IntVar(&c.BatchMax, "batch-max", 64, "most sentences embedded in one batch (env CECBENCH_BATCH_MAX)")
	fs.DurationVar(&c.BatchWait, "batch-wait", 2*time.Millisecond, "how long a sentence waits for others to share its batch (env CECBENCH_BATCH_WAIT)")
	fs.StringVar(&c.QdrantURL, "qdrant-url", "", "cache sentence embeddings in Qdrant at this gRPC URL, http(s)://host:6334, behind the in-process cache (env QDRANT_URL; its API key: env QDRANT_API_KEY)")
	fs.DurationVar(&c.QdrantTimeout, "qdrant-timeout", 2*time.Second, "longest Qdrant call; slower or failing calls score without the shared cache (env CECBENCH_QDRANT_TIMEOUT)")
	fs.StringVar(&c.WordNetDir, "wordnet-dir", wordnet.DefaultDir, "WordNet 3.0 database for METEOR, from Debian's wordnet-base (env CECBENCH_WORDNET_DIR)")
}

// ParseFlags parses args into fs, taking a default from the environment for
// every registered flag that args do not set, then validates c.
func (c *Config) ParseFlags(fs *flag.FlagSet, args []string, getenv func(string) string) error {
	if err := c.ApplyEnv(fs, getenv); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	return c.validate()
}

// ApplyEnv sets every flag registered on fs from its environment
// variable, when that is set; flags parsed afterwards win.
func (c *Config) ApplyEnv(fs *flag.FlagSet, getenv func(string) string) error {
	c.QdrantAPIKey = getenv("QDRANT_API_KEY")
	c.AdminToken = getenv("CECBENCH_ADMIN_TOKEN")
	for _, v := range envVars {
		f := fs.Lookup(v.flag)
		if f == nil {
			continue
		}
		if val := getenv(v.env); val != "" {
			if err := f.Value.Set(val); err != nil {
				return fmt.Errorf("environment variable %s=%q: %v", v.env, val, err)
			}
		}
	}
	return nil
}

func (c *Config) validate() error {
	var errs []error
	if c.MaxBodyBytes < 0 {
		errs = append(errs, errors.New("max-body-bytes must not be negative"))
	}
	if c.CacheMB < 0 {
		errs = append(errs, errors.New("cache-mb must not be negative"))
	}
	if c.BatchMax < 0 || c.BatchMax > 4096 {
		errs = append(errs, errors.New("batch-max must be between 1 and 4096 ("+strconv.Itoa(c.BatchMax)+" given)"))
	}
	if c.BatchWait < 0 || c.BatchWait > time.Second {
		errs = append(errs, errors.New("batch-wait must be between 0 and 1s"))
	}
	if c.MaxPairs < 0 || c.MaxPairs > 100000 {
		errs = append(errs, errors.New("max-pairs must be between 1 and 100000"))
	}
	if c.Workers < -1 || c.Workers > 256 {
		errs = append(errs, errors.New("workers must be between -1 and 256"))
	}
	if c.MaxDatasetBytes < 0 {
		errs = append(errs, errors.New("max-dataset-bytes must not be negative"))
	}
	if c.ModelsDir == "" {
		errs = append(errs, errors.New("models-dir must not be empty"))
	}
	if c.AdminToken != "" && len(c.AdminToken) < 16 {
		errs = append(errs, errors.New("CECBENCH_ADMIN_TOKEN must be at least 16 characters (for example: openssl rand -hex 32)"))
	}
	if c.ScoringDeadline < 0 {
		errs = append(errs, errors.New("scoring-deadline must not be negative"))
	}
	errs = append(errs, c.validateHTTP()...)
	return errors.Join(errs...)
}

// validateHTTP checks the flags of RegisterHTTPFlags.
func (c *Config) validateHTTP() []error {
	var errs []error
	if c.RequestTimeout < 0 {
		errs = append(errs, errors.New("request-timeout must not be negative (0 turns it off)"))
	}
	if c.RateLimit < 0 || c.RateLimit > 1e6 || math.IsNaN(c.RateLimit) {
		errs = append(errs, errors.New("rate-limit must be between 0 (off) and 1000000 requests/s"))
	}
	if c.RateLimit > 0 && c.RateBurst < 1 {
		errs = append(errs, errors.New("rate-burst must be at least 1 when rate-limit is set ("+strconv.Itoa(c.RateBurst)+" given)"))
	}
	for _, o := range c.CORSOriginList() {
		if o != "*" && !strings.Contains(o, "://") {
			errs = append(errs, fmt.Errorf("cors-origins: %q is not an origin: want scheme://host[:port], like https://app.example.org, or *", o))
		}
	}
	return errs
}
