// The `engine` section's thread placement: engine.io_cpus and engine.shard_cpus, one CPU per
// thread of that kind. Whether the machine has the CPUs is the runtime's check
// (tests/runtime/cpu_affinity_test.cpp); here, the file's own shape and values.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/config/config_test_support.hpp"

namespace switchboard::config::test {
namespace {

using ::testing::HasSubstr;

// A valid file with `engine` as given (its lines indented by two spaces).
std::string with_engine(const std::string& engine_lines) {
    return "\nengine:\n" + engine_lines + R"(tenants:
  - id: shop
    skills: [s]
    sla_policies: [{name: p, first_reply_ms: 1000}]
    tiers: [{name: normal, priority: 1, sla: p}]
    queues: [{name: q, skills: [s]}]
)";
}

TEST(EngineConfig, ThreadsAreNotPinnedByDefault) {
    auto result = parse(with_engine("  shards: 2\n"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_TRUE(result->engine.io_cpus.empty());
    EXPECT_TRUE(result->engine.shard_cpus.empty());
}

TEST(EngineConfig, CpuListsAreReadInThreadOrder) {
    auto result = parse(with_engine("  shards: 3\n  io_cpus: [0]\n  shard_cpus: [3, 1, 2]\n"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->engine.io_cpus, (std::vector<std::uint32_t>{0}));
    EXPECT_EQ(result->engine.shard_cpus, (std::vector<std::uint32_t>{3, 1, 2}));
}

TEST(EngineConfig, AnEmptyCpuListLeavesPlacementToTheSystem) {
    auto result = parse(with_engine("  io_cpus: []\n  shard_cpus: []\n"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_TRUE(result->engine.io_cpus.empty());
    EXPECT_TRUE(result->engine.shard_cpus.empty());
}

TEST(EngineConfig, IoAndShardThreadsMayShareACpu) {
    auto result = parse(with_engine("  io_cpus: [1]\n  shard_cpus: [1]\n"));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->engine.io_cpus, result->engine.shard_cpus);
}

TEST(EngineConfig, RejectsMoreCpusThanThreads) {
    EXPECT_THAT(error_of(with_engine("  shards: 2\n  shard_cpus: [0, 1, 2]\n")),
                HasSubstr("t.yaml:3:15: engine.shard_cpus: expected at most 2 CPU(s), one per "
                          "shard thread, got 3"));
    EXPECT_THAT(error_of(with_engine("  io_cpus: [0, 1]\n")),
                HasSubstr("t.yaml:2:12: engine.io_cpus: expected at most 1 CPU(s), one per I/O "
                          "thread, got 2"));
}

TEST(EngineConfig, RejectsTheSameCpuTwiceNamingTheThreadThatHasIt) {
    EXPECT_THAT(error_of(with_engine("  shards: 3\n  shard_cpus: [4, 5, 4]\n")),
                HasSubstr("t.yaml:3:22: engine.shard_cpus[2]: CPU 4 is already given to shard "
                          "thread 0; expected one CPU per thread"));
}

TEST(EngineConfig, RejectsCpuNumbersThatAreNotSmallNonNegativeIntegers) {
    EXPECT_THAT(error_of(with_engine("  shard_cpus: [-1]\n")),
                HasSubstr("t.yaml:2:16: engine.shard_cpus[0]: out of range, expected 0..1023, "
                          "got -1"));
    EXPECT_THAT(error_of(with_engine("  shard_cpus: [1024]\n")),
                HasSubstr("engine.shard_cpus[0]: out of range, expected 0..1023, got 1024"));
    EXPECT_THAT(error_of(with_engine("  io_cpus: [first]\n")),
                HasSubstr("t.yaml:2:13: engine.io_cpus[0]: expected an integer, got 'first'"));
}

TEST(EngineConfig, RejectsACpuWhereAListIsExpected) {
    EXPECT_THAT(error_of(with_engine("  shard_cpus: 1\n")),
                HasSubstr("t.yaml:2:15: engine.shard_cpus: expected a list, got '1'"));
}

}  // namespace
}  // namespace switchboard::config::test
