#include "engine/base/result.hpp"

#include <string>

#include <gtest/gtest.h>

namespace switchboard::base {
namespace {

Result<int> parse_positive(int v) {
    if (v <= 0) return Error{ErrorCode::kInvalidArgument, "must be > 0, got " + std::to_string(v)};
    return v;
}

TEST(Result, HoldsTheValueOnSuccess) {
    const Result<int> r = parse_positive(3);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, 3);
}

TEST(Result, HoldsTheErrorOnFailure) {
    const Result<int> r = parse_positive(-3);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message, "must be > 0, got -3");
}

TEST(Result, ErrorCodesHaveStableNames) {
    EXPECT_EQ(to_string(ErrorCode::kInvalidArgument), "invalid_argument");
    EXPECT_EQ(to_string(ErrorCode::kResourceExhausted), "resource_exhausted");
}

}  // namespace
}  // namespace switchboard::base
