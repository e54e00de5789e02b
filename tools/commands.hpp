// The subcommands of the `switchboard` CLI. Each returns the process exit code.
#pragma once

#include <cstdint>
#include <optional>
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

struct ServeOptions {
    std::string config_path;
    bool demo = false;  // run demo traffic against the server over TCP
    std::uint32_t demo_seconds = 30;
    double demo_rate = 4.0;        // conversations per second
    bool exit_after_demo = false;  // shut down once the demo traffic is done
};

// Runs the engine, the gateway server and the admin endpoint until SIGTERM/SIGINT; SIGHUP
// reloads the config file. Exit 1 when the config is invalid or a listener cannot bind.
int serve_command(const ServeOptions& options);

struct SimOptions {
    std::string config_path;            // the router config the scenario runs on
    std::string compare_path;           // a second router config, run side by side; "" = none
    std::string scenario_path;          // the scenario file (engine/sim/README.md)
    std::optional<std::uint64_t> seed;  // overrides the scenario's seed
    std::string out_dir;                // where the JSON, CSV and SVG files go; "" = none
};

// Simulates the scenario on virtual time through the deterministic core (once per config) and
// prints the KPI table; writes kpis.json, timeline.csv, agents.csv and two SVG plots to out_dir.
// Exit 1 when a file is invalid or the run fails.
int sim_command(const SimOptions& options);

}  // namespace switchboard::tools
