# Shared by the benchmark scripts: wrk's summary of one run as
# "requests/s p50 p99 non-2xx" (latencies in ms). Reads THREADS, CONNECTIONS and DURATION.
measure() {
  local url=$1; shift
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Non-2xx/ {bad=$NF}
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    END { printf "%.0f %.2f %.2f %d\n", rps, ms(p50), ms(p99), bad+0 }'
}
