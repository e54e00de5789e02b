#!/usr/bin/env bash
# Switchboard against its peers, every ratio measured in the same run (issue 7, items 5-6):
#   - end-to-end assignments/s (server_bench, routed) vs a Redis round-robin assigner
#     (redis_assigner_bench on a redis-server started here);
#   - relay events/s (server_bench, relay) vs nats-server relaying the same payload size
#     (nats_relay_bench on a nats-server started here);
#   - the micro ratios of the SLA issue (timer_bench at 1 M armed: re-arm, memory per timer) and
#     of the runtime issue (ring_bench: ours vs boost spsc, ours vs std::mutex + std::deque).
# Each round runs every benchmark once; a ratio is taken within a round, and the table shows its
# median [min-max] over the rounds (bench/ratios.py). Prints the machine first.
#
# Usage: bench/peers.sh [--short] [--runs=N] [--json=PATH]
#   full (default): 5 rounds. JSON to build/release/bench/results.json unless --json.
#   --short or SB_BENCH_SHORT=1 (CI, from tools/test.sh): 3 rounds of shorter phases, and exits 1
#   when a ratio's median is below its guard (the regression guard; not a timed test).
#   SB_BENCH_GUARD=0 keeps the short mode's table but never fails (for a box known to be busy).
#
# Guards are half of each goal, with one exception: one row is reported but not guarded. (End-to-
# end assignments vs Redis was guarded at 8x while the code measured 12.2-14.2x; since the
# wire-level codec it measures 18.7-34.3x, and its guard is half its goal, 12.5x.) The runtime goal "ours vs
# std::mutex + std::deque >= 20x" has two readings, both in the table: the mutex queue locking
# once per event (the textbook queue: one push or pop per lock) and locking once per 64-event
# batch (the mutex queue given our batching). The guard (10x) is on the first: it is the queue the
# goal names, std::mutex + std::deque, not a batched variant of it (measured 36-64x in the
# runtime issue's runs, 13.6-33.6x in this script's first full run). The batched reading is below
# half its goal on unchanged code (9.5-13.5x then, 5.1-6.0x now: the mutex queue got ~3x cheaper
# on this VM, 87 -> 26 ns, while our ring did not move, plausibly a different vCPU placement), so
# a 10x guard there would fail CI without a regression. It is shown as MISSED; a slowdown of our
# ring is still caught by the guard against boost::lockfree::spsc_queue (0.45x; measured 1.1-1.4x).
# The short mode keeps the sizes that make a guard meaningful: timer_bench at 1 M armed (as the
# full run; its 10,000 size is too short to time), ring_bench at 5 M events with 5 repetitions
# for the contenders in the guarded rows (its 200,000-event short size favours us: the mutex
# queue one event per lock came out at 227 ns there against 70 ns at 5 M), and 1 s per peer
# configuration. From Google Benchmark's repetitions ratios.py takes the best of each contender,
# then the median over rounds (why: its counter()).
set -euo pipefail
cd "$(dirname "$0")/.."

short=${SB_BENCH_SHORT:-0}
runs=""
out=build/release/bench/results.json
for arg in "$@"; do
    case $arg in
        --short) short=1 ;;
        --runs=*) runs=${arg#--runs=} ;;
        --json=*) out=${arg#--json=} ;;
        *) echo "usage: bench/peers.sh [--short] [--runs=N] [--json=PATH]" >&2; exit 2 ;;
    esac
done
if [ -z "$runs" ]; then runs=$([ "$short" = 1 ] && echo 3 || echo 5); fi
if [ "$runs" -lt 3 ]; then echo "peers.sh: a median needs >= 3 runs" >&2; exit 2; fi

tools/install-deps.sh
targets=(server_bench redis_assigner_bench nats_relay_bench timer_bench ring_bench)
# SB_PEERS_BUILD=dir uses an already configured build tree instead (a private one while
# iterating, so as not to rebuild the shared release tree).
build=${SB_PEERS_BUILD:-}
if [ -z "$build" ]; then
    build=build/release
    cmake --preset release >/dev/null
    cmake --build --preset release --target "${targets[@]}"
