// What a gateway thread hands to the engine: one core event plus what the core never sees.
#pragma once

#include <cstdint>
#include <string>

#include "engine/core/events.hpp"

namespace switchboard::runtime {

struct Submission {
    core::Event event;
    // The customer message's text, relayed to the conversation's agent (kCustomerMessage or the
    // kAssigned delivery it caused). Opaque to the core: texts never enter routing state.
    std::string payload;
    // The gateway's own token for this event, echoed in every output it causes (for matching
    // rejections and for latency measurement).
    std::uint64_t correlation = 0;
    // The submitter's own tag for where the event came from (the net server's connection id),
    // echoed in Notice::origin so a notice can go back to that connection. 0 = none.
    std::uint32_t origin = 0;
    // Steady-clock nanoseconds (steady_now_ns) of the submit call that took it, stamped by the
    // Engine once per call; the shard measures engine latency from it. 0 = not stamped.
    std::int64_t submitted_ns = 0;
};

enum class SubmitStatus : std::uint8_t {
    kAccepted,
    kFull,     // try_submit only: the ring to the tenant's shard is full; retry later
    kStopped,  // the engine is stopping or stopped: the event was not taken
    kInvalid,  // the event names no tenant (a Tick: only the engine makes those)
};

}  // namespace switchboard::runtime
