// config::check_reload: which edits of a running configuration a live reload takes, and the
// message that names each one that needs a restart. Each test edits one thing in a base file.
#include "engine/config/reload_check.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "tests/config/config_test_support.hpp"

namespace switchboard::config::test {
namespace {

using Lines = std::vector<std::string>;

constexpr std::string_view kBase = R"(
engine:
  shards: 2
  ring_capacity: 4096
  log_level: info
server:
  listen: 127.0.0.1:7400
  max_frame_bytes: 65536
gateways:
  - id: web
    token: web-token-0123456789
    tenants: [shop]
tenants:
  - id: shop
    skills: [presales, returns]
    groups: [vip_team, senior]
    agents:
      default_capacity: 3
      max_capacity: 8
    sla_policies:
      - name: fast
        first_reply_ms: 15000
        next_reply_ms: 30000
        warn_at: 0.7
    tiers:
      - name: vip
        priority: 100
        sla: fast
        ladder:
          - groups: [vip_team]
          - after_ms: 20000
      - name: normal
        priority: 10
        sla: fast
    queues:
      - name: presales
        skills: [presales]
        strategy: least_loaded
      - name: returns
        skills: [returns]
        strategy: round_robin
    limits:
      max_agents: 100
      max_conversations: 1000
      max_sticky_customers: 500
  - id: outlet
    skills: [presales]
    sla_policies:
      - name: slow
        first_reply_ms: 60000
    tiers:
      - name: normal
        priority: 1
        sla: slow
    queues:
      - name: presales
        skills: [presales]
)";

Snapshot snapshot(std::string_view text) {
    auto parsed = parse(text);
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
    return parsed.ok() ? std::move(parsed).value() : Snapshot{};
}

// kBase with each `from` replaced by its `to` (every `from` must occur).
std::string edited(std::vector<std::pair<std::string_view, std::string_view>> edits) {
    std::string text(kBase);
    for (const auto& [from, to] : edits) {
        const std::size_t at = text.find(from);
        EXPECT_NE(at, std::string::npos) << "not in the base config: " << from;
        if (at != std::string::npos) text.replace(at, from.size(), to);
    }
    return text;
}

Lines reasons(std::vector<std::pair<std::string_view, std::string_view>> edits) {
    return check_reload(snapshot(kBase), snapshot(edited(std::move(edits))));
}

TEST(ReloadCheck, TheSameConfigIsLive) { EXPECT_EQ(reasons({}), Lines{}); }

TEST(ReloadCheck, DecisionParametersAreLive) {
    EXPECT_EQ(reasons({
                  {"log_level: info", "log_level: debug"},
                  {"web-token-0123456789", "new-token-9876543210"},
                  {"default_capacity: 3", "default_capacity: 5"},
                  {"max_capacity: 8", "max_capacity: 10"},
                  {"first_reply_ms: 15000", "first_reply_ms: 9000"},
                  {"warn_at: 0.7", "warn_at: 0.5\n        reassign_on_miss: true"},
                  {"priority: 100", "priority: 90"},
                  {"- after_ms: 20000",
                   "- after_ms: 5000\n            groups: [senior]\n"
                   "          - after_ms: 30000"},
                  {"strategy: round_robin",
                   "strategy: most_proficient\n"
                   "        idle_close_ms: 60000\n"
                   "        accept_timeout_ms: 10000"},
                  {"max_agents: 100", "max_agents: 50\n      max_queue_length: 10"},
                  {"max_conversations: 1000", "max_conversations: 10"},
              }),
              Lines{});
}

TEST(ReloadCheck, EngineBoundsNeedARestart) {
    EXPECT_EQ(reasons({{"shards: 2", "shards: 4"}, {"ring_capacity: 4096", "ring_capacity: 64"}}),
              (Lines{"engine.shards: 2 -> 4 needs a restart (fixed when the engine starts)",
                     "engine.ring_capacity: 4096 -> 64 needs a restart (fixed when the engine "
                     "starts)"}));
}

TEST(ReloadCheck, ThreadPlacementNeedsARestart) {
    EXPECT_EQ(reasons({{"shards: 2", "shards: 2\n  shard_cpus: [1, 0]\n  io_cpus: [0]"}}),
              (Lines{"engine.io_cpus: [] -> [0] needs a restart (fixed when the engine starts)",
                     "engine.shard_cpus: [] -> [1, 0] needs a restart (fixed when the engine "
                     "starts)"}));
}

TEST(ReloadCheck, ServerListenersAndBoundsNeedARestart) {
    const Lines got = reasons({{"127.0.0.1:7400", "127.0.0.1:7500"},
                               {"max_frame_bytes: 65536", "max_frame_bytes: 1024"}});
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0],
              "server.listen: 127.0.0.1:7400 -> 127.0.0.1:7500 needs a restart (the server binds "
              "and sizes its connections at start)");
    EXPECT_EQ(got[1].rfind("server.max_frame_bytes: 65536 -> 1024 needs a restart", 0), 0u);
}

