package main

import "github.com/cecbench/cecbench/qdrantcache/standin"

// qdrant is the shared level the servers use: the in-process stand-in,
// whose calls can be counted, or a Qdrant at a given URL.
type qdrant struct {
	url string
	s   *standin.Server // nil for an outside Qdrant
}

// startQdrant starts the stand-in on a free loopback port, unless url
// names a Qdrant to use instead.
func startQdrant(url string) (*qdrant, error) {
	if url != "" {
		return &qdrant{url: url}, nil
	}
	s, err := standin.Start("127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	return &qdrant{url: s.URL(), s: s}, nil
}

// describe says which Qdrant this is.
func (q *qdrant) describe() string {
	if q.s == nil {
		return q.url + " (given; RPCs not counted)"
	}
	return q.url + " (qdrantcache/standin in this process: in memory, gRPC on loopback)"
}

// counting reports whether calls returns counts.
func (q *qdrant) counting() bool { return q.s != nil }

// calls are the RPCs received so far by name ("Points/Get"); nil when
// they cannot be counted.
func (q *qdrant) calls() map[string]int {
	if q.s == nil {
		return nil
	}
	return q.s.Calls()
}

// stop stops the stand-in, if this process started it.
func (q *qdrant) stop() {
	if q.s != nil {
		q.s.Stop()
	}
}
