// tenant_state_json: a tenant's queues and agents as JSON, every list bounded.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "engine/admin/shard_views.hpp"

namespace switchboard::admin {
namespace {

using nlohmann::json;

std::optional<model::TenantIndex> tenant_index(const core::Shard& shard, std::string_view id) {
    const auto& tenants = shard.snapshot().tenants;
    for (std::size_t i = 0; i < tenants.size(); ++i) {
        if (tenants[i].id == id) return static_cast<model::TenantIndex>(i);
    }
    return std::nullopt;
}

std::int64_t ms_between(base::Time from, base::Time to) {
    return std::max<std::int64_t>(0, base::to_ms(to - from));
}

// A waiting conversation with its place in serving order: higher tier (lower index) first, then
// the smaller order key (see routing::WaitingQueue).
struct Waiting {
    model::TierIndex tier;
    std::int64_t order_key;
    const model::Conversation* conversation;

    friend bool operator<(const Waiting& a, const Waiting& b) {
        return a.tier != b.tier ? a.tier < b.tier : a.order_key < b.order_key;
    }
};

json waiting_entry(const model::TenantSpec& spec, const model::Conversation& c, base::Time now) {
    return json{{"conversation", c.name},          {"customer", c.customer},
                {"tier", spec.tiers[c.tier].name}, {"wait_ms", ms_between(c.enqueued_at, now)},
                {"ladder_step", c.ladder_step},    {"missed_reply_hops", c.missed_hops}};
}

json queue_json(const model::TenantSpec& spec, model::QueueIndex q, std::vector<Waiting>& waiting,
                base::Time now, std::uint32_t limit) {
    const model::QueueSpec& queue = spec.queues[q];
    std::vector<std::uint32_t> per_tier(spec.tiers.size(), 0);
    std::int64_t oldest_ms = 0;
    for (const Waiting& w : waiting) {
        ++per_tier[w.tier];
        oldest_ms = std::max(oldest_ms, ms_between(w.conversation->enqueued_at, now));
    }
    json by_tier = json::object();
    for (std::size_t t = 0; t < spec.tiers.size(); ++t) by_tier[spec.tiers[t].name] = per_tier[t];
    const std::size_t shown = std::min<std::size_t>(waiting.size(), limit);
    std::partial_sort(waiting.begin(), waiting.begin() + static_cast<std::ptrdiff_t>(shown),
                      waiting.end());
    json head = json::array();
    for (std::size_t i = 0; i < shown; ++i) {
        head.push_back(waiting_entry(spec, *waiting[i].conversation, now));
    }
    json out{{"name", queue.name},
             {"strategy", model::to_string(queue.strategy)},
             {"waiting", waiting.size()},
             {"waiting_by_tier", std::move(by_tier)},
             {"oldest_wait_ms", oldest_ms},
             {"head", std::move(head)},
             {"head_truncated", shown < waiting.size()}};
    if (queue.sticky_window.count() > 0) out["sticky_window_ms"] = base::to_ms(queue.sticky_window);
    return out;
}

json skills_json(const model::TenantSpec& spec, const model::Agent& agent) {
    json out = json::object();
    agent.skills.for_each([&](int s) { out[spec.skills[s]] = agent.proficiency[s]; });
    return out;
}

json groups_json(const model::TenantSpec& spec, const model::Agent& agent) {
    json out = json::array();
    agent.groups.for_each([&](int g) { out.push_back(spec.groups[g]); });
    return out;
}

json agent_json(const core::Shard& shard, const model::TenantSpec& spec, const model::Agent& agent,
                std::uint32_t conversation_limit) {
    json held = json::array();
    for (const model::ConversationId c : agent.conversations) {
        if (held.size() == conversation_limit) break;
        held.push_back(shard.conversation_name(c));
    }
    return json{{"name", agent.name},
                {"state", to_string(agent.status)},
                {"load", agent.load},
                {"capacity", agent.capacity},
                {"skills", skills_json(spec, agent)},
                {"groups", groups_json(spec, agent)},
                {"conversations", std::move(held)},
                {"conversations_truncated", agent.conversations.size() > conversation_limit},
                {"assignments", agent.assignments},
                {"replies", agent.replies},
                {"missed_replies", agent.misses_total},
                {"canned_replies", agent.canned_replies},
                {"idle_ms", ms_between(agent.idle_since, shard.now())}};
}

json agents_json(const core::Shard& shard, const model::TenantSpec& spec, model::TenantIndex tenant,
                 const StateLimits& limits, std::size_t* total) {
    std::vector<const model::Agent*> agents;
    shard.for_each_agent([&](model::AgentId, const model::Agent& a) {
        if (a.tenant == tenant) agents.push_back(&a);
    });
    *total = agents.size();
    const std::size_t shown = std::min<std::size_t>(agents.size(), limits.agents);
    const auto by_name = [](const model::Agent* a, const model::Agent* b) {
        return a->name < b->name;
    };
    std::partial_sort(agents.begin(), agents.begin() + static_cast<std::ptrdiff_t>(shown),
                      agents.end(), by_name);
    json out = json::array();
    for (std::size_t i = 0; i < shown; ++i) {
        out.push_back(agent_json(shard, spec, *agents[i], limits.conversations_per_agent));
    }
    return out;
}

}  // namespace

base::Result<nlohmann::json> tenant_state_json(const core::Shard& shard, std::string_view tenant,
                                               const StateLimits& limits) {
    const std::optional<model::TenantIndex> index = tenant_index(shard, tenant);
    if (!index) {
        return base::Error{base::ErrorCode::kNotFound,
                           "unknown tenant '" + std::string(tenant) + "'"};
    }
    const model::TenantSpec& spec = shard.snapshot().tenants[*index];
    // One pass over the shard's conversations: the waiting lists hold slot indexes, not handles,
    // so the records are reached through the table. Assigned ones are counted for "open".
    std::vector<std::vector<Waiting>> waiting(spec.queues.size());
    std::uint32_t open = 0;
    shard.for_each_conversation([&](model::ConversationId, const model::Conversation& c) {
        if (c.tenant != *index) return;
        ++open;
        if (c.state == model::ConversationState::kWaiting) {
            waiting[c.queue].push_back(Waiting{c.tier, c.order_key, &c});
        }
    });
    json queues = json::array();
    std::size_t waiting_total = 0;
    for (model::QueueIndex q = 0; q < spec.queues.size(); ++q) {
        waiting_total += waiting[q].size();
        queues.push_back(queue_json(spec, q, waiting[q], shard.now(), limits.waiting_per_queue));
    }
    std::size_t agents_total = 0;
    json agents = agents_json(shard, spec, *index, limits, &agents_total);
    const bool agents_truncated = agents.size() < agents_total;
    return json{{"tenant", spec.id},
                {"as_of_ms", base::to_ms(shard.now())},
                {"config_version", shard.snapshot().version},
                {"open_conversations", open},
                {"waiting", waiting_total},
                {"queues", std::move(queues)},
                {"agents_total", agents_total},
                {"agents", std::move(agents)},
                {"agents_truncated", agents_truncated}};
}

}  // namespace switchboard::admin
