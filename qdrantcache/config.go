package qdrantcache

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults for the fields of Config left zero.
const (
	DefaultTimeout          = 2 * time.Second
	DefaultCollectionPrefix = "cecbench_emb_"
	// defaultPort is Qdrant's gRPC port.
	defaultPort = 6334
	// maxPrefix bounds CollectionPrefix, leaving room in Qdrant's 255
	// bytes for the namespace's short form and hash.
	maxPrefix = 64
)

// Config says where Qdrant is and how to call it.
type Config struct {
	// URL is Qdrant's gRPC endpoint: "http://host:6334", or
	// "https://host:6334" for TLS. The port defaults to 6334.
	URL string
	// APIKey is sent as the "api-key" metadata of every call when set.
	APIKey string
	// Timeout bounds each Get, Put and Ping, all its round trips included
	// (default DefaultTimeout).
	Timeout time.Duration
	// CollectionPrefix starts every collection name (default
	// DefaultCollectionPrefix); letters, digits, '_', '-' and '.' only.
	CollectionPrefix string
}

// endpoint is a parsed Config.URL.
type endpoint struct {
	host string // as the client wants it: an IPv6 literal in brackets
	port int
	tls  bool
}

// withDefaults fills the zero fields and checks the others.
func (c Config) withDefaults() (Config, error) {
	if c.Timeout < 0 {
		return c, fmt.Errorf("qdrantcache: Timeout is %v; it must be positive, or zero for %v", c.Timeout, DefaultTimeout)
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.CollectionPrefix == "" {
		c.CollectionPrefix = DefaultCollectionPrefix
	}
	if len(c.CollectionPrefix) > maxPrefix {
		return c, fmt.Errorf("qdrantcache: CollectionPrefix is %d bytes; at most %d leave room for the namespace in Qdrant's 255-byte names", len(c.CollectionPrefix), maxPrefix)
	}
	for _, r := range c.CollectionPrefix {
		if !isNameChar(r) && r != '.' && !('A' <= r && r <= 'Z') {
			return c, fmt.Errorf("qdrantcache: CollectionPrefix %q has %q; use letters, digits, '_', '-' and '.'", c.CollectionPrefix, r)
		}
	}
	return c, nil
}

// parseURL reads Config.URL.
func parseURL(raw string) (endpoint, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return endpoint{}, fmt.Errorf("qdrantcache: URL %q: %w", raw, err)
	}
	var e endpoint
	switch u.Scheme {
	case "http":
	case "https":
		e.tls = true
	default:
		return endpoint{}, fmt.Errorf("qdrantcache: URL %q: the scheme must be http or https (for TLS), as in http://localhost:6334", raw)
	}
	if u.Hostname() == "" {
		return endpoint{}, fmt.Errorf("qdrantcache: URL %q has no host", raw)
	}
	if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return endpoint{}, fmt.Errorf("qdrantcache: URL %q: only a scheme, host and port are allowed (the API key goes in Config.APIKey)", raw)
	}
	e.host = u.Hostname()
	if strings.Contains(e.host, ":") {
		e.host = "[" + e.host + "]" // the client joins host and port with a bare ':'
	}
	e.port = defaultPort
	if p := u.Port(); p != "" {
		if e.port, err = strconv.Atoi(p); err != nil || e.port < 1 || e.port > 65535 {
			return endpoint{}, fmt.Errorf("qdrantcache: URL %q: port %q is not a TCP port", raw, p)
		}
	}
	return e, nil
}

// String is the endpoint as host:port, for messages.
func (e endpoint) String() string { return fmt.Sprintf("%s:%d", e.host, e.port) }
