// Reading the protobuf wire format by hand, for the wire-level fast paths (hot_frames.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

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

    // A string field seen at most once, holding valid UTF-8.
    bool string_once(std::string_view& out, bool& seen) noexcept {
        if (seen || !bytes(out)) return false;
        seen = true;
        return valid_utf8(out);
    }

  private:
    const char* at_;
    const char* end_;
};

}  // namespace wire
}  // namespace switchboard::net
