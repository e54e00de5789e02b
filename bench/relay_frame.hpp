// The customer message that server_bench relays and the size of the frame that carries it to the
// gateway, so that nats_relay_bench can relay a payload of exactly that size: the two relay
// figures compare like for like. The size comes from our own codec (ServerEncoder), not a guess.
#pragma once

#include <cstddef>
#include <string_view>

namespace switchboard::bench {

// A typical follow-up chat message, ~100 bytes (chat lines are short; a relayed frame is
// dominated by its ids and this text).
inline constexpr std::string_view kRelayText =
    "Hi, it's me again - the parcel still shows 'in transit' since Monday. Can you check order "
    "#48213?";

// Bytes on the wire, length prefix included, of one relayed customer message as server_bench
// receives it: tenant "shop", agent "agent123", conversation "c1234567", sequence and
// correlation numbers of the size a long run reaches.
std::size_t relay_frame_bytes();

}  // namespace switchboard::bench
