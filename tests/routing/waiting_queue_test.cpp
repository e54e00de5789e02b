#include "engine/routing/waiting_queue.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace switchboard::routing {
namespace {

std::vector<ConversationIndex> list(const WaitingQueue& q, std::uint8_t tier, std::uint8_t step) {
    std::vector<ConversationIndex> out;
    for (ConversationIndex c = q.head(tier, step); c != kNoConversation; c = q.next(c)) {
        out.push_back(c);
    }
    return out;
}

TEST(WaitingQueue, ArrivalsQueueInOrderPerTier) {
    WaitLinks links(10);
    WaitingQueue q({1, 1}, &links);
    q.push(0, 1, 0, 1);
    q.push(1, 0, 0, 2);
    q.push(2, 1, 0, 3);
    EXPECT_EQ(list(q, 1, 0), (std::vector<ConversationIndex>{0, 2}));
    EXPECT_EQ(list(q, 0, 0), (std::vector<ConversationIndex>{1}));
    EXPECT_EQ(q.size(), 3u);
    EXPECT_TRUE(q.valid());
}

TEST(WaitingQueue, SmallerKeyGoesAheadOfEveryArrival) {
    WaitLinks links(10);
    WaitingQueue q({1}, &links);
    q.push(0, 0, 0, 1);
    q.push(1, 0, 0, 2);
    q.push(2, 0, 0, -5);  // put back at the head
    EXPECT_EQ(list(q, 0, 0), (std::vector<ConversationIndex>{2, 0, 1}));
    EXPECT_TRUE(q.valid());
}

TEST(WaitingQueue, RemoveFromTheMiddleKeepsTheRest) {
    WaitLinks links(10);
    WaitingQueue q({1}, &links);
    for (ConversationIndex c = 0; c < 4; ++c) q.push(c, 0, 0, c + 1);
    q.remove(2, 0, 0);
    q.remove(0, 0, 0);
    EXPECT_EQ(list(q, 0, 0), (std::vector<ConversationIndex>{1, 3}));
    EXPECT_TRUE(q.valid());
}

TEST(WaitingQueue, PositionCountsHigherTiersFirst) {
    WaitLinks links(10);
    WaitingQueue q({1, 2}, &links);
    q.push(0, 0, 0, 5);  // vip
    q.push(1, 1, 1, 1);  // normal, already at step 1 (older)
    q.push(2, 1, 0, 2);
    q.push(3, 1, 0, 3);
    EXPECT_EQ(q.position(0, 0, 0, 100), 1u);
    EXPECT_EQ(q.position(1, 1, 1, 100), 2u);
    EXPECT_EQ(q.position(3, 1, 0, 100), 4u);
}

}  // namespace
}  // namespace switchboard::routing
