#include "engine/net/wire_reader.hpp"

#include <cstring>

namespace switchboard::net {
namespace {

bool continuation(unsigned char c) noexcept { return (c & 0xC0) == 0x80; }

}  // namespace

bool valid_utf8(std::string_view text) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const unsigned char* const end = p + text.size();
    while (p != end) {
        // Eight ASCII bytes at a time: the common case for ids and much text.
        if (end - p >= 8) {
            std::uint64_t word;
            std::memcpy(&word, p, sizeof word);
            if ((word & 0x8080808080808080ull) == 0) {
                p += 8;
                continue;
            }
        }
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80;  // the allowed range of the second byte
        unsigned char high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0) low = 0xA0;   // no overlong 3-byte forms
            if (c == 0xED) high = 0x9F;  // no surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0) low = 0x90;   // no overlong 4-byte forms
            if (c == 0xF4) high = 0x8F;  // nothing above U+10FFFF
        } else {
            return false;  // a continuation byte first, an overlong 2-byte form, or 0xF5..0xFF
        }
        if (static_cast<std::size_t>(end - p) < length) return false;
        if (p[1] < low || p[1] > high) return false;
        for (std::size_t k = 2; k < length; ++k) {
            if (!continuation(p[k])) return false;
        }
        p += length;
    }
    return true;
}

}  // namespace switchboard::net
