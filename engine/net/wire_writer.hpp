// Hand-written protobuf wire output for the hot frames (hot_frames.hpp): the same bytes the
// generated serializer writes for proto3 messages (fields in field-number order, scalars that are
// 0 and strings that are empty left out, repeated strings always written), with no message object.
// A message is written by one function template over a Sink, run twice: with WireSize to learn
// the length, then with WireOut into exactly that many bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "engine/base/assert.hpp"
#include "engine/net/framing.hpp"

namespace switchboard::net::wire {

// One-byte tag of a field numbered below 16.
constexpr std::uint8_t tag(std::uint8_t field, std::uint8_t wire_type) noexcept {
    return static_cast<std::uint8_t>(field << 3 | wire_type);
}
inline constexpr std::uint8_t kVarint = 0;
inline constexpr std::uint8_t kBytes = 2;

class WireSize {
  public:
    void varint(std::uint8_t, std::uint64_t value) noexcept {
        if (value != 0) bytes_ += 1 + varint_size(value);
    }
    void string(std::uint8_t t, std::string_view value) noexcept {
        if (!value.empty()) element(t, value);
    }
    void element(std::uint8_t, std::string_view value) noexcept {
        bytes_ += 1 + varint_size(value.size()) + value.size();
    }
    // A sub-message of `size` bytes, written even when empty (a set oneof member).
    void message(std::uint8_t, std::size_t size) noexcept {
        bytes_ += 1 + varint_size(size) + size;
    }
    std::size_t bytes() const noexcept { return bytes_; }

  private:
    std::size_t bytes_ = 0;
};

class WireOut {
  public:
    explicit WireOut(std::byte* at) noexcept : at_(at) {}

    void varint(std::uint8_t t, std::uint64_t value) noexcept {
        if (value == 0) return;
        byte(t);
        raw_varint(value);
    }
    void string(std::uint8_t t, std::string_view value) noexcept {
        if (!value.empty()) element(t, value);
    }
    // One element of a repeated string: written even when empty.
    void element(std::uint8_t t, std::string_view value) noexcept {
        byte(t);
        raw_varint(value.size());
        if (!value.empty()) std::memcpy(at_, value.data(), value.size());
        at_ += value.size();
    }
    // The tag and length of a sub-message whose `size` bytes the caller writes next.
    void message(std::uint8_t t, std::size_t size) noexcept {
        byte(t);
        raw_varint(size);
    }
    std::byte* at() const noexcept { return at_; }

  private:
    void byte(std::uint8_t b) noexcept { *at_++ = static_cast<std::byte>(b); }
    void raw_varint(std::uint64_t value) noexcept {
        while (value >= 0x80) {
            byte(static_cast<std::uint8_t>(value | 0x80));
            value >>= 7;
        }
        byte(static_cast<std::uint8_t>(value));
    }

    std::byte* at_;
};

// ClientFrame.correlation (field 1, varint).
inline constexpr std::uint8_t kClientCorrelation = tag(1, kVarint);

namespace detail {

// One frame: a correlation at field 1 unless 0, then the body message under `body_tag`, whose
// fields `fields(sink)` gives (run twice: sizing, then writing).
template <typename Fields>
void write_frame(FrameWriter& out, std::uint64_t correlation, std::uint8_t body_tag,
                 const Fields& fields) {
    WireSize body;
    fields(body);
    WireSize frame;
    frame.varint(kClientCorrelation, correlation);
    frame.message(body_tag, body.bytes());
    const std::span<std::byte> area = out.append_frame(frame.bytes());
    WireOut w(area.data());
    w.varint(kClientCorrelation, correlation);
    w.message(body_tag, body.bytes());
    fields(w);
    SB_ASSERT(w.at() == area.data() + area.size());
}

}  // namespace detail

// Appends a ClientFrame: its correlation (0 = none), then the body message under `body_tag`.
template <typename Fields>
void write_client_frame(FrameWriter& out, std::uint64_t correlation, std::uint8_t body_tag,
                        const Fields& fields) {
    detail::write_frame(out, correlation, body_tag, fields);
}

// Appends a ServerFrame: the body message under `body_tag`, its only field.
template <typename Fields>
void write_server_frame(FrameWriter& out, std::uint8_t body_tag, const Fields& fields) {
    detail::write_frame(out, 0, body_tag, fields);
}

}  // namespace switchboard::net::wire
