#include "engine/core/actions.hpp"

#include "engine/core/events.hpp"
#include "engine/core/explain.hpp"

namespace switchboard::core {

std::string_view to_string(AssignReason r) noexcept {
    switch (r) {
        case AssignReason::kNew:
            return "new";
        case AssignReason::kFromQueue:
            return "from_queue";
        case AssignReason::kRequeued:
            return "requeued";
        case AssignReason::kTransfer:
            return "transfer";
        case AssignReason::kMissedReply:
            return "missed_reply";
        case AssignReason::kOfferExpired:
            return "offer_expired";
    }
    return "unknown";
}

std::string_view to_string(UnassignReason r) noexcept {
    switch (r) {
        case UnassignReason::kLogout:
            return "logout";
        case UnassignReason::kTransfer:
            return "transfer";
        case UnassignReason::kMissedReply:
            return "missed_reply";
        case UnassignReason::kOfferTimeout:
            return "offer_timeout";
        case UnassignReason::kAutoAway:
            return "auto_away";
    }
    return "unknown";
}

std::string_view to_string(CloseReason r) noexcept {
    switch (r) {
        case CloseReason::kRequested:
            return "requested";
        case CloseReason::kIdle:
            return "idle";
        case CloseReason::kOverflow:
            return "overflow";
    }
    return "unknown";
}

std::string_view to_string(RejectReason r) noexcept {
    switch (r) {
        case RejectReason::kUnknownTenant:
            return "unknown_tenant";
        case RejectReason::kUnknownAgent:
            return "unknown_agent";
        case RejectReason::kAgentAlreadyLoggedIn:
            return "agent_already_logged_in";
        case RejectReason::kUnknownConversation:
            return "unknown_conversation";
        case RejectReason::kConversationClosed:
            return "conversation_closed";
        case RejectReason::kNotAssignedToAgent:
            return "not_assigned_to_agent";
        case RejectReason::kNotOffered:
            return "not_offered";
        case RejectReason::kUnknownSkill:
            return "unknown_skill";
        case RejectReason::kUnknownGroup:
            return "unknown_group";
        case RejectReason::kUnknownTier:
            return "unknown_tier";
        case RejectReason::kNoQueueForSkills:
            return "no_queue_for_skills";
        case RejectReason::kInvalidCapacity:
            return "invalid_capacity";
        case RejectReason::kInvalidProficiency:
            return "invalid_proficiency";
        case RejectReason::kInvalidTransfer:
            return "invalid_transfer";
        case RejectReason::kTargetUnavailable:
            return "target_unavailable";
        case RejectReason::kLimitReached:
            return "limit_reached";
    }
    return "unknown";
}

std::string_view to_string(Verdict v) noexcept {
    switch (v) {
        case Verdict::kChosen:
            return "chosen";
        case Verdict::kCandidate:
            return "candidate";
        case Verdict::kFull:
            return "full";
        case Verdict::kAway:
            return "away";
        case Verdict::kAutoAway:
            return "auto_away";
        case Verdict::kLacksSkill:
            return "lacks_skill";
        case Verdict::kOutsideLadder:
            return "outside_ladder_step";
        case Verdict::kMissedBefore:
            return "missed_before";
    }
    return "unknown";
}

std::string_view event_name(const Event& event) noexcept {
    struct Namer {
        std::string_view operator()(const AgentLogin&) const { return "agent_login"; }
        std::string_view operator()(const AgentLogout&) const { return "agent_logout"; }
        std::string_view operator()(const AgentStatusChange&) const { return "agent_status"; }
        std::string_view operator()(const AgentCapacityChange&) const { return "agent_capacity"; }
        std::string_view operator()(const CustomerMessage&) const { return "customer_message"; }
        std::string_view operator()(const AgentReply&) const { return "agent_reply"; }
        std::string_view operator()(const AcceptOffer&) const { return "accept_offer"; }
        std::string_view operator()(const Transfer&) const { return "transfer"; }
        std::string_view operator()(const CloseConversation&) const { return "close"; }
        std::string_view operator()(const Tick&) const { return "tick"; }
    };
    return std::visit(Namer{}, event);
}

}  // namespace switchboard::core
