// switchboard: the command line of the Switchboard conversation router (DESIGN.md §8).
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "tools/commands.hpp"

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

    CLI11_PARSE(app, argc, argv);
    if (*check) return switchboard::tools::check_config_command(check_path);
    if (*demo_cmd) return switchboard::tools::demo_command(demo);
    return 2;
}
