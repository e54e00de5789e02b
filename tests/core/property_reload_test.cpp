// Property test of live reload (Shard::reconfigure): seeded random events on the configs with
// every timer, with the shard reconfigured at random moments between two of them (the variant,
// then the full config, then the full config with its knobs turned: strategies, ladders, waits,
// deadlines, offers, idle close). After every step and every reload the shard keeps its
// invariants, every conversation is placed once, nobody waits while an agent may take it, and
// every assignment follows the rules (shard_checks.hpp). Replay: SB_PROPERTY_SEED=<n>.
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "tests/core/property_configs.hpp"
#include "tests/core/property_events.hpp"
#include "tests/core/property_harness.hpp"
#include "tests/core/reconfigure_support.hpp"

namespace switchboard::testing {
namespace {

constexpr std::uint32_t kSteps = 3000;
constexpr int kReloadPerMille = 8;

std::string replaced(std::string text, std::vector<std::pair<std::string, std::string>> edits) {
    for (const auto& [from, to] : edits) {
        const std::size_t at = text.find(from);
        if (at == std::string::npos) {
            ADD_FAILURE() << "not in the config: " << from;
            continue;
        }
        text.replace(at, from.size(), to);
    }
    return text;
}

// timers_config() with every live knob turned.
std::string knobs_turned() {
    return replaced(
        timers_config(),
        {{"first_reply_ms: 4000", "first_reply_ms: 2500"},
         {"max_reassignments: 2", "max_reassignments: 0"},
         {"{after_ms: 3000, groups: [vip_team, senior]}", "{after_ms: 1000}"},
         {"          - {after_ms: 9000}\n", ""},
         {"max_wait_ms: 40000", "max_wait_ms: 8000"},
         {"- groups: [senior]\n          - {after_ms: 6000, groups: everyone}",
          "- groups: [vip_team]\n          - {after_ms: 2000, groups: [senior]}\n"
          "          - {after_ms: 4000}"},
         {"position_updates_ms: 10000", "position_updates_ms: 3000"},
         {"sticky_window_ms: 20000, idle_close_ms: 30000",
          "sticky_window_ms: 5000, idle_close_ms: 7000"},
         {"strategy: least_loaded, accept_timeout_ms: 3000", "strategy: round_robin"},
         {"strategy: most_proficient", "strategy: longest_idle"},
         {"max_misses: 2, window_ms: 30000, cooldown_ms: 20000", "max_misses: 1, window_ms: 10000"},
         {"default_capacity: 2", "default_capacity: 3"}});
}

void run_seed(std::uint64_t seed, std::uint32_t steps) {
    SCOPED_TRACE(announce_seed(seed, steps));
    // The generator keeps a reference to its spec: give it one that outlives every reload, with
    // all four queues (while the variant runs, messages for the fourth are rejected).
    const std::shared_ptr<const config::Snapshot> names = snapshot_of(timers_config());
    const std::vector<std::string> configs = {timers_config(), knobs_turned()};
    Scenario scenario(timers_config_variant());
    core::Shard& shard = scenario.shard();
    EventGenerator generator(names->tenants.front(), seed);
    generator.set_hints(shard_hints(shard));
    CheckingSink sink(shard);
    History history;
    ActionTally tally;
    std::mt19937_64 reload_dice(seed);
    std::int64_t now_ms = 0;
    std::uint32_t reloads = 0;
    for (std::uint32_t step = 0; step < steps; ++step) {
        SCOPED_TRACE("step " + std::to_string(step));
        now_ms += generator.advance_ms(TimeSteps{3000, 10, 5});
        const core::Event event = generator.next();
        sink.begin(event);
        shard.apply(event, base::time_from_ms(now_ms), sink);
        history.add(step, now_ms, event, sink.lines());
        tally.add(sink.lines());
        ASSERT_EQ(step_problem(shard, sink), "") << history.str();
        if (static_cast<int>(reload_dice() % 1000) >= kReloadPerMille) continue;
        const core::Event marker = core::Tick{};  // the checks' context for reload actions
        sink.begin(marker);
        shard.reconfigure(snapshot_of(configs[reloads++ % configs.size()]), sink);
        history.add(step, now_ms, marker, sink.lines());
        tally.add(sink.lines());
        ASSERT_EQ(step_problem(shard, sink), "") << "after reload " << reloads << "\n"
                                                 << history.str();
    }
    EXPECT_GT(reloads, 0u);
    std::printf("[ property ] %u reloads; %s\n", reloads, tally.str().c_str());
}

TEST(PropertyReload, InvariantsHoldAcrossReloadsAtRandomMoments) {
    for_each_seed({1301, 1302, 1303, 1304}, kSteps, run_seed);
}

}  // namespace
}  // namespace switchboard::testing
