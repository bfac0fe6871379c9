//go:build !unix

package matmul

import "time"

// cpuTime is not available here; the benchmarks then skip GFLOP/cpu-s.
func cpuTime() time.Duration { return 0 }
