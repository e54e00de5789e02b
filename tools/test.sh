#!/usr/bin/env bash
# README command (b), and exactly what CI runs (.ci/run): install what is missing, build and run
# every test three times over:
#  1. the release preset: unit, property, server and CLI end-to-end tests, the formatting check,
#     and the benchmarks in their short mode; then bench/peers.sh --short, the ratios against
#     Redis, NATS and the micro-benchmark baselines (fails below half a goal, prints the JSON);
#  2. the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer (asan preset);
#  3. the multi-threaded runtime and server tests (ctest label `threads`) under ThreadSanitizer.
# Exits non-zero on any failure. SB_TEST_QUICK=1 runs step 1 only (for a fast local loop).
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# Cache hits across clones in other folders (CI builds a fresh clone): paths are hashed relative
# to the repository, and the working directory is left out of debug builds' hashes (debug info may
# then name the folder of the first build; nothing else differs).
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
tools/install-deps.sh
cmake --preset release
cmake --build --preset release
ctest --preset release
# Issue 7, item 6: the peer benchmarks in their short mode, as a regression guard (fails when a
# ratio's median is below half its goal; see bench/peers.sh), their JSON results printed as CI
# output whether or not a guard failed.
bench_status=0
rm -f build/release/bench/results.json
bench/peers.sh --short --json=build/release/bench/results.json || bench_status=$?
cat build/release/bench/results.json 2>/dev/null || echo "test.sh: no benchmark results"
if [ "$bench_status" -ne 0 ]; then exit "$bench_status"; fi
if [ "${SB_TEST_QUICK:-0}" = "1" ]; then
    echo "test.sh: SB_TEST_QUICK=1, sanitizer runs skipped"
    exit 0
fi
cmake --workflow --preset asan
cmake --workflow --preset tsan
