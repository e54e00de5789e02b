// The load generator's correlation tokens (proto/README.md: echoed in every output an event
// causes). One 64-bit token says which kind of event of ours caused an output and for which
// conversation slot (or agent), so whichever connection receives the output can account for it:
// outputs of one conversation arrive on the connection of the agent who holds it, not on the one
// that opened it. Bits: kind (4) | id (36) | extra (24).
#pragma once

#include <cstdint>

namespace switchboard::tools {

enum class Cause : std::uint8_t {
    kNone = 0,  // not ours: a timer, or another gateway
    kLogin,     // id = agent
    kOpen,      // id = conversation slot
    kFollowUp,  // id = slot, extra = follow-up number (1..)
    kReply,
    kAccept,
    kClose,
    kCleanup,  // the end-of-run close of whatever is still open
    kLogout,   // id = agent
    kSync,     // a Ping whose Pong says the server has read everything before it
};

struct Correlation {
    Cause cause = Cause::kNone;
    std::uint64_t id = 0;
    std::uint32_t extra = 0;
};

inline constexpr std::uint64_t kMaxCorrelationId = (std::uint64_t{1} << 36) - 1;

// Precondition: id <= kMaxCorrelationId, extra < 2^24.
constexpr std::uint64_t encode(Correlation c) noexcept {
    return (std::uint64_t{static_cast<std::uint8_t>(c.cause)} << 60) | (c.id << 24) |
           (c.extra & 0xFF'FFFFu);
}

constexpr Correlation decode(std::uint64_t token) noexcept {
    const auto cause = static_cast<std::uint8_t>(token >> 60);
    if (cause > static_cast<std::uint8_t>(Cause::kSync)) return Correlation{};
    return Correlation{static_cast<Cause>(cause), (token >> 24) & kMaxCorrelationId,
                       static_cast<std::uint32_t>(token & 0xFF'FFFFu)};
}

}  // namespace switchboard::tools
