// `switchboard loadgen`: drives a running `switchboard serve` over loopback TCP as chat gateways
// would, checks every assignment and delivery, and reports throughput and latency percentiles
// (issue 7, item 4; tools/README.md). Main thread.
#pragma once

#include <CLI/CLI.hpp>

#include "tools/loadgen_plan.hpp"

namespace switchboard::tools {

// Registers the subcommand and its options on `app`, filling `options` when it is parsed.
CLI::App* add_loadgen_subcommand(CLI::App& app, LoadgenOptions& options);

// Exit code: 0 the verdict passed, 1 something was lost, duplicated, out of sequence or failed,
// 2 the options or the config file are unusable (for example a --host that is not loopback).
int loadgen_command(const LoadgenOptions& options);

}  // namespace switchboard::tools
