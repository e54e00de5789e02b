#include "engine/model/skill_set.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace switchboard::model {
namespace {

SkillSet skills(std::initializer_list<int> bits) {
    SkillSet s;
    for (const int b : bits) s.set(b);
    return s;
}

TEST(SkillSet, AgentWithMoreSkillsContainsTheQueueSkills) {
    EXPECT_TRUE(skills({1, 2, 5}).contains_all(skills({2, 5})));
    EXPECT_FALSE(skills({1, 2}).contains_all(skills({2, 5})));
    EXPECT_TRUE(skills({7}).contains_all(SkillSet{}));
}

TEST(SkillSet, HighestSkillIndexWorks) {
    const SkillSet s = skills({63});
    EXPECT_TRUE(s.test(63));
    EXPECT_EQ(s.count(), 1);
}

TEST(SkillSet, ForEachVisitsSetBitsInOrder) {
    std::vector<int> seen;
    skills({9, 0, 33}).for_each([&](int b) { seen.push_back(b); });
    EXPECT_EQ(seen, (std::vector<int>{0, 9, 33}));
}

TEST(GroupSet, IntersectsWhenAnyGroupIsShared) {
    GroupSet a;
    a.set(3);
    GroupSet b;
    b.set(3);
    b.set(4);
    GroupSet c;
    c.set(5);
    EXPECT_TRUE(a.intersects(b));
    EXPECT_FALSE(a.intersects(c));
}

}  // namespace
}  // namespace switchboard::model
