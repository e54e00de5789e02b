#!/usr/bin/env bash
# README command (a): install what is missing, build (release preset), check the default config,
# then run the router as a server on it: `switchboard serve` with demo traffic, i.e. a gateway that
# connects over TCP (proto/README.md), logs agents in, opens conversations for a while, answers
# (one agent never does), and prints a summary; the server then stops gracefully.
# Usage: tools/demo.sh [serve options, e.g. --demo-seconds 60 --demo-rate 10]
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target switchboard
bin=build/release/tools/switchboard
echo
"$bin" check-config config/default.yaml
echo
"$bin" serve --config config/default.yaml --demo --exit-after-demo "$@"
cat <<EOT

What you saw: the server listened for gateways on 127.0.0.1:7400 and served its admin endpoint on
http://127.0.0.1:7401 (/metrics, /readyz, /api/v1/tenants/aurora_flagship/state) while a demo
gateway drove the shop in config/default.yaml over TCP; the log lines (stderr) are one event each.
Run it yourself and look while it runs:
  $bin serve --config config/default.yaml --demo      # Ctrl-C (SIGTERM) stops it gracefully
  curl -s http://127.0.0.1:7401/metrics | grep -E '^switchboard_(assignments|queue_depth|config)'
  kill -HUP <pid>    # reloads config/default.yaml; a bad file is refused, the old config stays
The scripted virtual-time demo of every routing decision: $bin demo --config config/default.yaml
EOT
