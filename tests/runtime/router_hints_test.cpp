// The threaded engine above the shard's cache-hint threshold (core::Shard::kHintMinConversations
// open conversations): the shard worker then hints every ring batch ahead of applying it, and
// every relay and close must still reach the agent that holds the conversation, in order.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/core/shard.hpp"
#include "engine/runtime/router.hpp"

#include "tests/runtime/runtime_test_support.hpp"

namespace switchboard::testing {
namespace {

using runtime::DeliveryKind;
using runtime::NoticeKind;

constexpr int kAgents = 40;
constexpr std::uint32_t kCapacity = 1000;
constexpr int kConversations = 36'000;  // all assigned: 900 per agent
static_assert(kConversations > core::Shard::kHintMinConversations);
static_assert(kConversations <= kAgents * static_cast<int>(kCapacity));

std::string conversation(int i) { return "c" + std::to_string(i); }

TEST(RouterHints, RelaysAndClosesAboveTheHintThresholdReachTheirAgents) {
    RuntimeConfig cfg;
    cfg.max_capacity = kCapacity;
    cfg.outbox_capacity = 4096;  // 900 assignments + 900 relays per agent, never acknowledged
    Router router = Router::start(runtime_snapshot(cfg)).value();
    Gateway gateway = router.connect().value();
    RecordingHandler out;
    const auto send = [&](core::Event event, std::string payload = {}) {
        ASSERT_EQ(gateway.submit(Submission{std::move(event), std::move(payload), 0}),
                  SubmitStatus::kAccepted);
    };
    for (int a = 0; a < kAgents; ++a) send(login("t0", "a" + std::to_string(a), kCapacity));
    for (int i = 0; i < kConversations; ++i) send(message("t0", conversation(i)), "open");
    ASSERT_TRUE(poll_until(router, out, [&] { return out.deliveries.size() >= kConversations; }));
    // A relay for every conversation in reverse order of opening (all of them with more than the
    // threshold open), then a close of every odd one (the first ~3,200 of them still above it).
    for (int i = kConversations - 1; i >= 0; --i) {
        send(message("t0", conversation(i)), "follow-up " + std::to_string(i));
    }
    for (int i = 1; i < kConversations; i += 2)
        send(core::CloseConversation{"t0", conversation(i)});
    const std::size_t relays = kConversations, closes = kConversations / 2;
    ASSERT_TRUE(poll_until(router, out, [&] {
        return out.deliveries.size() >= kConversations + relays && out.notices.size() >= closes;
    }));
    router.stop();

    std::map<std::string, std::string> holder;      // conversation -> agent
    std::map<std::string, std::uint64_t> next_seq;  // agent -> the seq expected next
    std::map<std::string, int> relayed, closed;     // conversation -> count
    for (const DeliveryRecord& d : out.deliveries) {
        ASSERT_EQ(d.delivery.seq, ++next_seq[d.agent]) << d.agent << " has a gap";
        if (d.delivery.kind == DeliveryKind::kAssigned) {
            ASSERT_TRUE(holder.emplace(d.delivery.conversation, d.agent).second)
                << d.delivery.conversation << " assigned twice";
            EXPECT_EQ(d.delivery.payload, "open");
        } else {
            ASSERT_EQ(d.delivery.kind, DeliveryKind::kCustomerMessage);
            const std::string& c = d.delivery.conversation;
            ASSERT_EQ(holder.count(c), 1u) << c << " relayed before it was assigned";
            EXPECT_EQ(holder[c], d.agent) << c << " relayed to an agent that does not hold it";
            EXPECT_EQ(d.delivery.payload, "follow-up " + c.substr(1));
            ++relayed[c];
        }
    }
    for (const runtime::Notice& n : out.notices) {
        ASSERT_EQ(n.kind, NoticeKind::kClosed) << runtime::to_string(n.kind) << " " << n.detail;
        ++closed[n.conversation];
    }
    EXPECT_EQ(holder.size(), static_cast<std::size_t>(kConversations));
    EXPECT_EQ(relayed.size(), relays);
    EXPECT_EQ(closed.size(), closes);
    for (const auto& [c, count] : relayed) EXPECT_EQ(count, 1) << c;
    for (const auto& [c, count] : closed) EXPECT_EQ(count, 1) << c;
    for (int i = 1; i < kConversations; i += 2) EXPECT_EQ(closed.count(conversation(i)), 1u);
}

}  // namespace
}  // namespace switchboard::testing
