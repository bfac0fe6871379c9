#!/usr/bin/env bash
# run.sh is `make bench`: encoder throughput of the pure-Go encoder against
# the TF.js reference runtime on the same sentences, HTTP throughput and
# latency of one cecbench server under cmd/loadgen, the time per pair and the
# values of the Go BLEU, METEOR and ROUGE against NLTK's, one large
# /v1/metrics request cold and warm, and the targets as PASS/FAIL lines. Run
# it from anywhere; it works in the repository root.
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
#   BENCH_METRICS       0: skip the text-metrics section (default 1; needs python3-nltk and wordnet-base)
#   BENCH_ONLY          metrics: run only the text-metrics section; jobs: only the job queues;
#                       qdrant: only the two-level embedding cache; leaderboard: only the
#                       leaderboard load test
#   BENCH_JOBS          job queues: noop jobs per backend (default 10000; 0 skips the section;
#                       the Redis rows need Debian's redis-server)
#   BENCH_METRIC_PASSES text metrics: timed passes over the 2,000 pairs per function, Go (default 5) and
#   BENCH_NLTK_PASSES   NLTK (default 3); the median pass counts
#   BENCH_METRICS_PAIRS /v1/metrics: pairs in the one request (default 1535, one per Climate-FEVER claim)
#   PYTHON              the Python with NLTK 3.8 (default /usr/bin/python3, Debian's)
#   BENCH_QDRANT        0: skip the two-level embedding cache section (default 1; Qdrant is the
#                       in-process stand-in of qdrantcache/standin)
#   BENCH_QDRANT_PER_REQUEST  that section: pairs per /v1/cec/batch request (default 100)
#   BENCH_LEADERBOARD   1: run the leaderboard load test (default 0: it takes 5 to 10 minutes;
#                       BENCH_ONLY=leaderboard sets it)
#   BENCH_LB_TEAMS      that section: teams uploading at once (default 20)
#   BENCH_LB_ITEMS      that section: items per submission (default 1535, all of Climate-FEVER)
#   CLIMATE_FEVER       that section: climate-fever.jsonl (default ../shared/data/climate-fever/climate-fever.jsonl)
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
metrics="${BENCH_METRICS:-1}"
only="${BENCH_ONLY:-}"
jobs_n="${BENCH_JOBS:-10000}"
qdrant="${BENCH_QDRANT:-1}"
qdrant_per_request="${BENCH_QDRANT_PER_REQUEST:-100}"
leaderboard="${BENCH_LEADERBOARD:-0}"
lb_teams="${BENCH_LB_TEAMS:-20}"
lb_items="${BENCH_LB_ITEMS:-1535}"
climate_fever="${CLIMATE_FEVER:-../shared/data/climate-fever/climate-fever.jsonl}"
case "$only" in
"" | metrics | jobs | qdrant | leaderboard) ;;
*) echo "BENCH_ONLY must be empty, metrics, jobs, qdrant or leaderboard, not $only" >&2; exit 2 ;;
esac
if [[ "$only" == metrics ]]; then metrics=1; jobs_n=0; qdrant=0; leaderboard=0; fi
if [[ "$only" == jobs ]]; then metrics=0; qdrant=0; leaderboard=0; fi
if [[ "$only" == qdrant ]]; then metrics=0; jobs_n=0; qdrant=1; leaderboard=0; fi
if [[ "$only" == leaderboard ]]; then metrics=0; jobs_n=0; qdrant=0; leaderboard=1; fi
metric_passes="${BENCH_METRIC_PASSES:-5}"
nltk_passes="${BENCH_NLTK_PASSES:-3}"
metrics_pairs="${BENCH_METRICS_PAIRS:-1535}"
PYTHON="${PYTHON:-/usr/bin/python3}"
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

# start_server starts `cecbench serve` on a free loopback port with the
# given extra flags and sets server_pid and url once it listens.
start_server() {
	mkdir -p "$work/data"
	"$work/cecbench" serve --addr 127.0.0.1:0 --models-dir "$MODELS_DIR" --data-dir "$work/data" "$@" \
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
}

# stop_server stops it with SIGTERM and fails unless it exits cleanly.
stop_server() {
	kill -TERM "$server_pid"
	wait "$server_pid" || { echo "the server exited with status $? on SIGTERM" >&2; exit 1; }
	server_pid=""
}

echo "== cecbench benchmark"
echo "date:    $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
echo "tools:   $($GO version | cut -d' ' -f3-), node $(node --version)"
echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(test -n "$(git status --porcelain 2>/dev/null)" && echo ' (with uncommitted changes)')"
echo "load:    $(load_avg) (1/5/15-min load average before the run; other processes share these CPUs)"

if [[ "$metrics" == 1 ]]; then
	if ! "$PYTHON" -c 'import nltk; assert nltk.__version__.startswith("3.8")' 2>/dev/null ||
		[[ ! -f /usr/share/wordnet/index.noun ]]; then
		echo "the text-metrics section needs Debian's python3-nltk 3.8 and wordnet-base" >&2
		echo "(apt-get install python3-nltk wordnet-base); BENCH_METRICS=0 skips it" >&2
		exit 1
	fi
	echo "python:  $("$PYTHON" -c 'import sys, nltk; print("python", sys.version.split()[0] + ", nltk", nltk.__version__)')"
fi

