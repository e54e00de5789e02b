// Helpers shared by the net tests: byte views of strings, raw protobuf frames, and reading every
// frame a FrameWriter holds.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/message_lite.h>
#include <gtest/gtest.h>

#include "engine/net/framing.hpp"

namespace switchboard::net::testing {

// Two shops with one queue each, for the session and server tests' configs.
inline constexpr std::string_view kTwoShopsYaml = R"(
tenants:
  - id: shop7
    skills: [presales]
    sla_policies: [{name: basic}]
    tiers: [{name: normal, priority: 1, sla: basic}]
    queues: [{name: presales, skills: [presales]}]
  - id: shop8
    skills: [presales]
    sla_policies: [{name: basic}]
    tiers: [{name: normal, priority: 1, sla: basic}]
    queues: [{name: presales, skills: [presales]}]
)";

inline std::span<const std::byte> bytes_of(std::string_view text) {
    return std::as_bytes(std::span<const char>(text.data(), text.size()));
}

inline std::string text_of(std::span<const std::byte> bytes) {
    return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

inline std::string serialized(const google::protobuf::MessageLite& message) {
    std::string out;
    EXPECT_TRUE(message.SerializeToString(&out));
    return out;
}

// Every frame body in `writer`, in order; fails the test on a framing error or leftover bytes.
inline std::vector<std::string> frames_in(const FrameWriter& writer, std::size_t max_frame) {
    FrameReader reader(max_frame);
    reader.append(writer.pending());
    std::vector<std::string> frames;
    for (;;) {
        auto next = reader.next();
        if (!next.ok()) {
            ADD_FAILURE() << next.error().message;
            break;
        }
        if (!next->has_value()) break;
        frames.push_back(text_of(**next));
    }
    EXPECT_EQ(reader.buffered(), 0u);
    return frames;
}

}  // namespace switchboard::net::testing
