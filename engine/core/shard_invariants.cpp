// Shard::check_invariants: the structural rules every step must keep, checked in O(n) for tests.
#include <algorithm>
#include <string>
#include <vector>

#include "engine/core/exclusions.hpp"
#include "engine/core/shard.hpp"
#include "engine/core/shard_tenant.hpp"

namespace switchboard::core {
namespace {

std::string agent_problem(const model::Agent& agent, AgentId a,
                          const base::SlotTable<model::Conversation, model::ConversationTag>& cs) {
    if (agent.load != agent.conversations.size()) return "agent load != open conversations";
    for (std::uint32_t i = 0; i < agent.conversations.size(); ++i) {
        const model::Conversation* c = cs.find(agent.conversations[i]);
        if (c == nullptr) return "agent holds a closed conversation";
        if (c->agent != a) return "agent/conversation link broken";
        const auto held = std::count(agent.conversations.begin(), agent.conversations.end(),
                                     agent.conversations[i]);
        if (held != 1) return "agent holds a conversation twice";
        if (c->state != model::ConversationState::kAssigned &&
            c->state != model::ConversationState::kOffered) {
            return "agent holds a conversation that is not assigned or offered";
        }
    }
    return {};
}

}  // namespace

std::string Shard::check_invariants() const {
    std::string problem;
    const auto fail = [&problem](std::string what) {
        if (problem.empty()) problem = std::move(what);
    };
    std::vector<std::uint32_t> waiting_by_tenant(tenants_.size(), 0);
    agents_.for_each([&](AgentId a, const model::Agent& agent) {
        if (std::string p = agent_problem(agent, a, conversations_); !p.empty()) {
            fail(agent.name + ": " + p);
        }
    });
    conversations_.for_each([&](ConversationId id, const model::Conversation& c) {
        Tenant& t = *tenants_[c.tenant];
        switch (c.state) {
            case model::ConversationState::kUnrouted:
                fail(std::string(c.name) + ": left unrouted after a step");
                return;
            case model::ConversationState::kOffered:
            case model::ConversationState::kAssigned:
                if (!agents_.contains(c.agent))
                    fail(std::string(c.name) + ": assigned to a gone agent");
                return;
            case model::ConversationState::kWaiting:
                break;
        }
        ++waiting_by_tenant[c.tenant];
        // Work-conserving: nobody waits while its pool has a ready agent it may go to.
        const std::vector<routing::AgentIndex> excluded = excluded_agents(c, t.directory);
        if (t.router.pool_for(c.queue, c.tier, c.ladder_step).best(excluded)) {
            fail(std::string(c.name) + ": waits while an eligible agent has free capacity");
        }
        (void)id;
    });
    for (const auto& t : tenants_) {
        for (std::uint16_t p = 0; p < t->router.pool_count(); ++p) {
            if (!t->router.pool(p).valid()) fail(t->spec->id + ": a pool heap is broken");
        }
        std::uint32_t listed = 0;
        for (model::QueueIndex q = 0; q < t->spec->queues.size(); ++q) {
            if (!t->router.waiting(q).valid()) fail(t->spec->id + ": a waiting list is broken");
            listed += t->router.waiting(q).size();
        }
        if (listed != waiting_by_tenant[t->index]) {
            fail(t->spec->id + ": waiting lists and waiting conversations disagree");
        }
        if (t->router.waiting_total() != listed) {
            fail(t->spec->id + ": the waiting total disagrees with the waiting lists");
        }
    }
    return problem;
}

}  // namespace switchboard::core