else
    cmake --build "$build" --target "${targets[@]}"
fi
bin=$build/bench

work=$(mktemp -d /tmp/sb-peers.XXXXXX)
# Every round's raw output stays next to the JSON results (CI keeps it with them).
runs_dir=$(dirname "$out")/peers-runs
rm -rf "$runs_dir"
mkdir -p "$runs_dir"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# Polls until 127.0.0.1:$1 accepts a connection (10 s at most).
wait_port() {
    for _ in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "peers.sh: nothing answers on 127.0.0.1:$1" >&2
    return 1
}

redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
    --daemonize no --logfile "$work/redis.log" &
pids+=($!)
nats_port=$(free_port)
nats-server -a 127.0.0.1 -p "$nats_port" -l "$work/nats.log" &
pids+=($!)
wait_port "$redis_port"
wait_port "$nats_port"

compiler=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' $build/CMakeCache.txt)
{
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "nproc: $(nproc)"
    echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "kernel: $(uname -sr)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "compiler: $("$compiler" --version | head -1) ($build)"
    echo "redis: $(redis-server --version | cut -d' ' -f3-4) on 127.0.0.1:$redis_port"
    echo "nats: $(nats-server --version) on 127.0.0.1:$nats_port"
    echo "mode: $([ "$short" = 1 ] && echo short || echo full), $runs runs"
} | tee "$runs_dir/machine.txt"

# One benchmark of one round: its output to a log (shown on failure), bounded in time.
run() {
    local name=$1 seconds=$2
    shift 2
    if ! timeout "$seconds" "$@" >"$dir/$name.log" 2>&1; then
        cat "$dir/$name.log" >&2
        echo "peers.sh: $name failed in round $round" >&2
        exit 1
    fi
}

for round in $(seq "$runs"); do
    dir=$runs_dir/run$round
    mkdir -p "$dir"
    cut -d' ' -f1-3 /proc/loadavg >"$dir/loadavg.txt"
    echo "round $round/$runs (load average $(cat "$dir/loadavg.txt"))"
    SB_BENCH_SHORT=$short SB_BENCH_JSON=$dir/server.json run server 120 "$bin/server_bench"
    SB_BENCH_SHORT=$short SB_BENCH_JSON=$dir/redis.json run redis 120 \
        "$bin/redis_assigner_bench" --port="$redis_port"
    SB_BENCH_SHORT=$short SB_BENCH_JSON=$dir/nats.json run nats 60 \
        "$bin/nats_relay_bench" --port="$nats_port"
    SB_BENCH_SHORT=0 run timer 300 "$bin/timer_bench" \
        --benchmark_filter='(rearm|memory)/(wheel|asio)/1000000' \
        --benchmark_out="$dir/timer.json" --benchmark_out_format=json
    ring_filter='handoff/(ours|boost_spsc|mutex_deque)/'
    if [ "$short" = 1 ]; then
        ring_filter='handoff/(ours|boost_spsc|mutex_deque)/64/|handoff/mutex_deque/1/'
    fi
    SB_BENCH_SHORT=0 run ring 600 "$bin/ring_bench" --benchmark_filter="$ring_filter" \
        --benchmark_out="$dir/ring.json" --benchmark_out_format=json
done
echo "relayed frame: $(grep -o '[0-9]*-byte frame' "$runs_dir/run1/server.log")," \
    "nats payload: $(grep -o '[0-9]*-byte payload' "$runs_dir/run1/nats.log")"

guard=()
if [ "$short" = 1 ] && [ "${SB_BENCH_GUARD:-1}" != "0" ]; then guard=(--guard); fi
status=0
python3 bench/ratios.py "$runs_dir" --out "$out" --machine "$runs_dir/machine.txt" \
    --mode "$([ "$short" = 1 ] && echo short || echo full)" "${guard[@]}" || status=$?
echo "results: $out"
exit $status
