// switchboard: the command line of the Switchboard conversation router (DESIGN.md §8).
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "tools/commands.hpp"
#include "tools/loadgen_command.hpp"

int main(int argc, char** argv) {
    CLI::App app{"Switchboard: real-time conversation router for customer-service chat"};
    app.set_version_flag("--version", std::string("switchboard ") + SB_VERSION);
    app.require_subcommand(1);

    std::string check_path;
    CLI::App* check = app.add_subcommand("check-config", "Validate a config file without starting");
    check->add_option("file", check_path, "YAML config file")->required();

    switchboard::tools::DemoOptions demo;
    CLI::App* demo_cmd = app.add_subcommand(
        "demo", "Route a scripted day-in-miniature on virtual time and print every decision");
    demo_cmd->add_option("--config", demo.config_path, "YAML config file")
        ->default_val("config/default.yaml");
    demo_cmd->add_option("--seed", demo.seed, "seed of the scripted traffic")->default_val(7);
    demo_cmd->add_option("--conversations", demo.conversations, "conversations to open")
        ->default_val(60)
        ->check(CLI::Range(1, 100000));
    demo_cmd->add_flag("!--quiet", demo.verbose, "print only the summary");

    switchboard::tools::ServeOptions serve;
    CLI::App* serve_cmd = app.add_subcommand(
        "serve", "Run the router: gateway protocol over TCP, admin HTTP, reload on SIGHUP");
    serve_cmd->add_option("--config", serve.config_path, "YAML config file")->required();
    serve_cmd->add_flag("--demo", serve.demo,
                        "also run demo traffic: a gateway connecting over TCP to this server");
    serve_cmd->add_option("--demo-seconds", serve.demo_seconds, "how long demo customers arrive")
        ->default_val(30)
        ->check(CLI::Range(1, 3600));
    serve_cmd->add_option("--demo-rate", serve.demo_rate, "demo conversations per second")
        ->default_val(4.0)
        ->check(CLI::Range(0.1, 10000.0));
    serve_cmd->add_flag("--exit-after-demo", serve.exit_after_demo,
                        "shut down gracefully once the demo traffic ends");

    switchboard::tools::SimOptions sim;
    CLI::App* sim_cmd = app.add_subcommand(
        "sim", "Simulate a scenario (a day, a peak sale) on virtual time and print its KPIs");
    sim_cmd->add_option("--config", sim.config_path, "router config file")
        ->default_val("config/default.yaml");
    sim_cmd->add_option("--compare", sim.compare_path,
                        "a second router config: run the same scenario on both, side by side");
    sim_cmd->add_option("--scenario", sim.scenario_path, "scenario file (engine/sim/README.md)")
        ->default_val("config/sim/business-day.yaml");
    sim_cmd->add_option("--seed", sim.seed, "overrides the scenario's seed");
    sim_cmd
        ->add_option("--out", sim.out_dir,
                     "folder for kpis.json, timeline.csv, agents.csv and the SVG plots; "
                     "empty: none")
        ->default_val("sim-out");

    switchboard::tools::LoadgenOptions loadgen;
    CLI::App* loadgen_cmd = switchboard::tools::add_loadgen_subcommand(app, loadgen);

    CLI11_PARSE(app, argc, argv);
    if (*serve_cmd) return switchboard::tools::serve_command(serve);
    if (*check) return switchboard::tools::check_config_command(check_path);
    if (*demo_cmd) return switchboard::tools::demo_command(demo);
    if (*sim_cmd) return switchboard::tools::sim_command(sim);
    if (*loadgen_cmd) return switchboard::tools::loadgen_command(loadgen);
    return 2;
}
