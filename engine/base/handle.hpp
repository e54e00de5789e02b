// Dense handles: a 32-bit slot index plus a 32-bit generation, one distinct type per kind of
// thing (Handle<AgentTag> cannot be passed where Handle<ConversationTag> is expected). String ids
// exist only at the edge; inside the engine everything is addressed by handle. A slot's
// generation changes every time the slot is freed, so a stale handle is detected, not misused.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <limits>

namespace switchboard::base {

template <typename Tag>
struct Handle {
    static constexpr std::uint32_t kNoIndex = std::numeric_limits<std::uint32_t>::max();

    std::uint32_t index = kNoIndex;
    std::uint32_t generation = 0;

    constexpr bool valid() const noexcept { return index != kNoIndex; }
    friend constexpr auto operator<=>(const Handle&, const Handle&) = default;
};

}  // namespace switchboard::base

template <typename Tag>
struct std::hash<switchboard::base::Handle<Tag>> {
    std::size_t operator()(const switchboard::base::Handle<Tag>& h) const noexcept {
        return std::hash<std::uint64_t>{}((std::uint64_t{h.generation} << 32) | h.index);
    }
};
