#!/usr/bin/env bash
# Builds the release preset and runs every benchmark in bench/ with its full settings; each
# binary measures ours and its baselines in one run and ends with a ratio table. Then
# bench/peers.sh (full mode): Switchboard against Redis and NATS plus the micro ratios, five
# rounds, one table of medians, JSON in build/release/bench/results.json. SB_BENCH_PEERS=0
# skips it.
# Usage: tools/bench.sh [extra Google Benchmark flags, e.g. --benchmark_repetitions=3]
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target routing_bench timer_bench ring_bench runtime_bench server_bench
echo "machine: $(nproc) cpu, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
     "load $(cut -d' ' -f1-3 /proc/loadavg)"
for bench in routing_bench timer_bench ring_bench runtime_bench server_bench; do
    echo
    echo "== $bench =="
    "build/release/bench/$bench" "$@"
done
if [ "${SB_BENCH_PEERS:-1}" != "0" ]; then
    echo
    echo "== bench/peers.sh =="
    bench/peers.sh
fi
