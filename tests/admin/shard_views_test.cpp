#include "engine/admin/shard_views.hpp"

#include <string>

#include <gtest/gtest.h>

#include "tests/core/scenario.hpp"

namespace switchboard::admin {
namespace {

using nlohmann::json;
using testing::Scenario;
using testing::shop_yaml;

// One missed first reply (after 1 s) moves the conversation on and sends the agent away.
constexpr std::string_view kOneSecondReply = R"(
    sla_policies:
      - {name: relaxed, first_reply_ms: 1000, reassign_on_miss: true, max_reassignments: 3}
)";
constexpr std::string_view kAwayAfterOneMiss = R"(
    auto_away: {max_misses: 1, window_ms: 60000, cooldown_ms: 0}
)";

std::uint32_t depth(const TenantGauges& g, std::string_view queue, std::string_view tier) {
    for (const QueueTierDepth& d : g.waiting) {
        if (d.queue == queue && d.tier == tier) return d.waiting;
    }
    ADD_FAILURE() << "no gauge for " << queue << "/" << tier;
    return 0;
}

const json& queue_named(const json& state, std::string_view name) {
    for (const json& q : state["queues"]) {
        if (q["name"] == name) return q;
    }
    ADD_FAILURE() << "no queue " << name;
    return state;
}

TEST(ShardGauges, CountWaitingPerQueueAndTierIncludingZeros) {
    Scenario s(shop_yaml());
    s.message("c1", "vip", {"presales"});
    s.message("c2", "normal", {"presales"});
    s.message("c3", "member", {"returns"});
    const ShardGauges g = shard_gauges(s.shard());
    ASSERT_EQ(g.tenants.size(), 1u);
    const TenantGauges& shop = g.tenants[0];
    EXPECT_EQ(shop.tenant, "shop");
    EXPECT_EQ(shop.waiting.size(), 9u);  // 3 queues x 3 tiers
    EXPECT_EQ(depth(shop, "presales", "vip"), 1u);
    EXPECT_EQ(depth(shop, "presales", "member"), 0u);
    EXPECT_EQ(depth(shop, "presales", "normal"), 1u);
    EXPECT_EQ(depth(shop, "returns", "member"), 1u);
    EXPECT_EQ(depth(shop, "complaints", "vip"), 0u);
    EXPECT_EQ(shop.open_conversations, 3u);
}

TEST(ShardGauges, CountAgentsByStateWithLoadAndCapacity) {
    Scenario s(shop_yaml());
    s.login("alice", {"presales"}, 2);
    s.login("bob", {"returns"}, 3);
    s.login("carol", {"returns"}, 1);
    s.away("bob");
    s.message("c1", "normal", {"presales"});  // alice
    s.message("c2", "normal", {"returns"});   // carol, now full
    s.message("c3", "normal", {"returns"});   // waits: bob is away
    const ShardGauges g = shard_gauges(s.shard());
    const TenantGauges& shop = g.tenants[0];
    EXPECT_EQ(shop.agents_available, 2u);
    EXPECT_EQ(shop.agents_away, 1u);
    EXPECT_EQ(shop.agents_auto_away, 0u);
    EXPECT_EQ(shop.agents_ready, 1u);  // alice has room; carol is full, bob away
    EXPECT_EQ(shop.load, 2u);
    EXPECT_EQ(shop.capacity, 6u);
    EXPECT_EQ(shop.open_conversations, 3u);
    EXPECT_EQ(depth(shop, "returns", "normal"), 1u);
}

