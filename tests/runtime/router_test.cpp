#include "engine/runtime/router.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/runtime/runtime_test_support.hpp"

namespace switchboard::testing {
namespace {

using runtime::DeliveryKind;
using runtime::NoticeKind;

struct Running {
    explicit Running(const RuntimeConfig& cfg = {})
        : router(Router::start(runtime_snapshot(cfg)).value()), gateway(router.connect().value()) {}

    void send(core::Event event, std::string payload = {}, std::uint64_t correlation = 0) {
        ASSERT_EQ(gateway.submit(Submission{std::move(event), std::move(payload), correlation}),
                  SubmitStatus::kAccepted);
    }
    // Customer messages opening conversations c<first> .. c<last - 1>.
    void open(int first, int last) {
        for (int i = first; i < last; ++i) send(message("t0", "c" + std::to_string(i)));
    }
    bool await_deliveries(std::size_t n) {
        return poll_until(router, out, [&] { return out.deliveries.size() >= n; });
    }
    bool await_notices(std::size_t n) {
        return poll_until(router, out, [&] { return out.notices.size() >= n; });
    }

    Router router;
    Gateway gateway;
    RecordingHandler out;
};

TEST(Router, AssignmentCarriesTheOpeningMessage) {
    Running r;
    r.send(login("t0", "alice", 5));
    r.send(message("t0", "c1"), "where is my parcel?", 7);
    ASSERT_TRUE(r.await_deliveries(1));
    const DeliveryRecord& d = r.out.deliveries[0];
    EXPECT_EQ(d.tenant, "t0");
    EXPECT_EQ(d.agent, "alice");
    EXPECT_EQ(d.delivery.kind, DeliveryKind::kAssigned);
    EXPECT_EQ(d.delivery.seq, 1u);
    EXPECT_EQ(d.delivery.conversation, "c1");
    EXPECT_EQ(d.delivery.payload, "where is my parcel?");
    EXPECT_EQ(d.delivery.correlation, 7u);
}

TEST(Router, FollowUpMessageIsRelayedToTheAssignedAgent) {
    Running r;
    r.send(login("t0", "alice", 5));
    r.send(message("t0", "c1"), "hello");
    r.send(message("t0", "c1"), "anyone there?", 9);
    ASSERT_TRUE(r.await_deliveries(2));
    const runtime::Delivery& d = r.out.deliveries[1].delivery;
    EXPECT_EQ(d.kind, DeliveryKind::kCustomerMessage);
    EXPECT_EQ(d.seq, 2u);
    EXPECT_EQ(d.payload, "anyone there?");
    EXPECT_EQ(d.correlation, 9u);
}

TEST(Router, WaitingConversationIsQueuedAsANotice) {
    Running r;
    r.send(message("t0", "c1"), "hello", 3);
    ASSERT_TRUE(r.await_notices(1));
    EXPECT_EQ(r.out.notices[0].kind, NoticeKind::kQueued);
    EXPECT_EQ(r.out.notices[0].conversation, "c1");
    EXPECT_EQ(r.out.notices[0].number, 1u);
    EXPECT_EQ(r.out.notices[0].correlation, 3u);
}

TEST(Router, RejectedEventComesBackWithItsCorrelation) {
    Running r;
    r.send(core::AgentReply{"t0", "ghost", "c1", false, 0}, {}, 11);
    ASSERT_TRUE(r.await_notices(1));
    const runtime::Notice& n = r.out.notices[0];
    EXPECT_EQ(n.kind, NoticeKind::kRejected);
    EXPECT_EQ(n.tenant, "t0");
    EXPECT_EQ(n.text, "agent_reply");
    EXPECT_EQ(n.correlation, 11u);
    EXPECT_EQ(n.gateway, r.gateway.id());
    EXPECT_NE(n.detail.find("ghost"), std::string::npos) << n.detail;
}

TEST(Router, EventForUnknownTenantIsRejected) {
    Running r;
    r.send(login("nope", "alice", 5), {}, 5);
    ASSERT_TRUE(r.await_notices(1));
    EXPECT_EQ(r.out.notices[0].kind, NoticeKind::kRejected);
    EXPECT_EQ(r.out.notices[0].tenant, "nope");
}

TEST(Router, TickFromAGatewayIsInvalid) {
    Running r;
    Submission tick{core::Tick{}, {}, 0};
    EXPECT_EQ(r.gateway.try_submit(tick), SubmitStatus::kInvalid);
}

TEST(Router, ResendAfterReconnectRedeliversUnacknowledgedInOrder) {
    Running r;
    r.send(login("t0", "alice", 5));
    r.open(0, 3);
    ASSERT_TRUE(r.await_deliveries(3));
    ASSERT_TRUE(r.router.ack("t0", "alice", 1).ok());
    RecordingHandler again;
    auto resent = r.router.resend("t0", "alice", again);
    ASSERT_TRUE(resent.ok());
    EXPECT_EQ(*resent, 2u);
    ASSERT_EQ(again.deliveries.size(), 2u);
    EXPECT_EQ(again.deliveries[0].delivery.seq, 2u);
    EXPECT_EQ(again.deliveries[0].delivery.conversation, "c1");
    EXPECT_EQ(again.deliveries[1].delivery.seq, 3u);
}

TEST(Router, AckThroughTheStreamHandleFreesTheOutbox) {
    RuntimeConfig cfg;
    cfg.outbox_capacity = 16;
    Running r(cfg);
    r.send(login("t0", "alice", 100));
    r.open(0, 16);
    ASSERT_TRUE(r.await_deliveries(16));
    const runtime::AgentStream stream = r.out.deliveries.back().stream;
    EXPECT_EQ(stream.agent(), "alice");
    ASSERT_TRUE(r.router.ack(stream, 16).ok());
    EXPECT_FALSE(r.router.ack(stream, 17).ok());
    r.open(16, 20);
    ASSERT_TRUE(r.await_deliveries(20));
    EXPECT_TRUE(r.out.notices.empty());  // no outbox overflow: the ack made room
}

TEST(Router, AckBeyondWhatWasDeliveredIsAnError) {
    Running r;
    r.send(login("t0", "alice", 5));
    r.send(message("t0", "c1"));
    ASSERT_TRUE(r.await_deliveries(1));
    const base::Status status = r.router.ack("t0", "alice", 2);
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.error().message.find("never delivered"), std::string::npos);
    EXPECT_FALSE(r.router.ack("t0", "bob", 1).ok());
}

TEST(Router, FullOutboxReportsTheDeliveryAsAnOverflowNotice) {
    RuntimeConfig cfg;
    cfg.outbox_capacity = 16;
    Running r(cfg);
    r.send(login("t0", "alice", 100));
    for (int i = 0; i < 18; ++i) r.send(message("t0", "c" + std::to_string(i)), "m", 100 + i);
    ASSERT_TRUE(r.await_deliveries(16));
    ASSERT_TRUE(r.await_notices(2));
    EXPECT_EQ(r.out.deliveries.size(), 16u);
    for (int i = 0; i < 2; ++i) {
        const runtime::Notice& n = r.out.notices[static_cast<std::size_t>(i)];
        EXPECT_EQ(n.kind, NoticeKind::kOutboxOverflow);
        EXPECT_EQ(n.agent, "alice");
        EXPECT_EQ(n.delivery.kind, DeliveryKind::kAssigned);
        EXPECT_EQ(n.delivery.conversation, "c" + std::to_string(16 + i));
        EXPECT_EQ(n.delivery.correlation, 116u + static_cast<unsigned>(i));
    }
    EXPECT_EQ(r.router.stats().shards[0].outputs.outbox_overflows, 2u);
    // Once the gateway acknowledges, the outbox takes deliveries again, numbered on.
    ASSERT_TRUE(r.router.ack("t0", "alice", 16).ok());
    r.send(message("t0", "c18"));
    ASSERT_TRUE(r.await_deliveries(17));
    EXPECT_EQ(r.out.deliveries[16].delivery.seq, 17u);
}

TEST(Router, ConsumerThatStopsReadingPushesBackOnTheGateway) {
    RuntimeConfig cfg;
    cfg.ring_capacity = 64;
    cfg.notice_capacity = 64;
    Running r(cfg);
    std::uint64_t accepted = 0;
    bool saw_full = false;
    // Every event is rejected (unknown agent), so each one makes one notice. With nobody
    // polling, the notice ring fills, the shard stops taking events, and the ring fills.
    for (int i = 0; i < 100'000 && !saw_full; ++i) {
        Submission s{core::AgentLogout{"t0", "ghost"}, {}, accepted + 1};
        const SubmitStatus status = r.gateway.try_submit(s);
        if (status == SubmitStatus::kAccepted) ++accepted;
        saw_full = status == SubmitStatus::kFull;
    }
    ASSERT_TRUE(saw_full);
    EXPECT_GE(accepted, 64u);
    ASSERT_TRUE(r.await_notices(accepted));
    EXPECT_EQ(r.out.notices.size(), accepted);
    for (std::size_t i = 0; i < r.out.notices.size(); ++i) {
        EXPECT_EQ(r.out.notices[i].correlation, i + 1);  // nothing lost, nothing reordered
    }
}

TEST(Router, TrySubmitBatchTakesWhatFitsAndNeverWaits) {
    RuntimeConfig cfg;
    cfg.ring_capacity = 64;
    cfg.notice_capacity = 64;
    Running r(cfg);
    std::vector<Submission> batch;
    for (std::uint64_t i = 1; i <= 1000; ++i) {
        batch.push_back(Submission{core::AgentLogout{"t0", "ghost"}, {}, i});
    }
    // Nobody polls: the shard stalls on its full notice ring, so the gateway ring fills too.
    std::size_t taken = 0;
    for (int i = 0; i < 10'000 && taken < batch.size(); ++i) {
        const std::size_t n = r.gateway.try_submit_batch(std::span(batch).subspan(taken));
        if (n == 0 && taken > 0) break;
        taken += n;
    }
    ASSERT_LT(taken, batch.size());
    ASSERT_TRUE(r.await_notices(taken));
    EXPECT_EQ(r.out.notices.size(), taken);
    EXPECT_EQ(r.out.notices.back().correlation, taken);
}

TEST(Router, StopAppliesEverythingAlreadySubmitted) {
    RuntimeConfig cfg;
    cfg.outbox_capacity = 1024;
    Running r(cfg);
    r.send(login("t0", "alice", 1000));
    r.open(0, 500);
    r.router.stop();
    r.router.poll(r.out);
    EXPECT_EQ(r.out.deliveries.size(), 500u);
    EXPECT_EQ(r.router.stats().shards[0].events, 501u);
    EXPECT_EQ(r.gateway.submit(Submission{message("t0", "late"), {}, 0}), SubmitStatus::kStopped);
}

TEST(Router, TenantsAreSpreadOverShardsAndAllRouted) {
    RuntimeConfig cfg;
    cfg.tenants = 6;
    cfg.shards = 2;
    Running r(cfg);
    for (std::uint32_t t = 0; t < cfg.tenants; ++t) {
        r.send(login(tenant_name(t), "alice", 5));
        r.send(message(tenant_name(t), "c"));
    }
    ASSERT_TRUE(r.await_deliveries(cfg.tenants));
    EXPECT_TRUE(r.out.notices.empty());  // no "unknown tenant": each shard owns its tenants
    const runtime::EngineStats stats = r.router.stats();
    ASSERT_EQ(stats.shards.size(), 2u);
    EXPECT_GT(stats.shards[0].events, 0u);
    EXPECT_GT(stats.shards[1].events, 0u);
    EXPECT_EQ(stats.shards[0].events + stats.shards[1].events, 2u * cfg.tenants);
}

TEST(Router, GatewayPortsAreBoundedAndReusedAfterClose) {
    RuntimeConfig cfg;
    cfg.max_gateways = 2;
    Running r(cfg);  // holds one port
    auto second = r.router.connect();
    ASSERT_TRUE(second.ok());
    auto third = r.router.connect();
    ASSERT_FALSE(third.ok());
    EXPECT_NE(third.error().message.find("max_gateways"), std::string::npos);
    second->close();
    EXPECT_TRUE(r.router.connect().ok());
}

TEST(Router, SilentAgentIsReassignedByTheShardClockAlone) {
    RuntimeConfig cfg;
    cfg.sla_yaml =
        "first_reply_ms: 30\n        next_reply_ms: 30\n        reassign_on_miss: true\n        "
        "max_reassignments: 3";
    Running r(cfg);
    r.send(login("t0", "alice", 5));
    r.send(message("t0", "c1"));
    ASSERT_TRUE(r.await_deliveries(1));
    r.send(login("t0", "bob", 5));
    // No further event: only the shard thread's ticks can find the missed deadline.
    ASSERT_TRUE(r.await_deliveries(3));
    const auto has = [&](std::string_view agent, DeliveryKind kind) {
        return std::any_of(r.out.deliveries.begin(), r.out.deliveries.end(), [&](const auto& d) {
            return d.agent == agent && d.delivery.kind == kind;
        });
    };
    EXPECT_TRUE(has("alice", DeliveryKind::kUnassigned));
    EXPECT_TRUE(has("bob", DeliveryKind::kAssigned));
}

TEST(Router, IdleShardParks) {
    Running r;
    poll_until(r.router, r.out, [&] { return r.router.stats().shards[0].parks > 0; });
    EXPECT_GT(r.router.stats().shards[0].parks, 0u);
}

}  // namespace
}  // namespace switchboard::testing
