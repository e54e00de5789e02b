// Reading the protobuf wire format by hand, for the wire-level fast paths (hot_frames.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>

#include "engine/net/wire_writer.hpp"  // tag(), kBytes, kVarint: the tags both sides use

namespace switchboard::net {

// Whether `text` is valid UTF-8 (RFC 3629: no overlong forms, surrogates or code points above
// U+10FFFF), as protobuf requires of a proto3 string field.
bool valid_utf8(std::string_view text) noexcept;

namespace wire {

// A forward reader over one message's bytes. Every read fails (false) rather than reading past
// the end; the caller then gives the frame to the generated parser.
class WireReader {
  public:
    explicit WireReader(std::string_view bytes) : at_(bytes.data()), end_(at_ + bytes.size()) {}

    bool done() const noexcept { return at_ == end_; }

    bool tag_byte(std::uint8_t& out) noexcept {
        if (at_ == end_) return false;
        out = static_cast<std::uint8_t>(*at_++);
        return (out & 0x80) == 0;  // a longer tag is none of ours
    }

    // A 64-bit varint of at most 10 bytes, the tenth 0 or 1 (protobuf takes no more; longer
    // forms of a smaller value are taken, as protobuf takes them).
    bool varint(std::uint64_t& out) noexcept {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at_ == end_) return false;
            const auto byte = static_cast<std::uint8_t>(*at_++);
            if (shift == 63 && byte > 1) return false;
            value |= std::uint64_t{byte & 0x7fu} << shift;
            if ((byte & 0x80) == 0) {
                out = value;
                return true;
            }
        }
        return false;
    }

    // A length-delimited field. Its length is read as protobuf reads one (ReadSize): at most
    // five bytes and below 2^31, so a longer form of even a small length is refused.
    bool bytes(std::string_view& out) noexcept {
        std::uint64_t size = 0;
        if (!length(size) || size > static_cast<std::uint64_t>(end_ - at_)) return false;
        out = std::string_view(at_, static_cast<std::size_t>(size));
        at_ += size;
        return true;
    }

  private:
    bool length(std::uint64_t& out) noexcept {
        std::uint64_t value = 0;
        for (int shift = 0; shift <= 28; shift += 7) {
            if (at_ == end_) return false;
            const auto byte = static_cast<std::uint8_t>(*at_++);
            if (shift == 28 && byte >= 8) return false;  // 2 GiB or more, or a sixth byte
            value |= std::uint64_t{byte & 0x7fu} << shift;
            if ((byte & 0x80) == 0) {
                out = value;
                return true;
            }
        }
        return false;
    }

    const char* at_;
    const char* end_;
};

// The fields 1..N (N < 16) of a message without sub-messages, each at most once: a string where
// `strings_mask` has the field's bit, a varint elsewhere. Values land at their field number. One
// string field may be repeated: set `repeated_field` and `repeated` (where its elements go, in
// order, `repeated_count` of them) before read(); more elements than fit make read() fail.
template <std::size_t N>
struct FlatMessage {
    static_assert(N < 16, "one-byte tags");

    std::array<std::string_view, N + 1> strings{};
    std::array<std::uint64_t, N + 1> varints{};
    unsigned repeated_field = 0;  // 0: none
    std::span<std::string_view> repeated;
    std::size_t repeated_count = 0;

    bool read(std::string_view body, std::uint32_t strings_mask) noexcept {
        WireReader in(body);
        std::uint32_t seen = 0;
        while (!in.done()) {
            std::uint8_t t = 0;
            if (!in.tag_byte(t)) return false;
            const unsigned field = t >> 3;
            const bool is_repeated = field == repeated_field;  // field 0 is refused below
            if (field < 1 || field > N || (!is_repeated && (seen >> field & 1) != 0)) return false;
            seen |= 1u << field;
            const bool is_string = (strings_mask >> field & 1) != 0;
            if (t != tag(static_cast<std::uint8_t>(field), is_string ? kBytes : kVarint)) {
                return false;
            }
            if (is_repeated) {
                if (repeated_count == repeated.size()) return false;
                std::string_view& element = repeated[repeated_count++];
                if (!in.bytes(element) || !valid_utf8(element)) return false;
            } else if (is_string ? !in.bytes(strings[field]) || !valid_utf8(strings[field])
                                 : !in.varint(varints[field])) {
                return false;
            }
        }
        return true;
    }
    // An int32 (enum) field, as the generated parser would keep it; false when the value needs
    // more than 31 bits (negative values included: those are the generated parser's to judge).
    bool int32_field(std::size_t field, int& out) const noexcept {
        if (varints[field] > INT32_MAX) return false;
        out = static_cast<int>(varints[field]);
        return true;
    }
    bool uint32_field(std::size_t field, std::uint32_t& out) const noexcept {
        if (varints[field] > UINT32_MAX) return false;
        out = static_cast<std::uint32_t>(varints[field]);
        return true;
    }
    std::int64_t int64_field(std::size_t field) const noexcept {
        return static_cast<std::int64_t>(varints[field]);
    }
};

constexpr std::uint32_t fields_mask(std::initializer_list<unsigned> fields) {
    std::uint32_t mask = 0;
    for (const unsigned f : fields) mask |= 1u << f;
    return mask;
}

}  // namespace wire
}  // namespace switchboard::net
