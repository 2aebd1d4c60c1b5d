#!/usr/bin/env bash
# srmap's search engine side by side with a generic tantivy server: tantivy-cli `serve` over
# the same documents (the embedded dataset's, with the same searchable fields) and the same
# varied stream of searches (benches/varied.lua), with hello world as the yardstick in the
# same run. srmap runs with its response cache off, so both engines do the work per request.
#
#   cargo install tantivy-cli --version 0.24.0 --locked
#   bash benches/tantivy_cli.sh            # 10 s per row
#
# What differs, and is reported as it is: tantivy-cli parses the text with tantivy's query
# parser over the five fields with the `en_stem` tokenizer and returns the top 20 with the
# stored title, kind and service; srmap adds phrase boosts, synonyms, typo tolerance, facet
# counts and highlighted fragments to the same 20.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
SRMAP_PORT=${SRMAP_PORT:-18191}
HELLO_PORT=${HELLO_PORT:-18192}
TANTIVY_PORT=${TANTIVY_PORT:-18193}

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v tantivy >/dev/null || {
  echo "tantivy-cli is not installed (cargo install tantivy-cli --version 0.24.0 --locked)" >&2
  exit 1
}
cargo build --release --quiet --bin srmap --example hello_world --example export_documents
# shellcheck source=benches/support/wrk.sh
source benches/support/wrk.sh

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# The schema: srmap's searchable fields, stemmed as English; the few fields a hit shows, stored.
text_field() { # name stored
  printf '{"name":"%s","type":"text","options":{"indexing":{"record":"position","fieldnorms":true,"tokenizer":"en_stem"},"stored":%s,"fast":false}}' "$1" "$2"
}
mkdir "$work/index"
printf '{"index_settings":{"docstore_compression":"lz4","docstore_blocksize":16384},"segments":[],"schema":[%s,%s,%s,%s,%s,%s,%s],"opstamp":0}\n' \
  "$(text_field kind true)" "$(text_field service_id true)" "$(text_field names false)" \
  "$(text_field title true)" "$(text_field keywords false)" "$(text_field body false)" \
  "$(text_field asks false)" >"$work/index/meta.json"
target/release/examples/export_documents >"$work/documents.jsonl"
start=$(date +%s%3N)
tantivy index -i "$work/index" <"$work/documents.jsonl" >/dev/null 2>&1
indexing_ms=$(( $(date +%s%3N) - start ))
documents=$(wc -l <"$work/documents.jsonl")

RUST_LOG=warn target/release/srmap serve --bind "127.0.0.1:$SRMAP_PORT" --response-cache-mb 0 2>/dev/null &
pids+=("$!")
target/release/examples/hello_world "127.0.0.1:$HELLO_PORT" &
pids+=("$!")
tantivy serve -i "$work/index" --host 127.0.0.1 --port "$TANTIVY_PORT" >/dev/null 2>&1 &
pids+=("$!")
until curl -fs "http://127.0.0.1:$SRMAP_PORT/readyz" >/dev/null; do sleep 0.05; done
until curl -fs "http://127.0.0.1:$HELLO_PORT/" >/dev/null; do sleep 0.05; done
until curl -fs "http://127.0.0.1:$TANTIVY_PORT/api/?q=s3" >/dev/null; do sleep 0.05; done

echo "warming up"
wrk -t2 -c16 -d2s -s benches/varied.lua "http://127.0.0.1:$SRMAP_PORT/v1/search" >/dev/null
wrk -t2 -c16 -d2s -s benches/varied.lua "http://127.0.0.1:$TANTIVY_PORT/api/" >/dev/null

read -r hello_rps_1 hello_p50 hello_p99_1 _ <<<"$(measure "http://127.0.0.1:$HELLO_PORT/")"
read -r srmap_rps srmap_p50 srmap_p99 srmap_bad <<<"$(measure "http://127.0.0.1:$SRMAP_PORT/v1/search" -s benches/varied.lua)"
read -r tantivy_rps tantivy_p50 tantivy_p99 tantivy_bad <<<"$(measure "http://127.0.0.1:$TANTIVY_PORT/api/" -s benches/varied.lua)"
read -r hello_rps_2 _ hello_p99_2 _ <<<"$(measure "http://127.0.0.1:$HELLO_PORT/")"
hello_rps=$(( (hello_rps_1 + hello_rps_2) / 2 ))
hello_p99=$(awk -v a="$hello_p99_1" -v b="$hello_p99_2" 'BEGIN { printf "%.2f", (a + b) / 2 }')

printf '\n%s documents; tantivy-cli indexed them in %s ms\n' "$documents" "$indexing_ms"
printf 'hello world: %s and %s req/s (mean %s), p99 %s and %s ms\n' \
  "$hello_rps_1" "$hello_rps_2" "$hello_rps" "$hello_p99_1" "$hello_p99_2"
printf '\n| server, varied searches | req/s | ratio to hello | p50 ms | p99 ms | p99 ratio | non-2xx |\n|---|---|---|---|---|---|---|\n'
printf '| hello world (mean of two runs) | %s | 1.00 | %s | %s | 1.00 | 0 |\n' "$hello_rps" "$hello_p50" "$hello_p99"
for line in "srmap \`/v1/search\`, cache off|$srmap_rps|$srmap_p50|$srmap_p99|$srmap_bad" \
  "tantivy-cli \`serve\` \`/api/\`|$tantivy_rps|$tantivy_p50|$tantivy_p99|$tantivy_bad"; do
  IFS='|' read -r label rps p50 p99 bad <<<"$line"
  awk -v p="$label" -v r="$rps" -v hr="$hello_rps" -v a="$p50" -v b="$p99" -v hb="$hello_p99" -v n="$bad" \
    'BEGIN { printf "| %s | %s | %.3f | %s | %s | %.2f | %s |\n", p, r, r/hr, a, b, b/hb, n }'
done
