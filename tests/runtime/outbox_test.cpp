#include "engine/runtime/outbox.hpp"

#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

namespace switchboard::runtime {
namespace {

// Reserves and publishes `n` deliveries; returns their seqs.
std::vector<std::uint64_t> put(Outbox& box, int n) {
    std::vector<std::uint64_t> seqs;
    for (int i = 0; i < n; ++i) {
        Delivery* d = box.reserve();
        if (d == nullptr) break;
        d->conversation = "c" + std::to_string(d->seq);
        seqs.push_back(d->seq);
    }
    box.publish();
    return seqs;
}

std::vector<std::uint64_t> take(Outbox& box) {
    std::vector<std::uint64_t> seqs;
    box.take_ready();
    box.drain([&](const Delivery& d) { seqs.push_back(d.seq); });
    return seqs;
}

TEST(Outbox, SequenceNumbersStartAtOneAndHaveNoGaps) {
    Outbox box("t", "alice", 8);
    EXPECT_EQ(put(box, 3), (std::vector<std::uint64_t>{1, 2, 3}));
    EXPECT_EQ(take(box), (std::vector<std::uint64_t>{1, 2, 3}));
    EXPECT_EQ(put(box, 2), (std::vector<std::uint64_t>{4, 5}));
}

TEST(Outbox, CapacityIsAtLeastOneChunk) {
    EXPECT_EQ(Outbox("t", "alice", 4).capacity(), 16u);
    EXPECT_EQ(Outbox("t", "alice", 100).capacity(), 128u);
}

TEST(Outbox, FullOutboxRefusesUntilAcknowledged) {
    Outbox box("t", "alice", 16);
    EXPECT_EQ(put(box, 20).size(), 16u);
    EXPECT_EQ(box.reserve(), nullptr);
    take(box);
    ASSERT_TRUE(box.ack(2));
    EXPECT_EQ(put(box, 6), (std::vector<std::uint64_t>{17, 18}));
}

TEST(Outbox, WrapsAroundItsSlotsManyTimes) {
    Outbox box("t", "alice", 16);
    std::uint64_t expected = 1;
    for (int round = 0; round < 50; ++round) {
        put(box, 11);
        for (const std::uint64_t seq : take(box)) EXPECT_EQ(seq, expected++);
        ASSERT_TRUE(box.ack(expected - 1));
    }
    EXPECT_EQ(expected, 551u);
}

TEST(Outbox, AckOfUnsentSeqIsRefused) {
    Outbox box("t", "alice", 4);
    put(box, 2);
    EXPECT_FALSE(box.ack(1));  // published but not yet handed to the gateway
    take(box);
    EXPECT_FALSE(box.ack(3));
    EXPECT_TRUE(box.ack(2));
    EXPECT_TRUE(box.ack(1));  // older ack: accepted, changes nothing
    EXPECT_EQ(box.acked(), 2u);
}

TEST(Outbox, RewindRedeliversUnacknowledgedInOrder) {
    Outbox box("t", "alice", 8);
    put(box, 4);
    take(box);
    ASSERT_TRUE(box.ack(1));
    box.rewind();
    EXPECT_EQ(take(box), (std::vector<std::uint64_t>{2, 3, 4}));
}

TEST(Outbox, LateAckAfterRewindSkipsWhatItCovers) {
    Outbox box("t", "alice", 8);
    put(box, 4);
    take(box);
    box.rewind();
    ASSERT_TRUE(box.ack(3));  // from the old connection
    EXPECT_EQ(take(box), (std::vector<std::uint64_t>{4}));
}

TEST(Outbox, PublishAsksForTheReadyRingOnlyOnce) {
    Outbox box("t", "alice", 8);
    box.reserve();
    EXPECT_TRUE(box.publish());
    box.reserve();
    EXPECT_FALSE(box.publish());  // still on the ready ring
    take(box);
    box.reserve();
    EXPECT_TRUE(box.publish());
}

}  // namespace
}  // namespace switchboard::runtime
