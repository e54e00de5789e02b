// Engine enums <-> wire enums. Every wire enum has UNSPECIFIED = 0 and then the engine's values
// in the engine's order, so wire = engine + 1; wire_enums.cpp checks each pair at compile time.
// Internal to the codec (it includes generated protobuf headers).
#pragma once

#include <cstdint>
#include <optional>

#include "engine/core/actions.hpp"
#include "engine/core/events.hpp"
#include "engine/runtime/output.hpp"

#include "switchboard/v1/client.pb.h"
#include "switchboard/v1/server.pb.h"

namespace switchboard::net::wire {

template <typename Wire, typename Engine>
constexpr Wire to_wire(Engine value) noexcept {
    return static_cast<Wire>(static_cast<int>(value) + 1);
}

// A reason-like wire enum back to the engine's byte: 0 when unset (the kind says which enum).
constexpr std::uint8_t reason_byte(int wire_value) noexcept {
    return static_cast<std::uint8_t>(wire_value > 0 ? wire_value - 1 : 0);
}

// nullopt for UNSPECIFIED and for numbers this build does not know (proto3 keeps them as ints).
template <typename Engine>
constexpr std::optional<Engine> from_wire(int value, int max_wire) noexcept {
    if (value < 1 || value > max_wire) return std::nullopt;
    return static_cast<Engine>(value - 1);
}

inline std::optional<core::Presence> presence(int v) {
    return from_wire<core::Presence>(v, v1::Presence_MAX);
}
inline std::optional<runtime::DeliveryKind> delivery_kind(int v) {
    return from_wire<runtime::DeliveryKind>(v, v1::DeliveryKind_MAX);
}
inline std::optional<runtime::NoticeKind> notice_kind(int v) {
    return from_wire<runtime::NoticeKind>(v, v1::NoticeKind_MAX);
}

}  // namespace switchboard::net::wire
