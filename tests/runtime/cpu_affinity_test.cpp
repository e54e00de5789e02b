// runtime::cpu_affinity and the engine's use of it: engine.shard_cpus pins shard i to entry i
// before it routes, and a CPU the process may not use fails Engine::start with the key's name.
#include "engine/runtime/cpu_affinity.hpp"

#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sched.h>

#include "engine/runtime/engine.hpp"

#include "tests/runtime/runtime_test_support.hpp"
#include "tests/runtime/thread_cpus.hpp"

namespace switchboard::runtime {
namespace {

using ::testing::HasSubstr;
using Cpus = std::vector<std::uint32_t>;

using testing::cpus_of_thread;

// A CPU number no machine this runs on has: the kernel's CPU set ends at 1023.
constexpr std::uint32_t kAbsentCpu = 1023;

TEST(CpuAffinity, ThreadIOfAKindTakesEntryIModuloTheList) {
    const Cpus cpus{3, 5};
    EXPECT_EQ(cpu_for(cpus, 0), 3u);
    EXPECT_EQ(cpu_for(cpus, 1), 5u);
    EXPECT_EQ(cpu_for(cpus, 2), 3u);
    EXPECT_EQ(cpu_for(Cpus{}, 0), std::nullopt);
}

TEST(CpuAffinity, AllowedCpusIncludeTheOneThisThreadRunsOn) {
    const Cpus allowed = allowed_cpus();
    ASSERT_FALSE(allowed.empty());
    const int now = ::sched_getcpu();
    ASSERT_GE(now, 0);
    EXPECT_THAT(allowed, ::testing::Contains(static_cast<std::uint32_t>(now)));
}

TEST(CpuAffinity, CheckNamesTheKeyThePositionAndTheAllowedCpus) {
    const Cpus allowed = allowed_cpus();
    ASSERT_FALSE(allowed.empty());
    EXPECT_TRUE(check_cpus(Cpus{allowed.front()}, "engine.shard_cpus").ok());
    EXPECT_TRUE(check_cpus(Cpus{}, "engine.shard_cpus").ok());
    const auto refused = check_cpus(Cpus{allowed.front(), kAbsentCpu}, "engine.shard_cpus");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, base::ErrorCode::kInvalidArgument);
    EXPECT_THAT(refused.error().message,
                HasSubstr("engine.shard_cpus[1]: CPU 1023 is not one this process may run on "
                          "(allowed: " +
                          std::to_string(allowed.front())));
}

TEST(CpuAffinity, PinningMovesOnlyTheCallingThread) {
    const Cpus before = this_thread_cpus();
    const std::uint32_t target = allowed_cpus().back();
    Cpus inside;
    std::thread pinned([&] {
        ASSERT_TRUE(pin_this_thread(target).ok());
        inside = this_thread_cpus();
    });
    pinned.join();
    EXPECT_EQ(inside, Cpus{target});
    EXPECT_EQ(this_thread_cpus(), before);
}

TEST(CpuAffinity, NoCpuLeavesTheThreadWhereItWas) {
    const Cpus before = this_thread_cpus();
    EXPECT_TRUE(pin_this_thread(std::nullopt).ok());
    EXPECT_EQ(this_thread_cpus(), before);
}

TEST(CpuAffinity, ACpuTheKernelRefusesIsAnError) {
    Cpus inside;
    std::thread t([&] {
        const auto refused = pin_this_thread(kAbsentCpu);
        ASSERT_FALSE(refused.ok());
        EXPECT_THAT(refused.error().message, HasSubstr("cannot pin a thread to CPU 1023"));
        inside = this_thread_cpus();
    });
    t.join();
    EXPECT_EQ(inside, this_thread_cpus());  // unchanged, like every other thread's
}

TEST(EngineCpuAffinity, EachShardRunsOnItsEntryOfShardCpus) {
    const Cpus allowed = allowed_cpus();
    auto config =
        std::make_shared<config::Snapshot>(*testing::runtime_snapshot({.tenants = 2, .shards = 2}));
    // Reversed, so that a mapping by anything but the shard's index shows.
    config->engine.shard_cpus = {allowed.back(), allowed.front()};
    auto engine = Engine::start(config);
    ASSERT_TRUE(engine.ok()) << engine.error().message;
    EXPECT_EQ(cpus_of_thread("sb-shard0"), Cpus{allowed.back()});
    EXPECT_EQ(cpus_of_thread("sb-shard1"), Cpus{allowed.front()});
    engine.value()->stop();
}

TEST(EngineCpuAffinity, UnpinnedShardsKeepTheProcessMask) {
    auto engine = Engine::start(testing::runtime_snapshot({}));
    ASSERT_TRUE(engine.ok()) << engine.error().message;
    EXPECT_EQ(cpus_of_thread("sb-shard0"), allowed_cpus());
    engine.value()->stop();
}

TEST(EngineCpuAffinity, ACpuThisProcessMayNotUseFailsTheStartNamingTheKey) {
    auto config = std::make_shared<config::Snapshot>(*testing::runtime_snapshot({}));
    config->engine.shard_cpus = {kAbsentCpu};
    auto engine = Engine::start(config);
    ASSERT_FALSE(engine.ok());
    EXPECT_THAT(engine.error().message,
                HasSubstr("engine.shard_cpus[0]: CPU 1023 is not one this process may run on"));
    EXPECT_TRUE(cpus_of_thread("sb-shard0").empty());  // no shard thread was left running
}

}  // namespace
}  // namespace switchboard::runtime
