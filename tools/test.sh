#!/usr/bin/env bash
# README command (b): install what is missing, build (release preset) and run every test:
# unit and property tests, the formatting check, and the benchmarks in their short mode.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset release
cmake --build --preset release
ctest --preset release
