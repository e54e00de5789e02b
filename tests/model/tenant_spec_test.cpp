#include "engine/model/tenant_spec.hpp"

#include <gtest/gtest.h>

namespace switchboard::model {
namespace {

TenantSpec two_queue_tenant() {
    TenantSpec t;
    t.id = "shop";
    t.skills = {"presales", "returns"};
    t.sla_policies.resize(2);
    t.sla_policies[0].name = "std";
    t.sla_policies[1].name = "strict";
    t.tiers.resize(2);
    t.tiers[0].name = "vip";
    t.tiers[0].sla_policy = 1;
    t.tiers[1].name = "normal";
    t.tiers[1].sla_policy = 0;
    QueueSpec presales;
    presales.name = "presales";
    presales.skills.set(0);
    QueueSpec returns;
    returns.name = "returns";
    returns.skills.set(1);
    returns.sla_policy = 1;
    t.queues = {presales, returns};
    return t;
}

TEST(TenantSpec, FindsNamesByIndex) {
    const TenantSpec t = two_queue_tenant();
    EXPECT_EQ(t.find_skill("returns"), SkillIndex{1});
    EXPECT_EQ(t.find_tier("normal"), TierIndex{1});
    EXPECT_EQ(t.find_queue("presales"), QueueIndex{0});
    EXPECT_FALSE(t.find_skill("refunds").has_value());
}

TEST(TenantSpec, FindsTheQueueForAnExactSkillSet) {
    const TenantSpec t = two_queue_tenant();
    SkillSet wanted;
    wanted.set(1);
    EXPECT_EQ(t.find_queue_for(wanted), QueueIndex{1});
    wanted.set(0);
    EXPECT_FALSE(t.find_queue_for(wanted).has_value());
}

TEST(TenantSpec, QueuePolicyOverridesTierPolicy) {
    const TenantSpec t = two_queue_tenant();
    EXPECT_EQ(t.policy_for(1, 0).name, "std");     // normal tier, presales: tier's policy
    EXPECT_EQ(t.policy_for(1, 1).name, "strict");  // returns overrides
}

TEST(Strategy, NamesRoundTrip) {
    for (const Strategy s : {Strategy::kLeastLoaded, Strategy::kLongestIdle, Strategy::kRoundRobin,
                             Strategy::kMostProficient}) {
        EXPECT_EQ(strategy_from_string(to_string(s)), s);
    }
    EXPECT_FALSE(strategy_from_string("random").has_value());
}

}  // namespace
}  // namespace switchboard::model
