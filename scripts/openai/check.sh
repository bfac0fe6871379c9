#!/usr/bin/env bash
# Starts cecbench on a free loopback port and runs check.js with the
# official OpenAI Node client against it.
set -euo pipefail
cd "$(dirname "$0")/../.."
models_dir=${CECBENCH_MODELS_DIR:-./models}
(cd scripts/openai && { [ -d node_modules ] || npm ci --no-audit --no-fund --silent; })
go build -o bin/cecbench ./cmd/cecbench
out=$(mktemp)
bin/cecbench serve --addr 127.0.0.1:0 --models-dir "$models_dir" >"$out" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$out"' EXIT
base=""
for _ in $(seq 1 300); do
	base=$(grep -o 'http://[0-9.:]*' "$out" || true)
	if [ -n "$base" ] && curl -fs "$base/readyz" >/dev/null; then break; fi
	sleep 0.1
done
[ -n "$base" ] || { echo "cecbench did not start"; exit 1; }
node scripts/openai/check.js "$base"
