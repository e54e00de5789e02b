#include "tools/loadgen_command.hpp"

#include <cstdio>
#include <fstream>

#include "tools/config_file.hpp"
#include "tools/loadgen_report.hpp"
#include "tools/loadgen_run.hpp"

namespace switchboard::tools {
namespace {

constexpr int kExitPass = 0;
constexpr int kExitFail = 1;
constexpr int kExitUsage = 2;

void add_traffic_options(CLI::App& cmd, LoadgenOptions& o) {
    cmd.add_option("--connections", o.connections, "gateway connections, one thread each")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    cmd.add_option("--agents", o.agents, "agents logged in per connection")
        ->check(CLI::Range(1, 10000))
        ->capture_default_str();
    cmd.add_option("--capacity", o.capacity, "conversations per agent (default: the tenant's)")
        ->check(CLI::Range(1, 1000));
    cmd.add_option("--window", o.window,
                   "most conversations open at once per connection (default: agents x capacity)")
        ->check(CLI::Range(1, 1000000));
    cmd.add_option("--rate", o.rate, "conversations per second over all connections; 0 = max")
        ->check(CLI::Range(0.0, 1e6))
        ->capture_default_str();
    cmd.add_option("--conversations", o.conversations, "conversations to open (count bound)")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10'000'000}))
        ->capture_default_str();
    cmd.add_option("--duration", o.duration_s, "seconds to open conversations (time bound)")
        ->check(CLI::Range(0.1, 86400.0))
        ->capture_default_str();
    cmd.add_option("--drain", o.drain_s, "seconds to wait for open conversations at the end")
        ->check(CLI::Range(0.0, 600.0))
        ->capture_default_str();
    cmd.add_option("--reply-delay-ms", o.reply_delay_ms,
                   "agents' reply and accept delay: N, MIN-MAX or exp:MEAN")
        ->capture_default_str();
    cmd.add_option("--silent-share", o.silent_share, "share of agents who never answer")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    cmd.add_option("--follow-ups", o.follow_ups, "customer messages after the first reply")
        ->check(CLI::Range(0, 100))
        ->capture_default_str();
    cmd.add_option("--seed", o.seed, "seed of every random choice")->capture_default_str();
}

void write_json(const std::string& path, const std::string& json) {
    std::ofstream out(path, std::ios::trunc);
    out << json;
    if (!out) std::fprintf(stderr, "loadgen: cannot write %s\n", path.c_str());
}

}  // namespace

CLI::App* add_loadgen_subcommand(CLI::App& app, LoadgenOptions& o) {
    CLI::App* cmd = app.add_subcommand(
        "loadgen", "Drive a running server over loopback TCP; check and measure every routing");
    cmd->add_option("--config", o.config_path,
                    "the server's YAML config: gateway, token, tenant, port, skills from it");
    cmd->add_option("--host", o.host, "server address: 127.0.0.1, localhost or ::1 only")
        ->capture_default_str();
    cmd->add_option("--port", o.port, "gateway port (default: the config's server.listen)");
    cmd->add_option("--gateway", o.gateway, "gateway id (default: the config's first)");
    cmd->add_option("--token", o.token, "gateway token (default: the config's)");
    cmd->add_option("--tenant", o.tenant, "tenant (default: the gateway's first)");
    cmd->add_option("--skills", o.skills, "without --config: skills, one per conversation")
        ->delimiter(',');
    cmd->add_option("--groups", o.groups, "without --config: the agents' groups")->delimiter(',');
    cmd->add_option("--tiers", o.tiers, "without --config: customer tiers to spread over")
        ->delimiter(',');
    add_traffic_options(*cmd, o);
    cmd->add_option("--json", o.json_path, "also write the result as JSON to this file");
    cmd->add_flag("!--no-progress", o.progress, "no progress line on stderr");
    return cmd;
}

int loadgen_command(const LoadgenOptions& options) {
    if (auto host = check_loopback_host(options.host); !host.ok()) {
        std::fprintf(stderr, "loadgen: %s\n", host.error().message.c_str());
        return kExitUsage;
    }
    std::optional<config::Snapshot> config;
    if (!options.config_path.empty()) {
        auto loaded = load_config_file(options.config_path);
        if (!loaded.ok()) {
            std::fprintf(stderr, "loadgen: %s\n", loaded.error().message.c_str());
            return kExitUsage;
        }
        config = std::move(loaded).value();
    }
    auto plan = make_plan(options, config ? &*config : nullptr);
    if (!plan.ok()) {
        std::fprintf(stderr, "loadgen: %s\n", plan.error().message.c_str());
        return kExitUsage;
    }
    std::printf("%s", describe_plan(plan.value()).c_str());
    std::fflush(stdout);
    const RunResult result = run_load(plan.value());
    std::printf("%s", text_report(plan.value(), result).c_str());
    std::fflush(stdout);
    if (!options.json_path.empty())
        write_json(options.json_path, json_report(plan.value(), result));
    return result.passed() ? kExitPass : kExitFail;
}

}  // namespace switchboard::tools
