#!/usr/bin/env bash
# run.sh is `make bench`: encoder throughput of the pure-Go encoder against
# the TF.js reference runtime on the same sentences, HTTP throughput and
# latency of one cecbench server under cmd/loadgen, and the targets as
# PASS/FAIL lines. Run it from anywhere; it works in the repository root.
#
# Settings (environment):
#   MODELS_DIR          encoder weights (default ./models; make bench runs make models)
#   GO                  the go command (default go)
#   BENCH_MIN_SECONDS   encoder: measure each batch size at least this long, whole passes (default 3)
#   BENCH_SECONDS       HTTP: measured seconds per mode (default 10)
#   BENCH_WARMUP        HTTP: warm-up per mode (default 2s)
#   BENCH_CONCURRENCY   HTTP: keep-alive connections (default 32)
#   BENCH_OUT           keep the JSON results in this directory (default: a temporary one, removed)
#   BENCH_SERVER_LOG    where the server's JSON log goes (default /dev/null)
#   BENCH_STRICT        1: exit with status 1 when a target fails (default 0: report only)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

MODELS_DIR="${MODELS_DIR:-./models}"
GO="${GO:-go}"
min_seconds="${BENCH_MIN_SECONDS:-3}"
seconds="${BENCH_SECONDS:-10}"
warmup="${BENCH_WARMUP:-2s}"
conc="${BENCH_CONCURRENCY:-32}"
server_log="${BENCH_SERVER_LOG:-/dev/null}"
strict=()
if [[ "${BENCH_STRICT:-0}" == 1 ]]; then strict=(-strict); fi

work="$(mktemp -d)"
out="${BENCH_OUT:-$work/results}"
mkdir -p "$out"
server_pid=""

cleanup() {
	local rc=$?
	if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

echo "== cecbench benchmark"
echo "date:    $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "tools:   $($GO version | cut -d' ' -f3-), node $(node --version)"
echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(test -n "$(git status --porcelain 2>/dev/null)" && echo ' (with uncommitted changes)')"
echo "load:    $(load_avg) (1/5/15-min load average before the run; other processes share these CPUs)"

if [[ ! -d scripts/tfjs/node_modules ]]; then
	echo "== npm ci in scripts/tfjs (the TF.js reference runtime)"
	(cd scripts/tfjs && npm ci --no-audit --no-fund)
fi

echo "== build"
"$GO" build -o "$work/cecbench" ./cmd/cecbench
"$GO" build -o "$work/loadgen" ./cmd/loadgen
"$GO" build -o "$work/encoder" ./scripts/bench/encoder
"$GO" build -o "$work/report" ./scripts/bench/report

echo "== encoder: Go (uselite)"
"$work/encoder" -models-dir "$MODELS_DIR" -sentences scripts/bench/sentences.json \
	-batches 1,16,64 -min-seconds "$min_seconds" -json "$out/encoder-go.json"
echo "== encoder: TF.js reference (@energetic-ai/embeddings 0.2.0, WASM)"
node scripts/tfjs/bench.js --sentences scripts/bench/sentences.json \
	--batches 1,16,64 --min-seconds "$min_seconds" --json "$out/encoder-tfjs.json"

echo "== HTTP: cecbench serve on 127.0.0.1 (server log to $server_log)"
mkdir -p "$work/data"
"$work/cecbench" serve --addr 127.0.0.1:0 --models-dir "$MODELS_DIR" --data-dir "$work/data" \
	>"$work/server.out" 2>>"$server_log" &
server_pid=$!
url=""
for _ in $(seq 1 600); do
	url="$(grep -o 'listening on http://[^ ]*' "$work/server.out" 2>/dev/null | head -1 | cut -d' ' -f3 || true)"
	if [[ -n "$url" ]]; then break; fi
	if ! kill -0 "$server_pid" 2>/dev/null; then
		echo "the server exited before listening; run again with BENCH_SERVER_LOG=server.log to see why" >&2
		exit 1
	fi
	sleep 0.1
done
if [[ -z "$url" ]]; then
	echo "the server printed no listen line in 60s" >&2
	exit 1
fi
echo "server:  $url (pid $server_pid)"
for mode in healthz warm cold; do
	"$work/loadgen" -url "$url" -mode "$mode" -c "$conc" -d "${seconds}s" -warmup "$warmup" \
		-sentences scripts/bench/sentences.json -wait-ready 60s -server-pid "$server_pid" \
		-json "$out/http-$mode.json"
done
kill -TERM "$server_pid"
wait "$server_pid" || { echo "the server exited with status $? on SIGTERM" >&2; exit 1; }
server_pid=""

echo "load:    $(load_avg) (after the run)"
"$work/report" -go "$out/encoder-go.json" -tfjs "$out/encoder-tfjs.json" \
	-warm "$out/http-warm.json" -cold "$out/http-cold.json" -healthz "$out/http-healthz.json" "${strict[@]}"
if [[ -n "${BENCH_OUT:-}" ]]; then echo "JSON results in $out"; fi