TEST(ShardGauges, CarryCoreCountersTimersAndConfigVersion) {
    Scenario s(shop_yaml(kOneSecondReply, {}, {}, kAwayAfterOneMiss));
    s.login("alice", {"presales"});
    s.message("c1", "normal", {"presales"});
    s.login("bob", {"presales"});
    s.advance_to(1'000);  // alice misses c1: it goes to bob, alice goes away
    const ShardGauges g = shard_gauges(s.shard());
    EXPECT_EQ(g.stats.reply_misses, 1u);
    EXPECT_EQ(g.stats.reassignments, 1u);
    EXPECT_EQ(g.stats.assignments, 2u);
    EXPECT_EQ(g.stats.auto_aways, 1u);
    EXPECT_EQ(g.armed_timers, s.shard().armed_timers());
    EXPECT_EQ(g.config_version, s.shard().snapshot().version);
    EXPECT_EQ(base::to_ms(g.as_of), 1'000);
    EXPECT_EQ(g.tenants[0].agents_auto_away, 1u);
}

TEST(TenantState, ListsEachQueueInServingOrderWithWaits) {
    Scenario s(shop_yaml());
    s.at(0, core::CustomerMessage{"shop", "c1", "ann", "normal", {"presales"}});
    s.at(100, core::CustomerMessage{"shop", "c2", "ben", "vip", {"presales"}});
    s.at(200, core::CustomerMessage{"shop", "c3", "cat", "member", {"presales"}});
    s.advance_to(1'000);
    const auto state = tenant_state_json(s.shard(), "shop");
    ASSERT_TRUE(state.ok());
    EXPECT_EQ((*state)["tenant"], "shop");
    EXPECT_EQ((*state)["as_of_ms"], 1'000);
    EXPECT_EQ((*state)["open_conversations"], 3);
    EXPECT_EQ((*state)["waiting"], 3);
    const json& presales = queue_named(*state, "presales");
    EXPECT_EQ(presales["strategy"], "least_loaded");
    EXPECT_EQ(presales["waiting"], 3);
    EXPECT_EQ(presales["waiting_by_tier"], (json{{"vip", 1}, {"member", 1}, {"normal", 1}}));
    EXPECT_EQ(presales["oldest_wait_ms"], 1'000);
    EXPECT_EQ(presales["head_truncated"], false);
    const json expected_head = json::array({{{"conversation", "c2"},
                                             {"customer", "ben"},
                                             {"tier", "vip"},
                                             {"wait_ms", 900},
                                             {"ladder_step", 0},
                                             {"missed_reply_hops", 0}},
                                            {{"conversation", "c3"},
                                             {"customer", "cat"},
                                             {"tier", "member"},
                                             {"wait_ms", 800},
                                             {"ladder_step", 0},
                                             {"missed_reply_hops", 0}},
                                            {{"conversation", "c1"},
                                             {"customer", "ann"},
                                             {"tier", "normal"},
                                             {"wait_ms", 1000},
                                             {"ladder_step", 0},
                                             {"missed_reply_hops", 0}}});
    EXPECT_EQ(presales["head"], expected_head);
    EXPECT_EQ(queue_named(*state, "returns")["waiting"], 0);
}

TEST(TenantState, NamesAgentsWithSkillsGroupsAndConversationsSortedByName) {
    Scenario s(shop_yaml());
    s.send(core::AgentLogin{"shop", "zoe", {{"returns", 7}}, {}, 2});
    s.send(core::AgentLogin{"shop", "alice", {{"presales", 5}, {"returns", 3}}, {"senior"}, 2});
    s.message("c1", "normal", {"presales"});
    const auto state = tenant_state_json(s.shard(), "shop");
    ASSERT_TRUE(state.ok());
    EXPECT_EQ((*state)["agents_total"], 2);
    EXPECT_EQ((*state)["agents_truncated"], false);
    const json& agents = (*state)["agents"];
    ASSERT_EQ(agents.size(), 2u);
    EXPECT_EQ(agents[0]["name"], "alice");
    EXPECT_EQ(agents[0]["state"], "available");
    EXPECT_EQ(agents[0]["load"], 1);
    EXPECT_EQ(agents[0]["capacity"], 2);
    EXPECT_EQ(agents[0]["skills"], (json{{"presales", 5}, {"returns", 3}}));
    EXPECT_EQ(agents[0]["groups"], json::array({"senior"}));
    EXPECT_EQ(agents[0]["conversations"], json::array({"c1"}));
    EXPECT_EQ(agents[0]["conversations_truncated"], false);
    EXPECT_EQ(agents[0]["assignments"], 1);
    EXPECT_EQ(agents[1]["name"], "zoe");
    EXPECT_EQ(agents[1]["conversations"], json::array());
}

TEST(TenantState, CutsEveryListAtItsLimit) {
    Scenario s(shop_yaml());
    s.login("alice", {"presales"}, 3);
    s.login("bob", {"returns"}, 1);
    for (int i = 0; i < 6; ++i) s.message("c" + std::to_string(i), "normal", {"presales"});
    const StateLimits limits{.waiting_per_queue = 2, .agents = 1, .conversations_per_agent = 2};
    const auto state = tenant_state_json(s.shard(), "shop", limits);
    ASSERT_TRUE(state.ok());
    const json& presales = queue_named(*state, "presales");
    EXPECT_EQ(presales["waiting"], 3);
    EXPECT_EQ(presales["head"].size(), 2u);
    EXPECT_EQ(presales["head"][0]["conversation"], "c3");
    EXPECT_EQ(presales["head_truncated"], true);
    EXPECT_EQ((*state)["agents"].size(), 1u);
    EXPECT_EQ((*state)["agents_total"], 2);
    EXPECT_EQ((*state)["agents_truncated"], true);
    EXPECT_EQ((*state)["agents"][0]["conversations"].size(), 2u);
    EXPECT_EQ((*state)["agents"][0]["conversations_truncated"], true);
}

TEST(TenantState, UnknownTenantIsNotFound) {
    Scenario s(shop_yaml());
    const auto state = tenant_state_json(s.shard(), "nope");
    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().code, base::ErrorCode::kNotFound);
    EXPECT_EQ(state.error().message, "unknown tenant 'nope'");
}

TEST(ConversationTrace, ShowsTheDecisionAndEveryAgentsVerdictByName) {
    Scenario s(shop_yaml());
    s.login("alice", {"presales"}, 1);
    s.login("bob", {"returns"});
    s.login("carol", {"presales"});
    s.away("carol");
    s.at(500, core::CustomerMessage{"shop", "c1", "ann", "vip", {"presales"}});
    const auto trace = conversation_trace_json(s.shard(), "shop", "c1");
    ASSERT_TRUE(trace.ok());
    EXPECT_EQ((*trace)["tenant"], "shop");
    EXPECT_EQ((*trace)["conversation"], "c1");
    EXPECT_EQ((*trace)["customer"], "ann");
    EXPECT_EQ((*trace)["state"], "assigned");
    EXPECT_EQ((*trace)["queue"], "presales");
    EXPECT_EQ((*trace)["tier"], "vip");
    EXPECT_EQ((*trace)["agent"], "alice");
    EXPECT_EQ((*trace)["decision"], (json{{"decided_at_ms", 500},
                                          {"chosen", "alice"},
                                          {"strategy", "least_loaded"},
                                          {"sticky_hit", false},
                                          {"ladder_step", 0},
                                          {"ready_in_pool", 1},
                                          {"excluded", 0}}));
    EXPECT_EQ((*trace)["candidates"], json::array({{{"agent", "alice"}, {"verdict", "chosen"}},
                                                   {{"agent", "bob"}, {"verdict", "lacks_skill"}},
                                                   {{"agent", "carol"}, {"verdict", "away"}}}));
    EXPECT_EQ((*trace)["candidates_truncated"], false);
}

TEST(ConversationTrace, WaitingConversationHasNoDecisionYet) {
    Scenario s(shop_yaml());
    s.login("alice", {"presales"}, 1);
    s.message("c1", "normal", {"presales"});
    s.message("c2", "normal", {"presales"});
    const auto trace = conversation_trace_json(s.shard(), "shop", "c2");
    ASSERT_TRUE(trace.ok());
    EXPECT_EQ((*trace)["state"], "waiting");
    EXPECT_EQ((*trace)["agent"], nullptr);
    EXPECT_EQ((*trace)["decision"], nullptr);
    EXPECT_EQ((*trace)["candidates"], json::array({{{"agent", "alice"}, {"verdict", "full"}}}));
}

TEST(ConversationTrace, MissedReplyShowsExclusionAndHop) {
    Scenario s(shop_yaml(kOneSecondReply, {}, {}, kAwayAfterOneMiss));
    s.login("alice", {"presales"});
    s.message("c1", "normal", {"presales"});
    s.login("bob", {"presales"});
    s.advance_to(1'000);
    const auto trace = conversation_trace_json(s.shard(), "shop", "c1");
    ASSERT_TRUE(trace.ok());
    EXPECT_EQ((*trace)["agent"], "bob");
    EXPECT_EQ((*trace)["missed_reply_hops"], 1);
    EXPECT_EQ((*trace)["exclusions"]["missed_by"], json::array({"alice"}));
    EXPECT_EQ((*trace)["reply"]["reply_due_ms"], 2'000);
    EXPECT_EQ((*trace)["candidates"],
              json::array({{{"agent", "alice"}, {"verdict", "missed_before"}},
                           {{"agent", "bob"}, {"verdict", "chosen"}}}));
}

TEST(ConversationTrace, CandidateListIsBounded) {
    Scenario s(shop_yaml());
    for (int i = 0; i < 5; ++i) s.login("a" + std::to_string(i), {"presales"});
    s.message("c1", "normal", {"presales"});
    const auto trace = conversation_trace_json(s.shard(), "shop", "c1", 3);
    ASSERT_TRUE(trace.ok());
    EXPECT_EQ((*trace)["candidates"].size(), 3u);
    EXPECT_EQ((*trace)["candidates_truncated"], true);
}

TEST(ConversationTrace, UnknownTenantOrConversationIsNotFound) {
    Scenario s(shop_yaml());
    s.login("alice", {"presales"});
    s.message("c1", "normal", {"presales"});
    s.close("c1");
    const auto closed = conversation_trace_json(s.shard(), "shop", "c1");
    ASSERT_FALSE(closed.ok());
    EXPECT_EQ(closed.error().code, base::ErrorCode::kNotFound);
    EXPECT_EQ(closed.error().message, "conversation 'c1' is not open at tenant 'shop'");
    const auto tenant = conversation_trace_json(s.shard(), "nope", "c1");
    ASSERT_FALSE(tenant.ok());
    EXPECT_EQ(tenant.error().message, "unknown tenant 'nope'");
}

}  // namespace
}  // namespace switchboard::admin
