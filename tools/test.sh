#!/usr/bin/env bash
# README command (b), and exactly what CI runs (.ci/run): install what is missing, build and run
# every test three times over:
#  1. the release preset: unit, property, server and CLI end-to-end tests, the formatting check,
#     and the benchmarks in their short mode;
#  2. the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer (asan preset);
#  3. the multi-threaded runtime and server tests (ctest label `threads`) under ThreadSanitizer.
# Exits non-zero on any failure. SB_TEST_QUICK=1 runs step 1 only (for a fast local loop).
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
tools/install-deps.sh
cmake --preset release
cmake --build --preset release
ctest --preset release
if [ "${SB_TEST_QUICK:-0}" = "1" ]; then
    echo "test.sh: SB_TEST_QUICK=1, sanitizer runs skipped"
    exit 0
fi
cmake --workflow --preset asan
cmake --workflow --preset tsan
