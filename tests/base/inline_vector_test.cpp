#include "engine/base/inline_vector.hpp"

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace switchboard::base {
namespace {

using Small = InlineVector<std::uint32_t, 4>;

std::vector<std::uint32_t> contents(const Small& v) { return {v.begin(), v.end()}; }

TEST(InlineVector, StaysInlineUpToItsInlineCapacity) {
    Small v;
    for (std::uint32_t i = 0; i < 4; ++i) v.push_back(i);
    EXPECT_FALSE(v.on_heap());
    EXPECT_EQ(contents(v), (std::vector<std::uint32_t>{0, 1, 2, 3}));
}

TEST(InlineVector, SpillsToTheHeapKeepingOrder) {
    Small v;
    for (std::uint32_t i = 0; i < 9; ++i) v.push_back(i * 10);
    EXPECT_TRUE(v.on_heap());
    EXPECT_EQ(v.size(), 9u);
    EXPECT_GE(v.capacity(), 9u);
    EXPECT_EQ(contents(v), (std::vector<std::uint32_t>{0, 10, 20, 30, 40, 50, 60, 70, 80}));
}

TEST(InlineVector, PopBackAndClearKeepTheBlock) {
    Small v{1, 2, 3, 4, 5};
    v.pop_back();
    EXPECT_EQ(v.back(), 4u);
    v.clear();
    EXPECT_TRUE(v.empty());
    EXPECT_TRUE(v.on_heap());
    v.push_back(7);
    EXPECT_EQ(contents(v), (std::vector<std::uint32_t>{7}));
}

TEST(InlineVector, CopiesAreIndependent) {
    Small inline_one{1, 2};
    Small spilled{1, 2, 3, 4, 5, 6};
    Small a = inline_one;
    Small b = spilled;
    a[0] = 9;
    b[5] = 9;
    EXPECT_EQ(contents(inline_one), (std::vector<std::uint32_t>{1, 2}));
    EXPECT_EQ(contents(spilled), (std::vector<std::uint32_t>{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(a[0], 9u);
    EXPECT_EQ(b[5], 9u);
    b = inline_one;
    EXPECT_EQ(b, inline_one);
}

TEST(InlineVector, MovesLeaveTheSourceEmpty) {
    Small inline_one{1, 2};
    Small spilled{1, 2, 3, 4, 5, 6};
    Small a = std::move(inline_one);
    Small b;
    b = std::move(spilled);
    EXPECT_EQ(contents(a), (std::vector<std::uint32_t>{1, 2}));
    EXPECT_EQ(contents(b), (std::vector<std::uint32_t>{1, 2, 3, 4, 5, 6}));
    EXPECT_TRUE(inline_one.empty());  // NOLINT(bugprone-use-after-move): moved-from is specified
    EXPECT_TRUE(spilled.empty());     // NOLINT(bugprone-use-after-move)
}

// The shard's use: push on assignment, swap-with-last and pop on release.
TEST(InlineVector, MatchesStdVectorUnderRandomSwapRemoval) {
    std::mt19937 rng(11);
    Small v;
    std::vector<std::uint32_t> model;
    for (int step = 0; step < 20'000; ++step) {
        if (model.empty() || rng() % 3 != 0) {
            const std::uint32_t x = rng();
            v.push_back(x);
            model.push_back(x);
        } else {
            const std::uint32_t i = rng() % model.size();
            v[i] = v.back();
            v.pop_back();
            model[i] = model.back();
            model.pop_back();
        }
        ASSERT_EQ(v.size(), model.size()) << "step " << step;
    }
    EXPECT_EQ(contents(v), model);
}

}  // namespace
}  // namespace switchboard::base
