#!/usr/bin/env bash
# Installs the Debian packages Switchboard needs to build, test and benchmark, if any is missing.
# Idempotent and non-interactive; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
    g++ cmake ninja-build ccache clang-format
    libyaml-cpp-dev libcli11-dev libboost-dev libspdlog-dev nlohmann-json3-dev
    libprotobuf-dev protobuf-compiler
    libgtest-dev libgmock-dev libbenchmark-dev
    # benchmark baselines only (bench/ring_bench): TBB and moodycamel queues
    libtbb-dev libconcurrentqueue-dev
    # benchmark peers only (bench/peers.sh): the Redis-backed assigner and the NATS relay that
    # Switchboard is measured against, servers and C clients
    redis-server nats-server libhiredis-dev libnats-dev
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
