// Shard::reconfigure: live reload between two events (DESIGN.md §6).
//
// The routing indexes are rebuilt from the new specs instead of patched: a pool bakes in its
// queue's strategy and its ladder step's groups, a waiting queue its tiers' ladder lengths, the
// router a pointer to the spec. Rebuilding costs O(agents x pools x log n + waiting log waiting)
// once per reload, and leaves one code path that makes them, the constructor's. What the shard
// holds by index (skills, groups, tiers and queues of agents and conversations) stays valid
// because config::check_reload only lets new ones be appended.
#include <algorithm>
#include <tuple>
#include <utility>
#include <vector>

#include "engine/base/assert.hpp"
#include "engine/config/reload_check.hpp"
#include "engine/core/shard_step.hpp"

namespace switchboard::core {
namespace {

bool same_ladder(const model::TierSpec& a, const model::TierSpec& b) {
    return std::equal(a.ladder.begin(), a.ladder.end(), b.ladder.begin(), b.ladder.end(),
                      [](const model::LadderStep& x, const model::LadderStep& y) {
                          return x.after == y.after && x.everyone == y.everyone &&
                                 x.groups == y.groups;
                      });
}

// Whether a waiting conversation's queue timer would be armed for the same time.
bool same_queue_timing(const model::TierSpec& a, const model::TierSpec& b) {
    return a.max_wait == b.max_wait && a.position_update_interval == b.position_update_interval &&
           same_ladder(a, b);
}

// Whether a waiting conversation of the tenant could stand on another step, in a pool that
// admits other agents. Tiers appended by the reload hold no conversation yet.
bool same_ladders(const model::TenantSpec& before, const model::TenantSpec& after) {
    for (std::size_t t = 0; t < before.tiers.size(); ++t) {
        if (!same_ladder(before.tiers[t], after.tiers[t])) return false;
    }
    return true;
}

// The step a conversation that has waited `waited` stands on: the last one it reached.
std::uint8_t step_after(const model::TierSpec& tier, base::Duration waited) {
    std::uint8_t step = 0;
    while (step + 1u < tier.ladder.size() && waited >= tier.ladder[step + 1].after) ++step;
    return step;
}

}  // namespace

void Shard::reconfigure(std::shared_ptr<const config::Snapshot> next, ActionSink& sink) {
    SB_ASSERT(next != nullptr);
    SB_ASSERT(next->tenants.size() == tenants_.size());
    SB_DEBUG_ASSERT(config::check_reload(*snapshot_, *next).empty());
    // Kept alive to the end of this call: settle_reconfigure compares old and new values.
    const std::shared_ptr<const config::Snapshot> old = std::exchange(snapshot_, std::move(next));
    for (std::size_t i = 0; i < tenants_.size(); ++i) {
        const model::TenantSpec& spec = snapshot_->tenants[i];
        Tenant& t = *tenants_[i];
        SB_ASSERT(spec.id == t.spec->id);
        t.spec = &spec;
        t.router = routing::TenantRouter(spec, &wait_links_);
        SB_ASSERT(spec.queues.size() >= t.pace.size());  // queues are only ever appended
        t.pace.resize(spec.queues.size());
    }
    rejoin_pools();
    rebuild_waiting_lists(*old);
    Step step(*this, now_, sink);
    step.settle_reconfigure(*old);
}

void Shard::rejoin_pools() {
    for (std::uint32_t i = 0; i < agents_.slot_count(); ++i) {
        const std::optional<AgentId> a = agents_.handle_at(i);
        if (!a) continue;
        model::Agent& agent = agents_[*a];
        agent.memberships.clear();  // they named pools of the router just replaced
        tenants_[agent.tenant]->router.join(i, agent);
    }
}

void Shard::rebuild_waiting_lists(const config::Snapshot& old) {
    std::vector<std::pair<std::int64_t, ConversationId>> waiting;
    for (std::uint32_t i = 0; i < conversations_.slot_count(); ++i) {
        const std::optional<ConversationId> c = conversations_.handle_at(i);
        if (!c) continue;
        model::Conversation& conv = conversations_[*c];
        const model::TierSpec& tier = tenants_[conv.tenant]->spec->tiers[conv.tier];
        if (conv.state == model::ConversationState::kWaiting) {
            if (!same_ladder(old.tenants[conv.tenant].tiers[conv.tier], tier)) {
                conv.ladder_step = step_after(tier, now_ - conv.enqueued_at);
            }
            waiting.emplace_back(conv.order_key, *c);
        } else {
            // Meaningless until it waits again (which restarts at step 0), but explain() looks
            // up the pool of this step.
            conv.ladder_step = std::min<std::uint8_t>(
                conv.ladder_step, static_cast<std::uint8_t>(tier.ladder.size() - 1));
        }
    }
    // Order keys are unique in a shard. In key order every push lands at its list's tail: O(1).
    std::sort(waiting.begin(), waiting.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });
    for (const auto& [key, c] : waiting) {
        const model::Conversation& conv = conversations_[c];
        tenants_[conv.tenant]->router.push_waiting(conv.queue, c.index, conv.tier, conv.ladder_step,
                                                   key);
    }
}

void Shard::Step::settle_reconfigure(const config::Snapshot& old) {
    // Timers whose parameters changed, re-armed from the new spec (in slot order: deterministic).
    for (std::uint32_t i = 0; i < s_.conversations_.slot_count(); ++i) {
        const std::optional<ConversationId> c = s_.conversations_.handle_at(i);
        if (!c) continue;
        const Conv& conv = s_.conversations_[*c];
        const model::TenantSpec& before = old.tenants[conv.tenant];
        const model::TenantSpec& after = *tenant_of(conv).spec;
        if (conv.state == model::ConversationState::kWaiting &&
            !same_queue_timing(before.tiers[conv.tier], after.tiers[conv.tier])) {
            arm_queue_timer(*c);
        }
        if (before.queues[conv.queue].idle_close != after.queues[conv.queue].idle_close) {
            arm_idle_timer(*c);
        }
    }
    // Those the new values make due (a shorter max_wait or idle_close) act now, at now().
    fire_due_timers();

    // With unchanged ladders every waiting conversation is in the pool it was in, which admits
    // the agents it did, and nobody waited while one of them could take it. With changed ones a
    // ready agent may now be admitted: serve those tenants' waiting conversations in order.
    std::vector<std::tuple<model::TierIndex, std::int64_t, ConversationId>> waiting;
    s_.conversations_.for_each([&](ConversationId c, const Conv& conv) {
        if (conv.state != model::ConversationState::kWaiting) return;
        if (same_ladders(old.tenants[conv.tenant], *tenant_of(conv).spec)) return;
        waiting.emplace_back(conv.tier, conv.order_key, c);
    });
    std::sort(waiting.begin(), waiting.end(), [](const auto& x, const auto& y) {
        return std::tie(std::get<0>(x), std::get<1>(x)) < std::tie(std::get<0>(y), std::get<1>(y));
    });
    for (const auto& [tier, key, c] : waiting) {
        // An earlier assignment only takes capacity away, so one pass serves everyone it can.
        if (s_.conversations_[c].state == model::ConversationState::kWaiting) {
            try_assign_waiting(c);
        }
    }
}

}  // namespace switchboard::core
