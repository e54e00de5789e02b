// Engine::run_on_shard: a task on the shard's own thread between two batches, a parked shard
// woken for it, and the caller's thread once the engine stopped.
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

#include "engine/runtime/router.hpp"

#include "tests/runtime/runtime_test_support.hpp"

namespace switchboard::testing {
namespace {

using namespace std::chrono_literals;

bool ready_within(std::future<void>& f, std::chrono::seconds limit) {
    return f.wait_for(limit) == std::future_status::ready;
}

struct Running {
    Running() : router(Router::start(runtime_snapshot({})).value()), gateway(connect()) {}
    Gateway connect() { return router.connect().value(); }
    runtime::Engine& engine() { return router.engine(); }

    // Opens a conversation with alice logged in, and waits for its assignment.
    void open_one() {
        ASSERT_EQ(gateway.submit(Submission{login("t0", "alice", 5), {}, 1}),
                  SubmitStatus::kAccepted);
        ASSERT_EQ(gateway.submit(Submission{message("t0", "c1"), "hi", 2}),
                  SubmitStatus::kAccepted);
        ASSERT_TRUE(poll_until(router, out, [&] { return out.deliveries.size() == 1; }));
    }

    Router router;
    Gateway gateway;
    RecordingHandler out;
};

TEST(RunOnShard, TaskSeesTheShardsStateOnTheShardThread) {
    Running r;
    r.open_one();
    std::uint32_t agents = 0, conversations = 0;
    std::thread::id ran_on;
    auto done = r.engine().run_on_shard(0, [&](const core::Shard& shard) {
        agents = shard.agent_count();
        conversations = shard.conversation_count();
        ran_on = std::this_thread::get_id();
    });
    ASSERT_TRUE(ready_within(done, 10s));
    done.get();
    EXPECT_EQ(agents, 1u);
    EXPECT_EQ(conversations, 1u);
    EXPECT_NE(ran_on, std::this_thread::get_id());
}

TEST(RunOnShard, WakesAParkedShard) {
    Running r;
    // No traffic and no timers: the shard parks without a timeout, so only the post wakes it.
    for (int i = 0; i < 10'000 && r.router.stats().shards[0].parks == 0; ++i) {
        std::this_thread::sleep_for(1ms);
    }
    ASSERT_GT(r.router.stats().shards[0].parks, 0u);
    bool ran = false;
    auto done = r.engine().run_on_shard(0, [&](const core::Shard&) { ran = true; });
    ASSERT_TRUE(ready_within(done, 10s));
    EXPECT_TRUE(ran);
}

TEST(RunOnShard, AfterStopRunsOnTheCallersThread) {
    Running r;
    r.open_one();
    r.router.stop();
    std::thread::id ran_on;
    std::uint32_t conversations = 0;
    auto done = r.engine().run_on_shard(0, [&](const core::Shard& shard) {
        ran_on = std::this_thread::get_id();
        conversations = shard.conversation_count();
    });
    ASSERT_EQ(done.wait_for(0s), std::future_status::ready);
    done.get();
    EXPECT_EQ(ran_on, std::this_thread::get_id());
    EXPECT_EQ(conversations, 1u);
}

TEST(RunOnShard, TaskExceptionComesOutOfTheFuture) {
    Running r;
    auto done = r.engine().run_on_shard(
        0, [](const core::Shard&) { throw std::runtime_error("task failed"); });
    ASSERT_TRUE(ready_within(done, 10s));
    EXPECT_THROW(done.get(), std::runtime_error);
    // The shard carries on.
    r.open_one();
}

TEST(RunOnShard, StatsAreCurrentWhenTheFutureIsReady) {
    Running r;
    r.open_one();
    auto done = r.engine().run_on_shard(0, [](const core::Shard&) {});
    done.get();
    EXPECT_EQ(r.router.stats().shards[0].outputs.assigned, 1u);
    EXPECT_EQ(r.router.stats().shards[0].config_version, 1u);
}

}  // namespace
}  // namespace switchboard::testing
