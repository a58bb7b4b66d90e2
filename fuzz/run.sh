#!/usr/bin/env bash
# Runs every fuzz target in turn, each for a number of seconds, and prints
# the executions, corpus size and crashes per target.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, all four)
#
# Targets: parse, incremental_edits, position, lsp_messages. The corpus
# (fuzz/corpus/TARGET) is seeded from examples/ and tests/fixtures/ on the
# first run and grows across runs; crashes land in fuzz/artifacts/TARGET/
# (reproduce one with `fuzz/run.sh --repro TARGET FILE`).
#
# Environment:
#   FUZZ_SANITIZER  none (default) or address. "address" needs nightly
#                   flags: with a stable toolchain the script sets
#                   RUSTC_BOOTSTRAP=1 for the build.
#   FUZZ_JOBS       parallel fuzzing processes per target (default 1).
#   CARGO_TARGET_DIR  where the build goes (default fuzz/target).
#
# Builds once with debug assertions (overflow checks), then runs the libFuzzer
# binaries directly, so a change to the sources during a campaign does not
# trigger a rebuild per target.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")"

all=(parse incremental_edits position lsp_messages)
sanitizer=${FUZZ_SANITIZER:-none}
jobs=${FUZZ_JOBS:-1}
host=$(rustc -vV | sed -n 's/^host: //p')
bin_dir="${CARGO_TARGET_DIR:-$PWD/target}/$host/release"

build() {
    if [ "$sanitizer" != none ] && ! rustc --version | grep -q nightly; then
        export RUSTC_BOOTSTRAP=1
    fi
    cargo fuzz build --sanitizer "$sanitizer" --debug-assertions >&2
}

if [ "${1:-}" = --repro ]; then
    target=$2 input=$3
    build
    exec "$bin_dir/$target" "$input"
fi

seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
build

mkdir -p logs
printf '%-18s %8s %14s %10s %8s %8s\n' target seconds executions exec/s corpus crashes
for target in "${targets[@]}"; do
    corpus=corpus/$target artifacts=artifacts/$target
    mkdir -p "$corpus" "$artifacts"
    if [ -z "$(ls -A "$corpus")" ]; then
        cp ../examples/*.txt ../tests/fixtures/*.txt "$corpus"/
    fi
    log=logs/$target.log
    parallel=()
    if [ "$jobs" -gt 1 ]; then
        parallel=(-jobs="$jobs" -workers="$jobs")
    fi
    status=0
    "$bin_dir/$target" "$corpus" \
        -dict=cable.dict \
        -max_total_time="$seconds" \
        -timeout=30 \
        -rss_limit_mb=4096 \
        "${parallel[@]}" \
        -artifact_prefix="$artifacts/" \
        -print_final_stats=1 >"$log" 2>&1 || status=$?
    # With -jobs, each job logs to fuzz-N.log; sum their final stats.
    execs=$(awk '/^stat::number_of_executed_units:/ { n += $2 } END { print n + 0 }' "$log" fuzz-*.log)
    rm -f fuzz-*.log
    crashes=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
    printf '%-18s %8s %14s %10s %8s %8s\n' "$target" "$seconds" "$execs" \
        "$((execs / (seconds > 0 ? seconds : 1)))" "$(ls "$corpus" | wc -l)" "$crashes"
    if [ "$status" -ne 0 ]; then
        echo "  $target stopped with status $status: see fuzz/$log" >&2
    fi
done
