#!/usr/bin/env bash
# Fuzzes query parsing and answering (fuzz/fuzz_targets/query.rs) for a bounded time.
# Not part of CI: run it by hand after touching src/answer/ or src/index/.
#
#   fuzz/run.sh            # 60 seconds
#   fuzz/run.sh 600        # ten minutes (or FUZZ_SECONDS=600)
#
# Needs a nightly toolchain (libFuzzer's sanitizer flags are nightly-only) and cargo-fuzz,
# which it installs when missing. Interesting inputs are kept in fuzz/corpus/query/ and
# reused by the next run; an input that fails is written to fuzz/artifacts/query/ and
# replayed with `cargo +nightly fuzz run query fuzz/artifacts/query/<file>`.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-${FUZZ_SECONDS:-60}}"
target=query

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "==> installing the nightly toolchain (cargo-fuzz needs it)"
  if ! rustup toolchain install nightly --profile minimal; then
    echo "error: no nightly toolchain, and it cannot be installed here." >&2
    echo "On a machine with one, run: cargo +nightly fuzz run $target -- -max_total_time=$seconds" >&2
    exit 1
  fi
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

# Seeds: questions and searches people really type, plus query-syntax edge cases. libFuzzer
# writes new inputs to the first folder, so the seeds folder stays as committed.
mkdir -p "fuzz/corpus/$target"
echo "==> fuzzing $target for ${seconds}s"
# -max_len: four times the API's 1000-character limit, since the CLI (`srmap ask`) has none.
# -timeout: one input taking this long is a hang, reported like a crash. Under the sanitizer
# a 4096-byte question of unknown words takes about 8 s (0.06 s in a release build).
cargo +nightly fuzz run "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
  -max_total_time="$seconds" -max_len=4096 -timeout=30 -print_final_stats=1
echo "==> no failure in ${seconds}s"
