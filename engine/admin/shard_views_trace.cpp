// conversation_trace_json: core::Shard::explain with names instead of handles.
#include <string>

#include "engine/admin/shard_views.hpp"

namespace switchboard::admin {
namespace {

using nlohmann::json;

// A name, or null when the handle no longer resolves (the agent logged out since).
json agent_name_or_null(const core::Shard& shard, model::AgentId id) {
    const std::string_view name = shard.agent_name(id);
    return name.empty() ? json(nullptr) : json(name);
}

json decision_json(const core::Shard& shard, const model::DecisionTrace& trace) {
    // A conversation that has waited since it arrived has no decision yet.
    if (!trace.chosen.valid()) return nullptr;
    return json{{"decided_at_ms", base::to_ms(trace.decided_at)},
                {"chosen", agent_name_or_null(shard, trace.chosen)},
                {"strategy", model::to_string(trace.strategy)},
                {"sticky_hit", trace.sticky_hit},
                {"ladder_step", trace.ladder_step},
                {"ready_in_pool", trace.ready_in_pool},
                {"excluded", trace.excluded}};
}

json exclusions_json(const model::Conversation& c) {
    const model::Exclusions* ex = c.exclusions.get();
    json missed = json::array();
    json handed_over = nullptr;
    if (ex != nullptr) {
        for (const std::string& name : ex->missed_by) missed.push_back(name);
        if (!ex->handed_over_by.empty()) handed_over = ex->handed_over_by;
    }
    return json{{"missed_by", std::move(missed)}, {"handed_over_by", std::move(handed_over)}};
}

json candidates_json(const core::Shard& shard, const core::Explanation& e) {
    json out = json::array();
    for (const core::CandidateVerdict& v : e.candidates) {
        out.push_back(
            json{{"agent", shard.agent_name(v.agent)}, {"verdict", core::to_string(v.verdict)}});
    }
    return out;
}

json reply_clock_json(const model::Conversation& c) {
    // reply_due is meaningful only while a reply or offer timer runs for it.
    const bool deadline =
        c.reply_stage == model::ReplyStage::kWarn || c.reply_stage == model::ReplyStage::kDeadline;
    const bool offer = c.reply_stage == model::ReplyStage::kOffer;
    return json{{"awaiting_reply", c.awaiting_reply},
                {"first_reply_done", c.answered_once},
                {"reply_due_ms", deadline ? json(base::to_ms(c.reply_due)) : json(nullptr)},
                {"offer_expires_ms", offer ? json(base::to_ms(c.reply_due)) : json(nullptr)},
                {"escalated", c.escalated}};
}

}  // namespace

base::Result<nlohmann::json> conversation_trace_json(const core::Shard& shard,
                                                     std::string_view tenant,
                                                     std::string_view conversation,
                                                     std::uint32_t max_candidates) {
    if (shard.router(tenant) == nullptr) {
        return base::Error{base::ErrorCode::kNotFound,
                           "unknown tenant '" + std::string(tenant) + "'"};
    }
    const std::optional<model::ConversationId> id = shard.find_conversation(tenant, conversation);
    const std::optional<core::Explanation> e =
        id ? shard.explain(*id, max_candidates) : std::nullopt;
    if (!e) {
        return base::Error{base::ErrorCode::kNotFound,
                           "conversation '" + std::string(conversation) +
                               "' is not open at tenant '" + std::string(tenant) + "'"};
    }
    const model::Conversation& c = *shard.conversation(*id);
    const model::TenantSpec& spec = *shard.snapshot().find_tenant(tenant);
    const bool held = e->state == model::ConversationState::kAssigned ||
                      e->state == model::ConversationState::kOffered;
    return json{{"tenant", spec.id},
                {"conversation", c.name},
                {"customer", c.customer},
                {"as_of_ms", base::to_ms(shard.now())},
                {"state", to_string(e->state)},
                {"queue", spec.queues[e->queue].name},
                {"tier", spec.tiers[e->tier].name},
                {"agent", held ? agent_name_or_null(shard, c.agent) : json(nullptr)},
                {"ladder_step", c.ladder_step},
                {"opened_at_ms", base::to_ms(c.opened_at)},
                {"missed_reply_hops", c.missed_hops},
                {"reply", reply_clock_json(c)},
                {"exclusions", exclusions_json(c)},
                {"decision", decision_json(shard, e->trace)},
                {"candidates", candidates_json(shard, *e)},
                {"candidates_truncated", e->truncated}};
}

}  // namespace switchboard::admin
