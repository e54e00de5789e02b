// Shard::hint / follow and core::HintWindow (shard.hpp, hint_window.hpp): cache hints change
// nothing. Two shards on the same config get the same random stream (with timers); one applies
// each batch of events plainly, the other through a HintWindow with hints forced on from the
// first conversation. Their actions and their whole state must stay identical, and hinting or
// following alone (stale hints included) must leave the state exactly as it was.
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/core/hint_window.hpp"

#include "tests/core/property_configs.hpp"
#include "tests/core/property_events.hpp"
#include "tests/core/property_harness.hpp"
#include "tests/core/scenario.hpp"

namespace switchboard::testing {
namespace {

constexpr std::uint32_t kSteps = 3000;
constexpr std::size_t kBatch = 7;  // not a multiple of the window's depth

void run_seed(const std::string& yaml, std::uint64_t seed, std::uint32_t steps) {
    SCOPED_TRACE(announce_seed(seed, steps));
    ShardRun plain(yaml, seed);
    ShardRun hinted(yaml, seed);
    hinted.shard.set_hint_min_conversations(0);
    core::HintWindow window;
    std::uint64_t followed = 0;
    for (std::uint32_t step = 0; step < steps; step += kBatch) {
        plain.now_ms += plain.generator.advance_ms(TimeSteps{5000, 10, 20});
        const base::Time now = base::time_from_ms(plain.now_ms);
        std::vector<core::Event> batch;
        for (std::size_t i = 0; i < kBatch; ++i) batch.push_back(plain.generator.next());

        const std::string before = state_dump(hinted.shard);
        const auto event_at = [&](std::size_t i) -> const core::Event& { return batch[i]; };
        window.prime(hinted.shard, batch.size(), event_at);
        ASSERT_EQ(state_dump(hinted.shard), before) << "priming hints changed state";

        for (std::size_t i = 0; i < batch.size(); ++i) {
            SCOPED_TRACE("step " + std::to_string(step + i));
            window.before_apply(hinted.shard, i, batch.size(), event_at);
            core::Shard::Hint h = hinted.shard.hint(batch[i]);
            while (h.stage != 0) {
                hinted.shard.follow(h);
                ++followed;
            }
            plain.sink.begin(batch[i]);
            plain.shard.apply(batch[i], now, plain.sink);
            hinted.sink.begin(batch[i]);
            hinted.shard.apply(batch[i], now, hinted.sink);
            plain.history.add(step + static_cast<std::uint32_t>(i), plain.now_ms, batch[i],
                              plain.sink.lines());
            ASSERT_EQ(hinted.sink.lines(), plain.sink.lines()) << plain.history.str();
            ASSERT_EQ(step_problem(hinted.shard, hinted.sink), "") << plain.history.str();
        }
        ASSERT_EQ(state_dump(hinted.shard), state_dump(plain.shard)) << plain.history.str();
    }
    // The stream opened, replied to and closed conversations, so follow() had records to load.
    EXPECT_GT(followed, steps / 4);
}

TEST(ShardHints, HintedBatchesActExactlyAsPlainOnes) {
    for_each_seed({1101, 1102, 1103}, kSteps, [&](std::uint64_t seed, std::uint32_t steps) {
        run_seed(timers_config(), seed, steps);
    });
}

TEST(ShardHints, HintedBatchesActExactlyAsPlainOnesWithStickyRouting) {
    for_each_seed({1201, 1202}, kSteps, [&](std::uint64_t seed, std::uint32_t steps) {
        run_seed(sticky_config(), seed, steps);
    });
}

TEST(ShardHints, OffBelowTheThresholdAndForEventsWithoutAConversation) {
    ShardRun run(timers_config(), 7);
    core::Shard& shard = run.shard;
    const core::Event open =
        core::CustomerMessage{shard.snapshot().tenants.front().id, "c1", "u1", "", {}};
    EXPECT_EQ(shard.hint_min_conversations(), core::Shard::kHintMinConversations);
    EXPECT_EQ(shard.hint(open).stage, 0) << "hints are off with fewer conversations";
    shard.set_hint_min_conversations(0);
    EXPECT_NE(shard.hint(open).stage, 0);
    EXPECT_EQ(shard.hint(core::Event{core::Tick{}}).stage, 0);
    EXPECT_EQ(
        shard.hint(core::Event{core::AgentLogout{shard.snapshot().tenants.front().id, "a"}}).stage,
        0);
    EXPECT_EQ(shard.hint(core::Event{core::CloseConversation{"no-such-tenant", "c1"}}).stage, 0);
    // A new id: the table line is all there is to load.
    core::Shard::Hint h = shard.hint(open);
    shard.follow(h);
    EXPECT_EQ(h.stage, 0);
}

}  // namespace
}  // namespace switchboard::testing
