#!/usr/bin/env bash
# README command (a): install what is missing, build (release preset), check the default config
# and run the demo: a scripted stretch of chat traffic on virtual time through the routing core,
# printing every routing decision and a KPI summary. Usage: tools/demo.sh [demo options]
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target switchboard
bin=build/release/tools/switchboard
echo
"$bin" check-config config/default.yaml
echo
"$bin" demo --config config/default.yaml "$@"
cat <<EOT

What you saw: each line above is one action of the deterministic routing core for the shop in
config/default.yaml (assign, queue, warn, missed-reply reassignment, logout put-back, ...), with
its virtual time and, for assignments, the tier, queue, strategy and ladder step that decided it.
Try: $bin demo --config config/examples/peak-sale.yaml --conversations 400 --quiet
EOT
