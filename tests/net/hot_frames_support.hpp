// Helpers of the hot-frame tests (hot_client_frames_test.cpp, hot_server_frames_test.cpp):
// random ids and texts with multi-byte UTF-8, length prefixes of chosen size, and the one frame a
// FrameWriter holds.
#pragma once

#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "engine/net/framing.hpp"

#include "tests/net/wire_test_support.hpp"

namespace switchboard::net::testing {

inline constexpr std::size_t kMaxFrame = 1 << 20;

// The body of the one frame `out` holds ("<not one frame>" otherwise).
inline std::string only_frame(const FrameWriter& out) {
    const std::vector<std::string> frames = frames_in(out, kMaxFrame);
    return frames.size() == 1 ? frames[0] : std::string("<not one frame>");
}

// A random id, sometimes with multi-byte UTF-8 (ids may hold any byte above space but DEL).
inline std::string random_id(std::mt19937_64& rng, bool may_be_empty) {
    static const std::vector<std::string> pieces{"a", "Z", "9", "-", "_", ":", ".", "é", "店", "😀"};
    const std::size_t length = rng() % 12 + (may_be_empty ? 0 : 1);
    std::string id;
    for (std::size_t i = 0; i < length; ++i) id += pieces[rng() % pieces.size()];
    return id;
}

inline std::string random_text(std::mt19937_64& rng) {
    static const std::vector<std::string> pieces{"hi", " ", "\n", "订单", "ü", "\t", "?", "🙂"};
    std::string text;
    for (std::size_t i = rng() % 20; i > 0; --i) text += pieces[rng() % pieces.size()];
    return text;
}

// A length prefix as bytes: `extra` more bytes than it needs (protobuf reads at most five).
inline std::string length_bytes(std::size_t n, int extra) {
    std::string out;
    while (n >= 0x80) {
        out += static_cast<char>((n & 0x7f) | 0x80);
        n >>= 7;
    }
    out += static_cast<char>(n);
    if (extra > 0) {
        out.back() = static_cast<char>(out.back() | 0x80);
        for (int k = 1; k < extra; ++k) out += '\x80';
        out += '\0';
    }
    return out;
}

}  // namespace switchboard::net::testing
