#include "engine/runtime/output.hpp"

namespace switchboard::runtime {

std::string_view to_string(DeliveryKind kind) noexcept {
    switch (kind) {
        case DeliveryKind::kAssigned:
            return "assigned";
        case DeliveryKind::kOffered:
            return "offered";
        case DeliveryKind::kUnassigned:
            return "unassigned";
        case DeliveryKind::kReplyWarning:
            return "reply_warning";
        case DeliveryKind::kCustomerMessage:
            return "customer_message";
        case DeliveryKind::kAutoAway:
            return "auto_away";
        case DeliveryKind::kRestored:
            return "restored";
    }
    return "unknown";
}

std::string_view to_string(NoticeKind kind) noexcept {
    switch (kind) {
        case NoticeKind::kQueued:
            return "queued";
        case NoticeKind::kClosed:
            return "closed";
        case NoticeKind::kRejected:
            return "rejected";
        case NoticeKind::kEscalated:
            return "escalated";
        case NoticeKind::kAutoReply:
            return "auto_reply";
        case NoticeKind::kAgentAutoAway:
            return "agent_auto_away";
        case NoticeKind::kAgentRestored:
            return "agent_restored";
        case NoticeKind::kOverflowed:
            return "overflowed";
        case NoticeKind::kOutboxOverflow:
            return "outbox_overflow";
    }
    return "unknown";
}

}  // namespace switchboard::runtime
