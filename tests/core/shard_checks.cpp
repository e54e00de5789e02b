#include "tests/core/shard_checks.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <sstream>
#include <type_traits>

#include "engine/core/describe.hpp"

namespace switchboard::testing {
namespace {

using model::AgentId;
using model::ConversationId;
using model::ConversationState;

const model::TenantSpec& spec_of(const core::Shard& shard, model::TenantIndex tenant) {
    return shard.snapshot().tenants[tenant];
}

// Counts how often each conversation appears in the waiting lists, checking that each entry is
// in the list of its own queue, tier and ladder step.
std::map<ConversationId, int> walk_waiting_lists(const core::Shard& shard,
                                                 const std::function<void(std::string)>& fail) {
    std::map<std::uint32_t, ConversationId> by_slot;
    shard.for_each_conversation(
        [&](ConversationId id, const model::Conversation&) { by_slot[id.index] = id; });
    std::map<ConversationId, int> queued;
    const auto& tenants = shard.snapshot().tenants;
    for (model::TenantIndex t = 0; t < tenants.size(); ++t) {
        const routing::TenantRouter& router = *shard.router(tenants[t].id);
        for (model::QueueIndex q = 0; q < tenants[t].queues.size(); ++q) {
            const routing::WaitingQueue& list = router.waiting(q);
            for (std::uint8_t tier = 0; tier < list.tiers(); ++tier) {
                for (std::uint8_t step = 0; step < list.steps(tier); ++step) {
                    std::uint32_t guard = 0;
                    for (auto i = list.head(tier, step); i != routing::kNoConversation;
                         i = list.next(i)) {
                        if (++guard > shard.conversation_count()) {
                            fail("a waiting list loops or holds too many entries");
                            break;
                        }
                        const auto it = by_slot.find(i);
                        if (it == by_slot.end()) {
                            fail("a waiting list holds a closed conversation slot");
                            continue;
                        }
                        const model::Conversation& c = *shard.conversation(it->second);
                        if (c.tenant != t || c.queue != q || c.tier != tier ||
                            c.ladder_step != step || c.state != ConversationState::kWaiting) {
                            fail(std::string(c.name) + ": in a waiting list that is not its own");
                        }
                        ++queued[it->second];
                    }
                }
            }
        }
    }
    return queued;
}

}  // namespace

std::string placement_problem(const core::Shard& shard) {
    std::string problem;
    const std::function<void(std::string)> fail = [&](std::string what) {
        if (problem.empty()) problem = std::move(what);
    };
    std::map<ConversationId, int> held;
    shard.for_each_agent([&](AgentId a, const model::Agent& agent) {
        if (agent.load != agent.conversations.size()) fail(agent.name + ": load != held");
        for (const ConversationId c : agent.conversations) {
            const model::Conversation* conv = shard.conversation(c);
            if (conv == nullptr) {
                fail(agent.name + ": holds a closed conversation");
            } else if (conv->agent != a) {
                fail(agent.name + ": holds " + std::string(conv->name) +
                     ", which names another agent");
            }
            ++held[c];
        }
    });
    std::map<ConversationId, int> queued = walk_waiting_lists(shard, fail);
    shard.for_each_conversation([&](ConversationId id, const model::Conversation& c) {
        const int in_lists = queued[id];
        const int with_agents = held[id];
        switch (c.state) {
            case ConversationState::kUnrouted:
                fail(std::string(c.name) + ": neither assigned nor waiting");
                break;
            case ConversationState::kWaiting:
                if (in_lists != 1 || with_agents != 0) {
                    fail(std::string(c.name) + ": waiting, but in " + std::to_string(in_lists) +
                         " lists and with " + std::to_string(with_agents) + " agents");
                }
                break;
            case ConversationState::kOffered:
            case ConversationState::kAssigned:
                if (in_lists != 0 || with_agents != 1 || shard.agent(c.agent) == nullptr) {
                    fail(std::string(c.name) + ": assigned, but in " + std::to_string(in_lists) +
                         " lists and with " + std::to_string(with_agents) + " agents");
                }
                break;
        }
    });
    return problem;
}

bool may_take(const model::TenantSpec& spec, const model::Agent& agent,
              const model::Conversation& conv) {
    if (!agent.skills.contains_all(spec.queues[conv.queue].skills)) return false;
    const model::LadderStep& step = spec.tiers[conv.tier].ladder[conv.ladder_step];
    if (!step.everyone && !agent.groups.intersects(step.groups)) return false;
    const model::Exclusions* ex = conv.exclusions.get();
    if (ex == nullptr) return true;
    if (ex->handed_over_by == agent.name) return false;  // until someone else has taken it
    return std::find(ex->missed_by.begin(), ex->missed_by.end(), agent.name) == ex->missed_by.end();
}

std::string idle_agent_problem(const core::Shard& shard) {
    std::string problem;
    shard.for_each_conversation([&](ConversationId, const model::Conversation& c) {
        if (c.state != ConversationState::kWaiting || !problem.empty()) return;
        shard.for_each_agent([&](AgentId, const model::Agent& agent) {
            const bool free =
                agent.status == model::AgentStatus::kAvailable && agent.load < agent.capacity;
            if (!problem.empty() || agent.tenant != c.tenant || !free) return;
            if (may_take(spec_of(shard, c.tenant), agent, c)) {
                problem = std::string(c.name) + " waits while " + agent.name + " could take it";
            }
        });
    });
    return problem;
}

// --- CheckingSink ------------------------------------------------------------------------------

void CheckingSink::begin(const core::Event& event) {
    event_ = &event;
    seen_.clear();
    problems_.clear();
}

std::vector<std::string> CheckingSink::lines() const {
    std::vector<std::string> out;
    for (const SeenAction& s : seen_) out.push_back(s.line);
    return out;
}

bool CheckingSink::to_agent_transfer(AgentId a) const {
    const auto* t = event_ == nullptr ? nullptr : std::get_if<core::Transfer>(event_);
    return t != nullptr && !t->to_agent.empty() && t->to_agent == shard_.agent_name(a);
}

void CheckingSink::on_action(const core::Action& action) {
    SeenAction seen{
        action, core::describe(shard_, action), shard_.action_time(), std::nullopt, "", "", false};
    std::visit(
        [&](const auto& a) {
            if constexpr (requires { a.conversation; }) {
                if (const auto* c = shard_.conversation(a.conversation)) {
                    seen.conversation = *c;
                    seen.conversation_name = std::string(c->name);
                }
            }
            if constexpr (requires { a.agent; }) seen.agent_name = shard_.agent_name(a.agent);
        },
        action);
    if (const auto* a = std::get_if<core::Assigned>(&action)) {
        seen.accepted = offers_.erase({a->conversation, a->agent}) > 0;
        check_assignment(a->conversation, a->agent, a->reason, seen.accepted);
    } else if (const auto* o = std::get_if<core::Offered>(&action)) {
        const auto reason = static_cast<core::AssignReason>(
            seen.conversation ? seen.conversation->offer_reason : 0);
        check_assignment(o->conversation, o->agent, reason, false);
        offers_.insert({o->conversation, o->agent});
    } else if (const auto* u = std::get_if<core::Unassigned>(&action)) {
        offers_.erase({u->conversation, u->agent});
    }
    seen_.push_back(std::move(seen));
}

void CheckingSink::check_assignment(ConversationId c, AgentId a, core::AssignReason reason,
                                    bool accepted) {
    const model::Agent* agent = shard_.agent(a);
    const model::Conversation* conv = shard_.conversation(c);
    if (agent == nullptr || conv == nullptr || conv->agent != a) {
        problems_.push_back("an assignment names a missing agent or conversation");
        return;
    }
    if (accepted || (reason == core::AssignReason::kTransfer && to_agent_transfer(a))) return;
    const std::string what = std::string(conv->name) + " -> " + agent->name;
    if (agent->status != model::AgentStatus::kAvailable) {
        problems_.push_back(what + ": assigned to an agent who is away");
    }
    if (agent->load > agent->capacity) {
        problems_.push_back(what + ": assigned at or above capacity (load " +
                            std::to_string(agent->load - 1) + ", capacity " +
                            std::to_string(agent->capacity) + ")");
    }
    if (!may_take(spec_of(shard_, conv->tenant), *agent, *conv)) {
        problems_.push_back(what + ": the agent may not take it (skills, ladder or missed)");
    }
    if (reason == core::AssignReason::kFromQueue) check_queue_order(c, a);
}

void CheckingSink::check_queue_order(ConversationId c, AgentId a) {
    const model::Conversation& taken = *shard_.conversation(c);
    const model::Agent& agent = *shard_.agent(a);
    const model::TenantSpec& spec = spec_of(shard_, taken.tenant);
    shard_.for_each_conversation([&](ConversationId, const model::Conversation& other) {
        if (other.state != ConversationState::kWaiting || other.tenant != taken.tenant) return;
        if (!may_take(spec, agent, other)) return;
        if (other.tier < taken.tier) {
            problems_.push_back(agent.name + " took " + std::string(taken.name) + " (" +
                                spec.tiers[taken.tier].name + ") while " + std::string(other.name) +
                                " (" + spec.tiers[other.tier].name + ") waits");
        } else if (other.tier == taken.tier && other.order_key < taken.order_key) {
            problems_.push_back(agent.name + " took " + std::string(taken.name) +
                                " while the older " + std::string(other.name) +
                                " of the same tier waits");
        }
    });
}

}  // namespace switchboard::testing
