package qdrantcache

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/cecbench/cecbench/scoring"
	"github.com/qdrant/go-client/qdrant"
	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
)

// maxMessageBytes bounds a gRPC message either way, above gRPC's default
// of 4 MiB: 1,000 points of 1,024 dimensions are 4 MiB of floats alone.
const maxMessageBytes = 64 << 20

// reconnect is how the connection is retried after the server went away:
// quickly at first and never more than 5 s apart, rather than gRPC's
// default of up to 2 minutes, so the cache is back soon after Qdrant is.
var reconnect = grpc.ConnectParams{
	Backoff:           backoff.Config{BaseDelay: 200 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: 5 * time.Second},
	MinConnectTimeout: 5 * time.Second,
}

// Cache is a scoring.EmbeddingCache on Qdrant. It is safe for concurrent
// use; Close it when done.
type Cache struct {
	cfg    Config
	at     endpoint
	client *qdrant.Client

	mu          sync.Mutex
	collections map[string]collectionState // by collection name
}

var _ scoring.EmbeddingCache = (*Cache)(nil)

// New returns a cache on the Qdrant at cfg.URL. It does not connect: the
// client connects on the first call, so New succeeds while Qdrant is down
// and Ping tells whether it is up.
func New(cfg Config) (*Cache, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	at, err := parseURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	client, err := qdrant.NewClient(&qdrant.Config{
		Host:   at.host,
		Port:   at.port,
		APIKey: cfg.APIKey,
		UseTLS: at.tls,
		// The check would call the server from NewClient, blocking up to a
		// minute while it is down, to log a warning.
		SkipCompatibilityCheck: true,
		// One HTTP/2 connection carries concurrent calls; a pool would
		// multiply the connections every replica keeps open.
		PoolSize: 1,
		GrpcOptions: []grpc.DialOption{
			grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(maxMessageBytes), grpc.MaxCallSendMsgSize(maxMessageBytes)),
			grpc.WithConnectParams(reconnect),
		},
	})
	if err != nil {
		return nil, fmt.Errorf("qdrantcache: client for %s: %w", at, err)
	}
	return &Cache{cfg: cfg, at: at, client: client, collections: map[string]collectionState{}}, nil
}

// Close closes the connection; the cache must not be used afterwards.
func (c *Cache) Close() error {
	if err := c.client.Close(); err != nil {
		return fmt.Errorf("qdrantcache: close the connection to %s: %w", c.at, err)
	}
	return nil
}

// Ping checks that Qdrant answers and accepts the API key, by listing its
// collections (Qdrant's health check answers without the key).
func (c *Cache) Ping(ctx context.Context) error {
	call, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	if _, err := c.client.ListCollections(call); err != nil {
		return c.failure(ctx, "ping (list collections)", err)
	}
	return nil
}

// CollectionName is the name of the collection that holds namespace's
// vectors, for operators and logs.
func (c *Cache) CollectionName(namespace string) string {
	return collectionName(c.cfg.CollectionPrefix, namespace)
}
