// ReferenceModel: the routing rules (who gets a conversation, who a freed agent takes, where a
// conversation waits), by linear scans over the model's vectors.
#include <algorithm>

#include "tests/core/reference_model.hpp"

namespace switchboard::testing {

bool ReferenceModel::admits(const Pool& pool, const Agent& agent) const {
    return agent.skills.contains_all(spec_.queues[pool.queue].skills) &&
           (pool.everyone || agent.groups.intersects(pool.groups));
}

const ReferenceModel::Pool& ReferenceModel::pool_for(const Conversation& conv) const {
    const model::LadderStep& step = spec_.tiers[conv.tier].ladder.front();
    const model::GroupSet groups = step.everyone ? model::GroupSet{} : step.groups;
    for (const Pool& p : pools_) {
        if (p.queue == conv.queue && p.everyone == step.everyone && p.groups == groups) return p;
    }
    return pools_.front();  // unreachable: the constructor made a pool for every step
}

void ReferenceModel::join_pools(const Agent& agent) {
    for (Pool& p : pools_) {
        if (!admits(p, agent)) continue;
        if (p.free.empty()) {
            p.members.push_back(agent.name);
        } else {
            p.members[p.free.back()] = agent.name;
            p.free.pop_back();
        }
    }
}

void ReferenceModel::leave_pools(const std::string& agent) {
    for (Pool& p : pools_) {
        const auto it = std::find(p.members.begin(), p.members.end(), agent);
        if (it == p.members.end()) continue;
        it->clear();
        p.free.push_back(static_cast<std::size_t>(it - p.members.begin()));
    }
}

// True when the queue's strategy ranks `a` before `b` (they are different agents of `pool`).
bool ReferenceModel::prefers(const Agent& a, const Agent& b, const Pool& pool) const {
    const model::SkillSet needs = spec_.queues[pool.queue].skills;
    const auto weakest = [&](const Agent& x) {
        model::Proficiency level = model::kMaxProficiency;
        needs.for_each([&](int s) { level = std::min(level, x.level[static_cast<size_t>(s)]); });
        return level;
    };
    // load/capacity compared as exact fractions: a.load/a.cap < b.load/b.cap.
    const std::uint64_t a_ratio = std::uint64_t{a.load()} * b.capacity;
    const std::uint64_t b_ratio = std::uint64_t{b.load()} * a.capacity;
    switch (spec_.queues[pool.queue].strategy) {
        case model::Strategy::kMostProficient:
            if (weakest(a) != weakest(b)) return weakest(a) > weakest(b);
            [[fallthrough]];
        case model::Strategy::kLeastLoaded:
            if (a_ratio != b_ratio) return a_ratio < b_ratio;
            [[fallthrough]];
        case model::Strategy::kRoundRobin:
            if (a.last_assign_seq != b.last_assign_seq) {
                return a.last_assign_seq < b.last_assign_seq;
            }
            break;
        case model::Strategy::kLongestIdle:
            if (a.idle_since_ms != b.idle_since_ms) return a.idle_since_ms < b.idle_since_ms;
            break;
    }
    const auto member = [&](const Agent& x) {
        return std::find(pool.members.begin(), pool.members.end(), x.name) - pool.members.begin();
    };
    return member(a) < member(b);
}

bool ReferenceModel::excluded(const Conversation& conv, const Agent& agent) const {
    return conv.handed_over_by == agent.name ||
           std::find(conv.missed_by.begin(), conv.missed_by.end(), agent.name) !=
               conv.missed_by.end();
}

std::optional<std::string> ReferenceModel::best_agent(const Conversation& conv) const {
    const Pool& pool = pool_for(conv);
    const Agent* best = nullptr;
    for (const Agent& a : agents_) {
        if (!a.ready() || !admits(pool, a) || excluded(conv, a)) continue;
        if (best == nullptr || prefers(a, *best, pool)) best = &a;
    }
    if (best == nullptr) return std::nullopt;
    return best->name;
}

std::optional<std::string> ReferenceModel::sticky_choice(const Conversation& conv) const {
    const auto it = std::find_if(sticky_.begin(), sticky_.end(),
                                 [&](const Sticky& s) { return s.customer == conv.customer; });
    if (it == sticky_.end()) return std::nullopt;
    if (now_ms_ - it->served_at_ms > spec_.queues[conv.queue].sticky_window.count()) {
        return std::nullopt;
    }
    for (const Agent& a : agents_) {
        if (a.name == it->agent && a.ready() && admits(pool_for(conv), a) && !excluded(conv, a)) {
            return a.name;
        }
    }
    return std::nullopt;
}

void ReferenceModel::remember(const std::string& customer, const std::string& agent) {
    const std::uint32_t limit = spec_.limits.max_sticky_customers;
    if (limit == 0 || customer.empty()) return;
    auto it = std::find_if(sticky_.begin(), sticky_.end(),
                           [&](const Sticky& s) { return s.customer == customer; });
    if (it == sticky_.end()) it = sticky_.insert(sticky_.end(), Sticky{customer, "", 0, 0});
    *it = Sticky{customer, agent, now_ms_, ++sticky_stamp_};
    while (sticky_.size() > limit) {  // forget the customer remembered longest ago
        sticky_.erase(
            std::min_element(sticky_.begin(), sticky_.end(),
                             [](const Sticky& x, const Sticky& y) { return x.stamp < y.stamp; }));
    }
}

void ReferenceModel::route(std::string name, std::string_view reason, bool at_head) {
    Conversation& conv = *find_conversation(name);
    std::optional<std::string> agent;
    if (spec_.queues[conv.queue].sticky_window.count() > 0 && reason == "new") {
        agent = sticky_choice(conv);
    }
    if (!agent) agent = best_agent(conv);
    if (agent) {
        assign(conv, *find_agent(*agent), reason);
    } else {
        enqueue(conv, at_head, /*new_arrival=*/reason == "new");
    }
}

void ReferenceModel::assign(Conversation& conv, Agent& agent, std::string_view reason) {
    conv.agent = agent.name;
    conv.handed_over_by.clear();
    agent.conversations.push_back(conv.name);
    agent.last_assign_seq = ++assign_seq_;
    agent.idle_since_ms = now_ms_;
    if (spec_.queues[conv.queue].sticky_window.count() > 0) remember(conv.customer, agent.name);
    out_.push_back("assign " + conv.name + " -> " + agent.name + " (" + std::string(reason) + ")");
}

// 1 + the conversations of its queue served before it: every higher tier, then those of its tier
// earlier in the list.
std::uint32_t ReferenceModel::position(const Conversation& conv) const {
    std::uint32_t ahead = 0;
    bool before = true;
    for (const std::string& name : waiting_) {
        if (name == conv.name) {
            before = false;
            continue;
        }
        const Conversation& other = *find_conversation(name);
        if (other.queue != conv.queue) continue;
        if (other.tier < conv.tier || (other.tier == conv.tier && before)) ++ahead;
    }
    return ahead + 1;
}

void ReferenceModel::enqueue(Conversation& conv, bool at_head, bool new_arrival) {
    const auto in_queue = std::count_if(waiting_.begin(), waiting_.end(), [&](const auto& n) {
        return find_conversation(n)->queue == conv.queue;
    });
    // The queue bound turns new arrivals away; whatever is put back or transferred keeps its place.
    if (new_arrival && static_cast<std::uint64_t>(in_queue) >= spec_.limits.max_queue_length) {
        const bool bot = spec_.tiers[conv.tier].overflow == model::OverflowAction::kBot;
        out_.push_back("overflow " + conv.name + (bot ? " bot" : " leave_message"));
        close(conv.name, "overflow");
        return;
    }
    const auto at = at_head ? waiting_.begin() + static_cast<std::ptrdiff_t>(put_back_count_++)
                            : waiting_.end();
    waiting_.insert(at, conv.name);
    out_.push_back("queue " + conv.name + " #" + std::to_string(position(conv)));
}

void ReferenceModel::release(Conversation& conv) {
    std::erase(find_agent(conv.agent)->conversations, conv.name);
    conv.agent.clear();
}

void ReferenceModel::close(std::string name, std::string_view reason) {
    Conversation& conv = *find_conversation(name);
    const std::string freed = conv.agent;
    if (freed.empty()) {
        std::erase(waiting_, name);
    } else {
        release(conv);
    }
    out_.push_back("close " + name + " (" + std::string(reason) + ")");
    std::erase_if(open_, [&](const Conversation& c) { return c.name == name; });
    closed_.push_back(name);
    if (!freed.empty()) drain(freed);
}

void ReferenceModel::drain(const std::string& name) {
    Agent& agent = *find_agent(name);
    while (agent.ready()) {
        const Conversation* pick = nullptr;
        for (const std::string& w : waiting_) {  // serving order: the first of the best tier
            const Conversation* c = find_conversation(w);
            if (!admits(pool_for(*c), agent) || excluded(*c, agent)) continue;
            if (pick == nullptr || c->tier < pick->tier) pick = c;
        }
        if (pick == nullptr) return;
        const std::string taken = pick->name;
        std::erase(waiting_, taken);
        assign(*find_conversation(taken), agent, "from_queue");
    }
}

void ReferenceModel::put_back(Agent& agent) {
    const std::string name = agent.name;
    const std::vector<std::string> held = agent.conversations;  // in the order they came
    for (const std::string& c : held) {
        out_.push_back("unassign " + c + " from " + name + " (logout)");
        find_conversation(c)->agent.clear();
    }
    leave_pools(name);
    std::erase_if(agents_, [&](const Agent& a) { return a.name == name; });
    put_back_count_ = 0;  // they go to the front, in that order, ahead of everyone waiting
    for (const std::string& c : held) route(c, "requeued", /*at_head=*/true);
}

}  // namespace switchboard::testing
