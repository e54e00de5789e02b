// The subcommands of the `switchboard` CLI. Each returns the process exit code.
#pragma once

#include <cstdint>
#include <string>

namespace switchboard::tools {

// Validates a config file; prints a summary (exit 0) or every error as FILE:LINE:COL (exit 1).
int check_config_command(const std::string& path);

struct DemoOptions {
    std::string config_path;
    std::uint64_t seed = 7;
    std::uint32_t conversations = 60;
    bool verbose = true;  // print every action, not only the summary
};

// Runs a scripted, virtual-time day-in-miniature of the config's first tenant through the
// deterministic core and prints each routing decision and a KPI summary.
int demo_command(const DemoOptions& options);

}  // namespace switchboard::tools