TEST(ReloadCheck, RemovedTenantNeedsARestart) {
    const std::string text(kBase);
    const Lines got = check_reload(snapshot(text), snapshot(text.substr(0, text.find("  - id: "
                                                                                     "outlet"))));
    EXPECT_EQ(got, Lines{"tenants[outlet]: removed, needs a restart (its agents and conversations "
                         "live in a shard)"});
}

TEST(ReloadCheck, AddedTenantNeedsARestartBecauseShardTablesCannotGrow) {
    std::string more(kBase);
    more +=
        "  - id: annex\n    skills: [a]\n    sla_policies: [{name: p, first_reply_ms: 0}]\n"
        "    tiers: [{name: t, priority: 1, sla: p}]\n    queues: [{name: q, skills: [a]}]\n";
    EXPECT_EQ(check_reload(snapshot(kBase), snapshot(more)),
              Lines{"tenants[annex]: added, needs a restart (a shard sizes its agent, "
                    "conversation and timer tables from its tenants' limits at start and cannot "
                    "grow them)"});
}

TEST(ReloadCheck, ReorderedTenantsAreLiveAndAlignedToTheRunningOrder) {
    const std::string text(kBase);
    const std::size_t outlet = text.find("  - id: outlet");
    const std::size_t shop = text.find("  - id: shop");
    const std::string swapped =
        text.substr(0, shop) + text.substr(outlet) + text.substr(shop, outlet - shop);
    const Snapshot running = snapshot(kBase);
    const Snapshot next = snapshot(swapped);
    ASSERT_EQ(next.tenants.front().id, "outlet");
    EXPECT_EQ(check_reload(running, next), Lines{});
    const Snapshot aligned = align_tenant_order(running, next);
    ASSERT_EQ(aligned.tenants.size(), 2u);
    EXPECT_EQ(aligned.tenants[0].id, "shop");
    EXPECT_EQ(aligned.tenants[1].id, "outlet");
    EXPECT_EQ(aligned.tenants[0].queues[1].strategy, model::Strategy::kRoundRobin);
}

TEST(ReloadCheck, RenamedSkillNeedsARestartAtItsPosition) {
    EXPECT_EQ(reasons({{"skills: [presales, returns]", "skills: [presales, refunds]"},
                       {"skills: [returns]", "skills: [refunds]"}}),
              (Lines{"tenants[shop].skills[1]: 'returns' -> 'refunds' needs a restart (agents "
                     "and queues hold skills by position; only adding skills at the end is live)",
                     "tenants[shop].queues[returns].skills: [returns] -> [refunds] needs a "
                     "restart (a queue is the skill class its conversations were routed by)"}));
}

TEST(ReloadCheck, AppendedSkillGroupAndQueueAreLive) {
    EXPECT_EQ(reasons({{"skills: [presales, returns]", "skills: [presales, returns, warranty]"},
                       {"groups: [vip_team, senior]", "groups: [vip_team, senior, night]"},
                       {"        strategy: round_robin\n",
                        "        strategy: round_robin\n      - name: warranty\n"
                        "        skills: [warranty]\n"}}),
              Lines{});
}

TEST(ReloadCheck, RemovedGroupNeedsARestart) {
    EXPECT_EQ(reasons({{"groups: [vip_team, senior]", "groups: [vip_team]"}}),
              Lines{"tenants[shop].groups[1]: 'senior' removed, needs a restart (agents and "
                    "ladders hold groups by position; only adding groups at the end is live)"});
}

