// Helpers shared by the config tests: YAML written inline as raw strings, and the error message of
// a file that must be rejected.
#pragma once

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "engine/base/result.hpp"
#include "engine/config/parse_config.hpp"

namespace switchboard::config::test {

inline constexpr std::string_view kSource = "t.yaml";

// Raw strings start with a newline after R"( so the YAML can be indented like a file; dropping it
// makes the first YAML line line 1, as error messages count.
inline std::string_view yaml(std::string_view text) {
    if (!text.empty() && text.front() == '\n') text.remove_prefix(1);
    return text;
}

inline base::Result<Snapshot> parse(std::string_view text) {
    return parse_config(yaml(text), kSource);
}

// The message of a config that must be rejected; "" (and a test failure) if it was accepted.
inline std::string error_of(std::string_view text) {
    auto result = parse(text);
    EXPECT_FALSE(result.ok()) << "config was accepted";
    if (result.ok()) return "";
    EXPECT_EQ(result.error().code, base::ErrorCode::kInvalidArgument);
    return result.error().message;
}

}  // namespace switchboard::config::test
