// Actions out of the shard (DESIGN.md §1): what the gateway must deliver or the operator must
// know. They name agents and conversations by handle; Shard::agent_name / conversation_name turn
// them back into the gateway's ids (the runtime does so before anything leaves the shard thread).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "engine/base/time.hpp"
#include "engine/model/agent.hpp"
#include "engine/model/tenant_spec.hpp"

namespace switchboard::core {

using model::AgentId;
using model::ConversationId;

enum class AssignReason : unsigned char {
    kNew,           // first routing of a new conversation
    kFromQueue,     // waited, then an agent freed up or the ladder widened
    kRequeued,      // its agent logged out or was sent away; put back at the head and re-routed
    kTransfer,      // moved by a transfer
    kMissedReply,   // the previous agent missed the reply deadline
    kOfferExpired,  // the previous agent did not accept in time
};

enum class UnassignReason : unsigned char {
    kLogout,
    kTransfer,
    kMissedReply,
    kOfferTimeout,
    kAutoAway,
};

enum class CloseReason : unsigned char { kRequested, kIdle, kOverflow };

enum class RejectReason : unsigned char {
    kUnknownTenant,
    kUnknownAgent,
    kAgentAlreadyLoggedIn,
    kUnknownConversation,
    kConversationClosed,
    kNotAssignedToAgent,
    kNotOffered,
    kUnknownSkill,
    kUnknownGroup,
    kUnknownTier,
    kNoQueueForSkills,
    kInvalidCapacity,
    kInvalidProficiency,
    kInvalidTransfer,
    kTargetUnavailable,
    kLimitReached,
};

std::string_view to_string(AssignReason r) noexcept;
std::string_view to_string(UnassignReason r) noexcept;
std::string_view to_string(CloseReason r) noexcept;
std::string_view to_string(RejectReason r) noexcept;

struct Assigned {
    ConversationId conversation;
    AgentId agent;
    AssignReason reason = AssignReason::kNew;
};

// Offer/accept mode: the agent must accept before `expires_at`.
struct Offered {
    ConversationId conversation;
    AgentId agent;
    base::Time expires_at{};
};

struct Queued {
    ConversationId conversation;
    model::QueueIndex queue = 0;
    std::uint32_t position = 0;  // 1 = next to be served
};

struct Unassigned {
    ConversationId conversation;
    AgentId agent;
    UnassignReason reason = UnassignReason::kLogout;
};

struct Closed {
    ConversationId conversation;
    CloseReason reason = CloseReason::kRequested;
};

struct Rejected {
    std::string_view event;  // event_name() of the rejected event
    RejectReason reason = RejectReason::kUnknownTenant;
    std::string detail;  // what and which id, e.g. "agent 'bob' is not logged in"
};

struct ReplyWarning {
    ConversationId conversation;
    AgentId agent;
    base::Time deadline{};
};

struct SupervisorEscalation {
    ConversationId conversation;
    std::uint32_t missed_hops = 0;
};

struct AutoReply {
    ConversationId conversation;
    std::string_view template_id;  // key of TenantSpec::templates; valid while the snapshot is
    std::uint32_t position = 0;    // queue position, 0 when not queued
    base::Duration estimated_wait{0};
};

struct AgentAutoAway {
    AgentId agent;
    std::uint32_t recent_misses = 0;
};

struct AgentRestored {
    AgentId agent;
};

struct Overflowed {
    ConversationId conversation;
    model::OverflowAction action = model::OverflowAction::kLeaveMessage;
};

using Action =
    std::variant<Assigned, Offered, Queued, Unassigned, Closed, Rejected, ReplyWarning,
                 SupervisorEscalation, AutoReply, AgentAutoAway, AgentRestored, Overflowed>;

// Receives the shard's actions in order. The shard calls it synchronously from apply().
class ActionSink {
  public:
    virtual ~ActionSink() = default;
    virtual void on_action(const Action& action) = 0;
};

}  // namespace switchboard::core
