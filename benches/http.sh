#!/usr/bin/env bash
# HTTP benchmark: srmap (release build) side by side with a minimal actix-web server on the same
# machine, so every figure comes with its ratio to hello-world measured in the same run; the
# query routes also on a second srmap with its response cache off, and a run where every
# request is new (benches/distinct.lua). Also start-up time to the first successful /readyz,
# `srmap ask` end to end (10 runs), resident memory, and a 256-connection mix.
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
UNCACHED_PORT=${UNCACHED_PORT:-18183}

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
cargo build --release --quiet --bin srmap --example hello_world
srmap=target/release/srmap
hello=target/release/examples/hello_world

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

ms_now() { date +%s%3N; }
# "best median" of the numbers given as arguments.
best_and_median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[1], v[int((NR + 1) / 2)] }'; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
peak_kb() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }

# Start-up: launch to the first successful /readyz, best and median of 9.
startups=()
for _ in 1 2 3 4 5 6 7 8 9; do
  start=$(ms_now)
  RUST_LOG=warn "$srmap" serve --bind "127.0.0.1:$SRMAP_PORT" 2>/dev/null &
  pid=$!
  until curl -fs "http://127.0.0.1:$SRMAP_PORT/readyz" >/dev/null 2>&1; do sleep 0.005; done
  elapsed=$(( $(ms_now) - start ))
  startups+=("$elapsed")
  kill "$pid"; wait "$pid" 2>/dev/null || true
done

# `srmap ask` end to end (load, index, answer, exit), best and median of 10, and its peak
# resident memory when GNU time is there to read it.
asks=()
for _ in 1 2 3 4 5 6 7 8 9 10; do
  start=$(ms_now)
  "$srmap" ask "who patches the OS on RDS?" >/dev/null
  asks+=("$(( $(ms_now) - start ))")
done
ask_peak="n/a"
if [ -x /usr/bin/time ]; then
  ask_peak="$(/usr/bin/time -f %M "$srmap" ask "who patches the OS on RDS?" 2>&1 >/dev/null | tail -1 | awk '{printf "%.1f MB", $1/1024}')"
fi

RUST_LOG=warn "$srmap" serve --bind "127.0.0.1:$SRMAP_PORT" 2>/dev/null &
srmap_pid=$!; pids+=("$srmap_pid")
# The same server with its response cache off: what the engine itself costs per request.
RUST_LOG=warn "$srmap" serve --bind "127.0.0.1:$UNCACHED_PORT" --response-cache-mb 0 2>/dev/null &
uncached_pid=$!; pids+=("$uncached_pid")
"$hello" "127.0.0.1:$HELLO_PORT" &
hello_pid=$!; pids+=("$hello_pid")
for port in "$SRMAP_PORT" "$UNCACHED_PORT"; do
  until curl -fs "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.05; done
done
until curl -fs "http://127.0.0.1:$HELLO_PORT/" >/dev/null; do sleep 0.05; done
rss_idle=$(rss_kb "$srmap_pid")

# shellcheck source=benches/support/wrk.sh
source benches/support/wrk.sh

echo "warming up"
for port in "$SRMAP_PORT" "$UNCACHED_PORT"; do
  wrk -t2 -c16 -d2s "http://127.0.0.1:$port/v1/services/s3" >/dev/null
done

