// `switchboard sim`: one scenario through the deterministic core on virtual time, once per router
// config (two configs are compared side by side), then the KPI table on stdout and the files
// behind it in --out: kpis.json, timeline.csv, agents.csv, queue_length.svg, service_level.svg.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "engine/sim/scenario.hpp"
#include "engine/sim/simulator.hpp"

#include "tools/commands.hpp"
#include "tools/config_file.hpp"
#include "tools/sim_report.hpp"
#include "tools/text_file.hpp"

namespace switchboard::tools {
namespace {

using Clock = std::chrono::steady_clock;

base::Result<sim::ScenarioSpec> load_scenario(const SimOptions& options) {
    auto text = read_text_file(options.scenario_path);
    if (!text) return text.error();
    auto scenario = sim::parse_scenario(
        *text, std::filesystem::path(options.scenario_path).filename().string());
    if (!scenario) return scenario.error();
    if (options.seed) scenario->seed = *options.seed;
    return scenario;
}

base::Result<LabelledRun> run_one(const std::string& config_path,
                                  const sim::ScenarioSpec& scenario) {
    auto config = load_config_file(config_path);
    if (!config) return config.error();
    auto snapshot = std::make_shared<const config::Snapshot>(std::move(*config));
    const auto started = Clock::now();
    sim::SimOptions checks;
    checks.check_invariants = true;  // O(state) once per run: cheap next to the run itself
    auto result = sim::simulate(snapshot, scenario, checks);
    if (!result) return result.error();
    const double wall_s = std::chrono::duration<double>(Clock::now() - started).count();
    std::fprintf(stderr, "sim: %s on %s: %.1f simulated hours in %.2f s (%.0f events/s)\n",
                 result->scenario.c_str(), config_path.c_str(),
                 static_cast<double>(result->simulated_ms) / 3.6e6, wall_s,
                 static_cast<double>(result->events_applied) / std::max(wall_s, 1e-9));
    return LabelledRun{std::filesystem::path(config_path).filename().string(), std::move(*result)};
}

// Two configs with the same file name are told apart by their folder.
void disambiguate(std::vector<LabelledRun>& runs, const SimOptions& options) {
    if (runs.size() == 2 && runs[0].label == runs[1].label) {
        runs[0].label = options.config_path;
        runs[1].label = options.compare_path;
    }
}

base::Status write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return base::Error{base::ErrorCode::kIo, path.string() + ": cannot write"};
    return base::Ok{};
}

base::Status write_outputs(const std::vector<LabelledRun>& runs, const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return base::Error{base::ErrorCode::kIo, dir + ": cannot create: " + ec.message()};
    const std::filesystem::path d(dir);
    const std::pair<const char*, std::string> files[] = {
        {"kpis.json", kpi_json(runs)},
        {"timeline.csv", timeline_csv(runs)},
        {"agents.csv", agents_csv(runs)},
        {"queue_length.svg", queue_length_svg(runs)},
        {"service_level.svg", service_level_svg(runs)},
    };
    for (const auto& [name, text] : files) {
        if (auto written = write_file(d / name, text); !written) return written;
    }
    std::printf(
        "\nwrote %s/{kpis.json, timeline.csv, agents.csv, queue_length.svg, "
        "service_level.svg}\n",
        dir.c_str());
    return base::Ok{};
}

}  // namespace

int sim_command(const SimOptions& options) {
    auto scenario = load_scenario(options);
    if (!scenario) {
        std::fprintf(stderr, "%s\n", scenario.error().message.c_str());
        return 1;
    }
    std::vector<LabelledRun> runs;
    for (const std::string& path : {options.config_path, options.compare_path}) {
        if (path.empty()) continue;
        auto run = run_one(path, *scenario);
        if (!run) {
            std::fprintf(stderr, "%s\n", run.error().message.c_str());
            return 1;
        }
        runs.push_back(std::move(*run));
    }
    disambiguate(runs, options);
    std::printf("== %s, seed %llu ==\n", runs.front().result.scenario.c_str(),
                static_cast<unsigned long long>(runs.front().result.seed));
    std::fputs(kpi_table(runs).c_str(), stdout);
    if (options.out_dir.empty()) return 0;
    if (auto written = write_outputs(runs, options.out_dir); !written) {
        std::fprintf(stderr, "%s\n", written.error().message.c_str());
        return 1;
    }
    return 0;
}

}  // namespace switchboard::tools
