// Compile-time proof that the wire enums follow the engine's (wire = engine + 1). A new engine
// value fails the build here until server.proto / client.proto get it too.
#include "engine/net/wire_enums.hpp"

#include "engine/net/messages.hpp"

namespace switchboard::net::wire {

namespace {

template <typename Engine>
constexpr int plus_one(Engine e) {
    return static_cast<int>(e) + 1;
}

static_assert(v1::PRESENCE_AVAILABLE == plus_one(core::Presence::kAvailable));
static_assert(v1::Presence_MAX == plus_one(core::Presence::kAway));

using runtime::DeliveryKind;
static_assert(v1::DELIVERY_KIND_ASSIGNED == plus_one(DeliveryKind::kAssigned));
static_assert(v1::DELIVERY_KIND_OFFERED == plus_one(DeliveryKind::kOffered));
static_assert(v1::DELIVERY_KIND_UNASSIGNED == plus_one(DeliveryKind::kUnassigned));
static_assert(v1::DELIVERY_KIND_REPLY_WARNING == plus_one(DeliveryKind::kReplyWarning));
static_assert(v1::DELIVERY_KIND_CUSTOMER_MESSAGE == plus_one(DeliveryKind::kCustomerMessage));
static_assert(v1::DELIVERY_KIND_AUTO_AWAY == plus_one(DeliveryKind::kAutoAway));
static_assert(v1::DELIVERY_KIND_RESTORED == plus_one(DeliveryKind::kRestored));
static_assert(v1::DeliveryKind_MAX == plus_one(DeliveryKind::kRestored));

using runtime::NoticeKind;
static_assert(v1::NOTICE_KIND_QUEUED == plus_one(NoticeKind::kQueued));
static_assert(v1::NOTICE_KIND_CLOSED == plus_one(NoticeKind::kClosed));
static_assert(v1::NOTICE_KIND_REJECTED == plus_one(NoticeKind::kRejected));
static_assert(v1::NOTICE_KIND_ESCALATED == plus_one(NoticeKind::kEscalated));
static_assert(v1::NOTICE_KIND_AUTO_REPLY == plus_one(NoticeKind::kAutoReply));
static_assert(v1::NOTICE_KIND_AGENT_AUTO_AWAY == plus_one(NoticeKind::kAgentAutoAway));
static_assert(v1::NOTICE_KIND_AGENT_RESTORED == plus_one(NoticeKind::kAgentRestored));
static_assert(v1::NOTICE_KIND_OVERFLOWED == plus_one(NoticeKind::kOverflowed));
static_assert(v1::NOTICE_KIND_OUTBOX_OVERFLOW == plus_one(NoticeKind::kOutboxOverflow));
static_assert(v1::NoticeKind_MAX == plus_one(NoticeKind::kOutboxOverflow));

using core::AssignReason;
static_assert(v1::ASSIGN_REASON_NEW == plus_one(AssignReason::kNew));
static_assert(v1::ASSIGN_REASON_FROM_QUEUE == plus_one(AssignReason::kFromQueue));
static_assert(v1::ASSIGN_REASON_REQUEUED == plus_one(AssignReason::kRequeued));
static_assert(v1::ASSIGN_REASON_TRANSFER == plus_one(AssignReason::kTransfer));
static_assert(v1::ASSIGN_REASON_MISSED_REPLY == plus_one(AssignReason::kMissedReply));
static_assert(v1::ASSIGN_REASON_OFFER_EXPIRED == plus_one(AssignReason::kOfferExpired));
static_assert(v1::AssignReason_MAX == plus_one(AssignReason::kOfferExpired));

using core::UnassignReason;
static_assert(v1::UNASSIGN_REASON_LOGOUT == plus_one(UnassignReason::kLogout));
static_assert(v1::UNASSIGN_REASON_TRANSFER == plus_one(UnassignReason::kTransfer));
static_assert(v1::UNASSIGN_REASON_MISSED_REPLY == plus_one(UnassignReason::kMissedReply));
static_assert(v1::UNASSIGN_REASON_OFFER_TIMEOUT == plus_one(UnassignReason::kOfferTimeout));
static_assert(v1::UNASSIGN_REASON_AUTO_AWAY == plus_one(UnassignReason::kAutoAway));
static_assert(v1::UnassignReason_MAX == plus_one(UnassignReason::kAutoAway));

using core::CloseReason;
static_assert(v1::CLOSE_REASON_REQUESTED == plus_one(CloseReason::kRequested));
static_assert(v1::CLOSE_REASON_IDLE == plus_one(CloseReason::kIdle));
static_assert(v1::CLOSE_REASON_OVERFLOW == plus_one(CloseReason::kOverflow));
static_assert(v1::CloseReason_MAX == plus_one(CloseReason::kOverflow));

using core::RejectReason;
static_assert(v1::REJECT_REASON_UNKNOWN_TENANT == plus_one(RejectReason::kUnknownTenant));
static_assert(v1::REJECT_REASON_UNKNOWN_AGENT == plus_one(RejectReason::kUnknownAgent));
static_assert(v1::REJECT_REASON_AGENT_ALREADY_LOGGED_IN ==
              plus_one(RejectReason::kAgentAlreadyLoggedIn));
static_assert(v1::REJECT_REASON_UNKNOWN_CONVERSATION ==
              plus_one(RejectReason::kUnknownConversation));
static_assert(v1::REJECT_REASON_CONVERSATION_CLOSED == plus_one(RejectReason::kConversationClosed));
static_assert(v1::REJECT_REASON_NOT_ASSIGNED_TO_AGENT ==
              plus_one(RejectReason::kNotAssignedToAgent));
static_assert(v1::REJECT_REASON_NOT_OFFERED == plus_one(RejectReason::kNotOffered));
static_assert(v1::REJECT_REASON_UNKNOWN_SKILL == plus_one(RejectReason::kUnknownSkill));
static_assert(v1::REJECT_REASON_UNKNOWN_GROUP == plus_one(RejectReason::kUnknownGroup));
static_assert(v1::REJECT_REASON_UNKNOWN_TIER == plus_one(RejectReason::kUnknownTier));
static_assert(v1::REJECT_REASON_NO_QUEUE_FOR_SKILLS == plus_one(RejectReason::kNoQueueForSkills));
static_assert(v1::REJECT_REASON_INVALID_CAPACITY == plus_one(RejectReason::kInvalidCapacity));
static_assert(v1::REJECT_REASON_INVALID_PROFICIENCY == plus_one(RejectReason::kInvalidProficiency));
static_assert(v1::REJECT_REASON_INVALID_TRANSFER == plus_one(RejectReason::kInvalidTransfer));
static_assert(v1::REJECT_REASON_TARGET_UNAVAILABLE == plus_one(RejectReason::kTargetUnavailable));
static_assert(v1::REJECT_REASON_LIMIT_REACHED == plus_one(RejectReason::kLimitReached));
static_assert(v1::RejectReason_MAX == plus_one(RejectReason::kLimitReached));

using model::OverflowAction;
static_assert(v1::OVERFLOW_ACTION_NONE == plus_one(OverflowAction::kNone));
static_assert(v1::OVERFLOW_ACTION_LEAVE_MESSAGE == plus_one(OverflowAction::kLeaveMessage));
static_assert(v1::OVERFLOW_ACTION_BOT == plus_one(OverflowAction::kBot));
static_assert(v1::OverflowAction_MAX == plus_one(OverflowAction::kBot));

static_assert(v1::ERROR_CODE_MALFORMED_FRAME == static_cast<int>(WireError::kMalformedFrame));
static_assert(v1::ERROR_CODE_FRAME_TOO_LARGE == static_cast<int>(WireError::kFrameTooLarge));
static_assert(v1::ERROR_CODE_UNKNOWN_MESSAGE == static_cast<int>(WireError::kUnknownMessage));
static_assert(v1::ERROR_CODE_INVALID_FIELD == static_cast<int>(WireError::kInvalidField));
static_assert(v1::ERROR_CODE_UNAUTHENTICATED == static_cast<int>(WireError::kUnauthenticated));
static_assert(v1::ERROR_CODE_UNSUPPORTED_VERSION ==
              static_cast<int>(WireError::kUnsupportedVersion));
static_assert(v1::ERROR_CODE_FORBIDDEN_TENANT == static_cast<int>(WireError::kForbiddenTenant));
static_assert(v1::ERROR_CODE_UNKNOWN_AGENT == static_cast<int>(WireError::kUnknownAgent));
static_assert(v1::ERROR_CODE_INVALID_ACK == static_cast<int>(WireError::kInvalidAck));
static_assert(v1::ERROR_CODE_OVERLOADED == static_cast<int>(WireError::kOverloaded));
static_assert(v1::ERROR_CODE_SHUTTING_DOWN == static_cast<int>(WireError::kShuttingDown));
static_assert(v1::ERROR_CODE_INTERNAL == static_cast<int>(WireError::kInternal));
static_assert(v1::ErrorCode_MAX == static_cast<int>(WireError::kInternal));

}  // namespace

}  // namespace switchboard::net::wire
