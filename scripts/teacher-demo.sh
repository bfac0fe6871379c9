#!/usr/bin/env bash
# teacher-demo.sh runs a teacher job end to end on this machine: it starts
# the chat-completions STAND-IN teacher (scripts/teacher-standin, not a
# real model; set TEACHER_URL and TEACHER_MODEL to use a real endpoint,
# with TEACHER_KEY_ENV naming the variable that holds its key), a cecbench
# server on the embedded store, uploads Climate-FEVER, explains the first
# N train claims, follows the job's events, and prints the job, its event
# counts and the first lines of the SFT export.
#
#   bash scripts/teacher-demo.sh [CLIMATE_FEVER_JSONL] [N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
data="${1:-../shared/data/climate-fever/climate-fever.jsonl}"
n="${2:-200}"
GO="${GO:-go}"
MODELS_DIR="${MODELS_DIR:-./models}"
work="$(mktemp -d)"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

"$GO" build -o "$work/cecbench" ./cmd/cecbench
"$GO" build -o "$work/standin" ./scripts/teacher-standin

# wait_line FILE REGEX: the first match of REGEX in FILE, within 60 s.
wait_line() {
	for _ in $(seq 1 600); do
		if line="$(grep -o -m1 "$2" "$1" 2>/dev/null)"; then echo "$line"; return; fi
		sleep 0.1
	done
	echo "no $2 in $1" >&2; exit 1
}

if [[ -z "${TEACHER_URL:-}" ]]; then
	"$work/standin" --addr 127.0.0.1:0 --delay 25ms >"$work/standin.out" 2>&1 &
	pids+=($!)
	TEACHER_URL="$(wait_line "$work/standin.out" 'http://[^ ]*')"
	TEACHER_MODEL="standin-teacher"
fi
"$work/cecbench" serve --addr 127.0.0.1:0 --models-dir "$MODELS_DIR" --data-dir "$work/data" >"$work/serve.out" 2>"$work/serve.log" &
pids+=($!)
api="$(wait_line "$work/serve.out" 'http://[^ ]*')"
echo "server $api, teacher $TEACHER_URL ($TEACHER_MODEL)"

ds="$(curl -sf "$api/v1/datasets?name=climate-fever" -H 'Content-Type: application/x-ndjson' --data-binary "@$data")"
echo "dataset: $ds"
ds_id="$(echo "$ds" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"

teacher="{\"base_url\": \"$TEACHER_URL\", \"model\": \"$TEACHER_MODEL\"${TEACHER_KEY_ENV:+, \"api_key_env\": \"$TEACHER_KEY_ENV\"}}"
job="$(curl -sf "$api/v1/teacher/jobs" -d "{\"dataset_id\": \"$ds_id\", \"split\": \"train\", \"limit\": $n, \"concurrency\": 4, \"teacher\": $teacher}")"
echo "job: $job"
job_id="$(echo "$job" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"

set +o pipefail # head closes the pipes early
echo "== the job's event stream (SSE), first and last lines"
curl -sN "$api/v1/jobs/$job_id/events" -H 'Accept: text/event-stream' >"$work/events.sse"
grep -c '^id: ' "$work/events.sse" | sed 's/^/events streamed: /'
grep '^data: ' "$work/events.sse" | head -4
echo "..."
grep '^data: ' "$work/events.sse" | tail -3

echo "== the job"
curl -sf "$api/v1/jobs/$job_id" | python3 -m json.tool
echo "== events by kind"
curl -sf "$api/v1/jobs/$job_id/events?limit=1000" |
	python3 -c 'import json,sys,collections; e=json.load(sys.stdin)["events"]; print(dict(collections.Counter(x["kind"] for x in e)))'
new_id="$(curl -sf "$api/v1/jobs/$job_id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["dataset_id"])')"
echo "== the new dataset version"
curl -sf "$api/v1/datasets/$new_id" | python3 -m json.tool
echo "== SFT export (chat JSONL), first 2 of $(curl -sf "$api/v1/datasets/$new_id/sft?split=train" | wc -l) lines"
curl -sfD "$work/headers" "$api/v1/datasets/$new_id/sft?split=train" | head -2
grep -i '^x-' "$work/headers"
echo "== SFT export (llama-finetune text), first 16 lines"
curl -sf "$api/v1/datasets/$new_id/sft?split=train&format=text" | head -16