if [[ -z "$only" && ! -d scripts/tfjs/node_modules ]]; then
	echo "== npm ci in scripts/tfjs (the TF.js reference runtime)"
	(cd scripts/tfjs && npm ci --no-audit --no-fund)
fi

echo "== build"
"$GO" build -o "$work/cecbench" ./cmd/cecbench
"$GO" build -o "$work/loadgen" ./cmd/loadgen
"$GO" build -o "$work/encoder" ./scripts/bench/encoder
"$GO" build -o "$work/report" ./scripts/bench/report
"$GO" build -o "$work/metrics" ./scripts/bench/metrics
"$GO" build -o "$work/jobs" ./scripts/bench/jobs
"$GO" build -o "$work/qdrant" ./scripts/bench/qdrant
"$GO" build -o "$work/leaderboard" ./scripts/bench/leaderboard

encoder_reports=()
if [[ -z "$only" ]]; then
	echo "== encoder: Go (uselite)"
	"$work/encoder" -models-dir "$MODELS_DIR" -sentences scripts/bench/sentences.json \
		-batches 1,16,64 -min-seconds "$min_seconds" -json "$out/encoder-go.json"
	echo "== encoder: TF.js reference (@energetic-ai/embeddings 0.2.0, WASM)"
	node scripts/tfjs/bench.js --sentences scripts/bench/sentences.json \
		--batches 1,16,64 --min-seconds "$min_seconds" --json "$out/encoder-tfjs.json"

	echo "== HTTP: cecbench serve on 127.0.0.1 (server log to $server_log)"
	start_server
	for mode in healthz warm cold; do
		"$work/loadgen" -url "$url" -mode "$mode" -c "$conc" -d "${seconds}s" -warmup "$warmup" \
			-sentences scripts/bench/sentences.json -wait-ready 60s -server-pid "$server_pid" \
			-json "$out/http-$mode.json"
	done
	stop_server
	encoder_reports=(-go "$out/encoder-go.json" -tfjs "$out/encoder-tfjs.json"
		-warm "$out/http-warm.json" -cold "$out/http-cold.json" -healthz "$out/http-healthz.json")
fi

metric_reports=()
if [[ "$metrics" == 1 ]]; then
	echo "== text metrics: Go (scoring/bleu, scoring/meteor, scoring/rouge), one thread, on scripts/bench/metric_pairs.jsonl"
	"$work/metrics" local -pairs scripts/bench/metric_pairs.jsonl -passes "$metric_passes" \
		-tokens-out "$work/metric-tokens.json" -json "$out/metrics-go.json"
	echo "== text metrics: NLTK (sentence_bleu, single_meteor_score), the same pairs"
	"$PYTHON" scripts/bench/nltk_metrics.py --in "$work/metric-tokens.json" --out "$out/metrics-nltk.json" \
		--passes "$nltk_passes"
	# A fresh server, so that no sentence of the request is cached, with
	# limits that let one request carry every Climate-FEVER claim.
	echo "== /v1/metrics: $metrics_pairs pairs in one request, cold then warm, on a new server"
	start_server --max-body-bytes 33554432 --max-pairs 2000
	"$work/metrics" http -url "$url" -pairs scripts/bench/metric_pairs.jsonl -n "$metrics_pairs" -warm 2 -by-metric \
		-server-pid "$server_pid" -values "$out/metrics-go.json" -json "$out/metrics-http.json"
	stop_server
	metric_reports=(-metrics-go "$out/metrics-go.json" -metrics-nltk "$out/metrics-nltk.json"
		-metrics-http "$out/metrics-http.json")
fi

if [[ "$jobs_n" != 0 ]]; then
	echo "== job queues: $jobs_n noop jobs each, embedded (bbolt, in-process workers) and Redis (asynq, 2 cecbench worker processes)"
	"$work/jobs" -cecbench "$work/cecbench" -n "$jobs_n" -procs 2 -concurrency 4
fi

if [[ "$qdrant" == 1 ]]; then
	# The program starts the stand-in and its own servers, and fails when a
	# warm run embeds a sentence or the runs' scores differ.
	echo "== two-level embedding cache: memory in front of Qdrant (stand-in), the 1,535 pairs cold, warm (memory), warm (shared: a new server)"
	"$work/qdrant" -cecbench "$work/cecbench" -models-dir "$MODELS_DIR" -pairs scripts/bench/metric_pairs.jsonl \
		-per-request "$qdrant_per_request" -server-log "$server_log"
fi

if [[ "$leaderboard" == 1 ]]; then
	# The program starts its own server (--workers 2, a new data dir, a
	# random operator token) and fails on any 5xx, refused upload, failed
	# or unfinished submission, or team missing from the leaderboard.
	echo "== leaderboard: $lb_teams teams upload $lb_items-item submissions at once (Climate-FEVER), on a new server"
	"$work/leaderboard" -cecbench "$work/cecbench" -models-dir "$MODELS_DIR" -climate-fever "$climate_fever" \
		-teams "$lb_teams" -items "$lb_items" -server-log "$server_log" -json "$out/leaderboard.json"
fi

echo "load:    $(load_avg) (after the run)"
if ((${#encoder_reports[@]} + ${#metric_reports[@]} > 0)); then
	"$work/report" "${encoder_reports[@]}" "${metric_reports[@]}" "${strict[@]}"
fi
if [[ -n "${BENCH_OUT:-}" ]]; then echo "JSON results in $out"; fi
