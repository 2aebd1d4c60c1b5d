#!/usr/bin/env bash
# HTTP benchmark: srmap (release build) side by side with a minimal actix-web server on the same
# machine, so every figure comes with its ratio to hello-world measured in the same run. Also
# start-up time to the first successful /readyz, resident memory, and a 256-connection mix.
#
#   bash benches/http.sh            # 10 s per endpoint, 30 s for the mix
#   DURATION=30s bash benches/http.sh
#
# Needs wrk (Debian package `wrk`). Only loopback addresses are used.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
MIX_DURATION=${MIX_DURATION:-30s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
SRMAP_PORT=${SRMAP_PORT:-18181}
HELLO_PORT=${HELLO_PORT:-18182}

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
cargo build --release --quiet --bin srmap --example hello_world
srmap=target/release/srmap
hello=target/release/examples/hello_world

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

ms_now() { date +%s%3N; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
peak_kb() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }

# Start-up: launch to the first successful /readyz, best of 5.
startup_best=999999
for _ in 1 2 3 4 5; do
  start=$(ms_now)
  RUST_LOG=warn "$srmap" serve --bind "127.0.0.1:$SRMAP_PORT" 2>/dev/null &
  pid=$!
  until curl -fs "http://127.0.0.1:$SRMAP_PORT/readyz" >/dev/null 2>&1; do sleep 0.005; done
  elapsed=$(( $(ms_now) - start ))
  (( elapsed < startup_best )) && startup_best=$elapsed
  kill "$pid"; wait "$pid" 2>/dev/null || true
done

RUST_LOG=warn "$srmap" serve --bind "127.0.0.1:$SRMAP_PORT" 2>/dev/null &
srmap_pid=$!; pids+=("$srmap_pid")
"$hello" "127.0.0.1:$HELLO_PORT" &
hello_pid=$!; pids+=("$hello_pid")
until curl -fs "http://127.0.0.1:$SRMAP_PORT/readyz" >/dev/null && curl -fs "http://127.0.0.1:$HELLO_PORT/" >/dev/null; do sleep 0.05; done
rss_idle=$(rss_kb "$srmap_pid")

# wrk's summary as "requests/s p50 p99 non-2xx" (latencies in ms).
measure() {
  local url=$1; shift
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Non-2xx/ {bad=$NF}
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    END { printf "%.0f %.2f %.2f %d\n", rps, ms(p50), ms(p99), bad+0 }'
}

echo "warming up"; wrk -t2 -c16 -d2s "http://127.0.0.1:$SRMAP_PORT/v1/services/s3" >/dev/null

read -r hello_rps hello_p50 hello_p99 _ <<<"$(measure "http://127.0.0.1:$HELLO_PORT/")"
printf '\n| endpoint | req/s | ratio to hello | p50 ms | p99 ms | p99 ratio | non-2xx |\n|---|---|---|---|---|---|---|\n'
printf '| hello world | %s | 1.00 | %s | %s | 1.00 | 0 |\n' "$hello_rps" "$hello_p50" "$hello_p99"
for path in "/v1/services/s3" "/v1/search?q=dynamodb+encryption" "/v1/answer?q=who+patches+the+OS+on+RDS" "/v1/matrix?services=ec2,rds,s3"; do
  read -r rps p50 p99 bad <<<"$(measure "http://127.0.0.1:$SRMAP_PORT$path")"
  awk -v p="$path" -v r="$rps" -v hr="$hello_rps" -v a="$p50" -v b="$p99" -v hb="$hello_p99" -v n="$bad" \
    'BEGIN { printf "| `%s` | %s | %.2f | %s | %s | %.2f | %s |\n", p, r, r/hr, a, b, b/hb, n }'
done

printf '\nMix of lookups, searches and answers: 256 connections for %s\n' "$MIX_DURATION"
DURATION=$MIX_DURATION CONNECTIONS=256 measure "http://127.0.0.1:$SRMAP_PORT" -s benches/mix.lua \
  | awk '{ printf "req/s %s, p50 %s ms, p99 %s ms, non-2xx %s\n", $1, $2, $3, $4 }'

printf '\nstart-up to first /readyz: %s ms (best of 5)\n' "$startup_best"
printf 'resident memory: %s MB idle, %s MB after the runs, %s MB peak\n' \
  "$(awk -v k="$rss_idle" 'BEGIN{printf "%.1f", k/1024}')" \
  "$(awk -v k="$(rss_kb "$srmap_pid")" 'BEGIN{printf "%.1f", k/1024}')" \
  "$(awk -v k="$(peak_kb "$srmap_pid")" 'BEGIN{printf "%.1f", k/1024}')"