TEST(ReloadCheck, PriorityChangeThatReordersTiersNeedsARestart) {
    const Lines got = reasons({{"priority: 10\n", "priority: 200\n"}});
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].rfind("tenants[shop].tiers[0]: 'vip' -> 'normal' needs a restart", 0), 0u)
        << got[0];
}

TEST(ReloadCheck, TierAddedBelowTheLowestPriorityIsLiveAboveItIsNot) {
    const std::string_view tier_at = "      - name: normal\n        priority: 10\n";
    EXPECT_EQ(reasons({{tier_at,
                        "      - name: guest\n        priority: 5\n        sla: fast\n"
                        "      - name: normal\n        priority: 10\n"}}),
              Lines{});
    const Lines got = reasons({{tier_at,
                                "      - name: gold\n        priority: 50\n"
                                "        sla: fast\n"
                                "      - name: normal\n        priority: 10\n"}});
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].rfind("tenants[shop].tiers[1]: 'normal' -> 'gold' needs a restart", 0), 0u);
}

TEST(ReloadCheck, QueueSkillClassChangeNeedsARestart) {
    EXPECT_EQ(reasons({{"skills: [returns]", "skills: [returns, presales]"}}),
              Lines{"tenants[shop].queues[returns].skills: [returns] -> [presales, returns] "
                    "needs a restart (a queue is the skill class its conversations were routed "
                    "by)"});
}

TEST(ReloadCheck, RaisedTableLimitsAndStickyMemoryNeedARestart) {
    EXPECT_EQ(
        reasons({{"max_agents: 100", "max_agents: 101"},
                 {"max_conversations: 1000", "max_conversations: 2000"},
                 {"max_sticky_customers: 500", "max_sticky_customers: 400"}}),
        (Lines{"tenants[shop].limits.max_agents: 100 -> 101 needs a restart (the shard's agent "
               "table was sized from 100 at start; up to that is live)",
               "tenants[shop].limits.max_conversations: 1000 -> 2000 needs a restart (the shard's "
               "conversation table and timing wheel were sized from 1000 at start; up to that is "
               "live)",
               "tenants[shop].limits.max_sticky_customers: 500 -> 400 needs a restart (the "
               "sticky memory is sized from it at start)"}));
}

TEST(ReloadCheck, ALoweredLimitCanBeRaisedBackUpToTheSizeAtStart) {
    const Snapshot started = snapshot(kBase);
    const Snapshot lowered =
        snapshot(edited({{"max_agents: 100", "max_agents: 40"},
                         {"max_conversations: 1000", "max_conversations: 10"}}));
    ASSERT_EQ(check_reload(started, lowered), Lines{});
    const Snapshot running = align_tenant_order(started, lowered);
    EXPECT_EQ(running.sized_limits(running.tenants[0]).max_agents, 100u);
    EXPECT_EQ(running.sized_limits(running.tenants[0]).max_conversations, 1000u);

    const Snapshot back = snapshot(edited({{"max_agents: 100", "max_agents: 100"}}));
    EXPECT_EQ(check_reload(running, back), Lines{});
    const Snapshot after_two = align_tenant_order(running, back);
    EXPECT_EQ(after_two.sized_limits(after_two.tenants[0]).max_agents, 100u);

    const Snapshot beyond = snapshot(edited({{"max_agents: 100", "max_agents: 101"}}));
    EXPECT_EQ(check_reload(running, beyond),
              Lines{"tenants[shop].limits.max_agents: 40 -> 101 needs a restart (the shard's "
                    "agent table was sized from 100 at start; up to that is live)"});
}

TEST(ReloadCheck, EveryReasonIsListedInOrder) {
    const Lines got = reasons({{"shards: 2", "shards: 3"},
                               {"127.0.0.1:7400", "127.0.0.1:7401"},
                               {"groups: [vip_team, senior]", "groups: [senior, vip_team]"},
                               {"max_agents: 100", "max_agents: 200"}});
    ASSERT_EQ(got.size(), 4u);
    EXPECT_EQ(got[0].rfind("engine.shards:", 0), 0u);
    EXPECT_EQ(got[1].rfind("server.listen:", 0), 0u);
    EXPECT_EQ(got[2].rfind("tenants[shop].groups[0]: 'vip_team' -> 'senior'", 0), 0u);
    EXPECT_EQ(got[3].rfind("tenants[shop].limits.max_agents:", 0), 0u);
}

}  // namespace
}  // namespace switchboard::config::test
