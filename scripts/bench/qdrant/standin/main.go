// Command standin runs the in-process Qdrant stand-in of package
// qdrantcache/standin as a program of its own, so that real `cecbench
// serve` processes can use it when no Qdrant can run: it listens on -addr,
// prints its URL (the value for --qdrant-url) on one line, and serves until
// it gets SIGINT or SIGTERM, when it prints the calls it received by RPC to
// stderr. Its data lives in memory and dies with it.
//
//	go run ./scripts/bench/qdrant/standin -addr 127.0.0.1:6334
//	cecbench serve --qdrant-url http://127.0.0.1:6334
//
// It is a stand-in for tests and benchmarks, not Qdrant: see the package
// comment of qdrantcache/standin for what it imitates.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"syscall"

	"github.com/cecbench/cecbench/qdrantcache/standin"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:6334", "listen address, host:port (port 0: a free one)")
	flag.Parse()
	s, err := standin.Start(*addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "standin:", err)
		os.Exit(1)
	}
	fmt.Println(s.URL())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	<-sig
	s.Stop()
	calls := s.Calls()
	names := make([]string, 0, len(calls))
	for name := range calls {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		fmt.Fprintf(os.Stderr, "standin: %s %d calls\n", name, calls[name])
	}
}
