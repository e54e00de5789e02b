// What the engine hands back to the gateway side (DESIGN.md §5). The shard thread turns every
// core action into one of two kinds of output, with the gateway's string ids filled in:
//
//  - a Delivery, for one agent, in that agent's outbox (outbox.hpp): per-agent sequence number,
//    held until the gateway acknowledges it, redelivered after a reconnect;
//  - a Notice, for the gateway at large (the customer side, supervisors, the submitter of a
//    rejected event), in the shard's notice ring: in order, not per agent, not acknowledged.
//
// Plain data, moved through rings; the string members keep their capacity when a ring slot is
// reused, so steady-state traffic does not allocate for them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/base/time.hpp"

namespace switchboard::runtime {

enum class DeliveryKind : std::uint8_t {
    kAssigned,         // reason = core::AssignReason; payload = the message that opened it, if any
    kOffered,          // offer/accept mode; deadline = when the offer expires
    kUnassigned,       // reason = core::UnassignReason: the agent must stop working on it
    kReplyWarning,     // deadline = the reply deadline the agent is about to miss
    kCustomerMessage,  // a customer message to relay; payload = its text
    kAutoAway,         // the engine set the agent away after missed replies; number = misses
    kRestored,         // the agent is back from auto-away
};

struct Delivery {
    std::uint64_t seq = 0;  // per agent, from 1, gap-free
    DeliveryKind kind = DeliveryKind::kAssigned;
    std::uint8_t reason = 0;
    std::uint32_t number = 0;
    base::Time at{};                // engine time of the action
    base::Time deadline{};          // kOffered, kReplyWarning
    std::uint64_t correlation = 0;  // the gateway's token of the event that caused it
    std::string conversation;       // empty for kAutoAway / kRestored
    std::string payload;
};

enum class NoticeKind : std::uint8_t {
    kQueued,          // number = position (1 = next)
    kClosed,          // reason = core::CloseReason
    kRejected,        // reason = core::RejectReason; text = event name; detail = why
    kEscalated,       // supervisor escalation; number = missed hops
    kAutoReply,       // to the waiting customer; text = template id; number = position
    kAgentAutoAway,   // for the supervisor; number = recent misses
    kAgentRestored,   // for the supervisor
    kOverflowed,      // reason = model::OverflowAction
    kOutboxOverflow,  // the agent's outbox was full: `delivery` could not be queued for them
};

struct Notice {
    NoticeKind kind = NoticeKind::kQueued;
    std::uint8_t reason = 0;
    std::uint32_t number = 0;
    std::uint32_t gateway = 0;  // the gateway port that submitted the causing event
    std::uint32_t origin = 0;   // the causing Submission's origin (0: none, e.g. a timer)
    base::Time at{};
    base::Duration estimated_wait{0};  // kQueued, kAutoReply
    std::uint64_t correlation = 0;
    std::string tenant;
    std::string conversation;
    std::string agent;
    std::string text;
    std::string detail;
    Delivery delivery;  // kOutboxOverflow only: what the agent did not get
};

std::string_view to_string(DeliveryKind kind) noexcept;
std::string_view to_string(NoticeKind kind) noexcept;

}  // namespace switchboard::runtime