# Hello world's throughput drifts by a tenth or more between runs on a shared machine, so it
# is measured before and after, and srmap's figures are divided by the mean.
read -r hello_rps_1 hello_p50 hello_p99_1 _ <<<"$(measure "http://127.0.0.1:$HELLO_PORT/")"
rows=()
row() { # label port path [wrk args]
  local label=$1 port=$2 path=$3; shift 3
  local rps p50 p99 bad
  read -r rps p50 p99 bad <<<"$(measure "http://127.0.0.1:$port$path" "$@")"
  rows+=("$label|$rps|$p50|$p99|$bad")
}
# The yardstick's own cost of sending bodies the size of the two records below.
row 'hello world, 20 KB body (`/bytes/20286`)' "$HELLO_PORT" "/bytes/20286"
row 'hello world, 11 KB body (`/bytes/10701`)' "$HELLO_PORT" "/bytes/10701"
# Every srmap response passes through the same middleware; /healthz is that and nothing else.
row '`/healthz` (middleware only, 15-byte body)' "$SRMAP_PORT" "/healthz"
row '`/v1/services/s3` (largest record, 20 KB)' "$SRMAP_PORT" "/v1/services/s3"
row '`/v1/services/amplify` (median record, 11 KB)' "$SRMAP_PORT" "/v1/services/amplify"
row '`/v1/search?q=dynamodb+encryption`' "$SRMAP_PORT" "/v1/search?q=dynamodb+encryption"
row '`/v1/answer?q=who+patches+the+OS+on+RDS`' "$SRMAP_PORT" "/v1/answer?q=who+patches+the+OS+on+RDS"
row '`/v1/matrix?services=ec2,rds,s3`' "$SRMAP_PORT" "/v1/matrix?services=ec2,rds,s3"
row 'search, cache off' "$UNCACHED_PORT" "/v1/search?q=dynamodb+encryption"
row 'answer, cache off' "$UNCACHED_PORT" "/v1/answer?q=who+patches+the+OS+on+RDS"
row 'matrix, cache off' "$UNCACHED_PORT" "/v1/matrix?services=ec2,rds,s3"
row 'varied searches, cache off (`benches/varied.lua`)' "$UNCACHED_PORT" /v1/search -s benches/varied.lua
row 'varied answers, cache off (`benches/varied.lua`)' "$UNCACHED_PORT" /v1/answer -s benches/varied.lua
row 'distinct searches and answers (every request a cache miss)' "$SRMAP_PORT" "" -s benches/distinct.lua
read -r hello_rps_2 _ hello_p99_2 _ <<<"$(measure "http://127.0.0.1:$HELLO_PORT/")"
hello_rps=$(( (hello_rps_1 + hello_rps_2) / 2 ))
hello_p99=$(awk -v a="$hello_p99_1" -v b="$hello_p99_2" 'BEGIN { printf "%.2f", (a + b) / 2 }')

printf '
hello world: %s and %s req/s (mean %s), p99 %s and %s ms
' \
  "$hello_rps_1" "$hello_rps_2" "$hello_rps" "$hello_p99_1" "$hello_p99_2"
printf '\n| endpoint | req/s | ratio to hello | p50 ms | p99 ms | p99 ratio | non-2xx |\n|---|---|---|---|---|---|---|\n'
printf '| hello world (mean of two runs) | %s | 1.00 | %s | %s | 1.00 | 0 |\n' "$hello_rps" "$hello_p50" "$hello_p99"
for line in "${rows[@]}"; do
  IFS='|' read -r label rps p50 p99 bad <<<"$line"
  awk -v p="$label" -v r="$rps" -v hr="$hello_rps" -v a="$p50" -v b="$p99" -v hb="$hello_p99" -v n="$bad" \
    'BEGIN { printf "| %s | %s | %.2f | %s | %s | %.2f | %s |\n", p, r, r/hr, a, b, b/hb, n }'
done

printf '\nMix of lookups, searches and answers: 256 connections for %s\n' "$MIX_DURATION"
for port in "$SRMAP_PORT" "$UNCACHED_PORT"; do
  DURATION=$MIX_DURATION CONNECTIONS=256 measure "http://127.0.0.1:$port" -s benches/mix.lua \
    | awk -v which="$([[ $port == "$SRMAP_PORT" ]] && echo "cache on" || echo "cache off")" \
      '{ printf "%s: req/s %s, p50 %s ms, p99 %s ms, non-2xx %s\n", which, $1, $2, $3, $4 }'
done

read -r startup_best startup_median <<<"$(best_and_median "${startups[@]}")"
printf '\nstart-up to first /readyz: best %s ms, median %s ms (of %s)\n' "$startup_best" "$startup_median" "${#startups[@]}"
read -r ask_best ask_median <<<"$(best_and_median "${asks[@]}")"
printf 'srmap ask end to end: best %s ms, median %s ms (of %s), peak %s\n' "$ask_best" "$ask_median" "${#asks[@]}" "$ask_peak"
printf 'resident memory (cache on): %s MB idle, %s MB after the runs, %s MB peak\n' \
  "$(awk -v k="$rss_idle" 'BEGIN{printf "%.1f", k/1024}')" \
  "$(awk -v k="$(rss_kb "$srmap_pid")" 'BEGIN{printf "%.1f", k/1024}')" \
  "$(awk -v k="$(peak_kb "$srmap_pid")" 'BEGIN{printf "%.1f", k/1024}')"
printf 'resident memory (cache off): %s MB peak\n' \
  "$(awk -v k="$(peak_kb "$uncached_pid")" 'BEGIN{printf "%.1f", k/1024}')"
