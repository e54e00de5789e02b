// The gateway server over real TCP on 127.0.0.1: a GatewayClient against a Server running a
// real engine. Covers the session end to end, every bad input of the protocol, backpressure,
// reconnect with redelivery, config re-binding and the graceful shutdown.
#include "engine/net/server.hpp"

#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include "tests/net/server_harness.hpp"

namespace switchboard::net::testing {
namespace {

using std::chrono::milliseconds;

TEST(Server, AssignsAConversationAndTakesTheAckAndTheReply) {
    RunningServer s;
    auto gw = s.login();
    gw->send(login_event("shop7", "alice", 3, 1));
    gw->send(customer_message("shop7", "c1", "Where is my parcel?", 2));
    ASSERT_TRUE(gw->flush().ok());

    const auto d = wait_for<DeliveryFrame>(*gw);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->tenant, "shop7");
    EXPECT_EQ(d->agent, "alice");
    EXPECT_EQ(d->delivery.seq, 1u);
    EXPECT_EQ(d->delivery.kind, runtime::DeliveryKind::kAssigned);
    EXPECT_EQ(d->delivery.conversation, "c1");
    EXPECT_EQ(d->delivery.payload, "Where is my parcel?");
    EXPECT_EQ(d->delivery.correlation, 2u);

    gw->send(Ack{"shop7", "alice", 1, 3});
    gw->send(runtime::Submission{core::AgentReply{"shop7", "alice", "c1", false, 99}, "", 4});
    gw->send(runtime::Submission{core::CloseConversation{"shop7", "c1"}, "", 5});
    ASSERT_TRUE(gw->flush().ok());
    std::vector<ServerMessage> skipped;
    const auto closed = wait_for<runtime::Notice>(*gw, &skipped);
    ASSERT_TRUE(closed);
    EXPECT_EQ(closed->kind, runtime::NoticeKind::kClosed);
    EXPECT_EQ(closed->conversation, "c1");
    EXPECT_EQ(closed->correlation, 5u);
    for (const auto& m : skipped) EXPECT_FALSE(std::holds_alternative<ErrorFrame>(m));
    // The ack released the delivery: a Resend brings nothing back before the Pong.
    gw->send(Resend{"shop7", "alice", 6});
    gw->send(Ping{7});
    ASSERT_TRUE(gw->flush().ok());
    skipped.clear();
    ASSERT_TRUE(wait_for<Pong>(*gw, &skipped));
    for (const auto& m : skipped) EXPECT_FALSE(std::holds_alternative<DeliveryFrame>(m));
}

TEST(Server, PingIsAnsweredWithPongCarryingTheCorrelation) {
    RunningServer s;
    auto gw = s.login();
    gw->send(Ping{77});
    ASSERT_TRUE(gw->flush().ok());
    const auto pong = wait_for<Pong>(*gw);
    ASSERT_TRUE(pong);
    EXPECT_EQ(pong->correlation, 77u);
}

// GatewayClient reads the socket before it waits: with nothing sent, next() ends empty-handed at
// its time-out and poll() at once; a frame that arrives is returned by the same calls.
TEST(Server, ClientNextAndPollReturnNothingUntilAFrameArrives) {
    RunningServer s;
    auto gw = s.login();
    auto waited = gw->next(milliseconds(20));
    ASSERT_TRUE(waited.ok()) << waited.error().message;
    EXPECT_FALSE(waited.value());
    auto polled = gw->poll();
    ASSERT_TRUE(polled.ok()) << polled.error().message;
    EXPECT_FALSE(polled.value());
    gw->send(Ping{5});
    ASSERT_TRUE(gw->flush().ok());
    auto pong = gw->next(std::chrono::seconds(5));
    ASSERT_TRUE(pong.ok()) << pong.error().message;
    ASSERT_TRUE(pong.value());
    ASSERT_TRUE(std::holds_alternative<Pong>(*pong.value()));
    EXPECT_EQ(std::get<Pong>(*pong.value()).correlation, 5u);
}

TEST(Server, UnknownAgentEventComesBackAsARejectedNotice) {
    RunningServer s;
    auto gw = s.login();
    gw->send(runtime::Submission{core::AgentReply{"shop7", "nobody", "c9", false, 1}, "", 41});
    ASSERT_TRUE(gw->flush().ok());
    const auto n = wait_for<runtime::Notice>(*gw);
    ASSERT_TRUE(n);
    EXPECT_EQ(n->kind, runtime::NoticeKind::kRejected);
    EXPECT_EQ(n->correlation, 41u);
    EXPECT_EQ(n->text, "agent_reply");
}

TEST(Server, AckErrorsNameTheProblemAndKeepTheConnection) {
    RunningServer s;
    auto gw = s.login();
    gw->send(Ack{"shop7", "ghost", 1, 5});
    ASSERT_TRUE(gw->flush().ok());
    auto e = wait_for<ErrorFrame>(*gw);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, WireError::kUnknownAgent);
    EXPECT_FALSE(e->closing);

    gw->send(login_event("shop7", "alice"));
    gw->send(customer_message("shop7", "c1", "hi", 6));
    ASSERT_TRUE(gw->flush().ok());
    ASSERT_TRUE(wait_for<DeliveryFrame>(*gw));
    gw->send(Ack{"shop7", "alice", 2, 7});  // only seq 1 was delivered
    ASSERT_TRUE(gw->flush().ok());
    e = wait_for<ErrorFrame>(*gw);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, WireError::kInvalidAck);
    EXPECT_EQ(e->correlation, 7u);
}

TEST(Server, ReconnectAndResendRedeliversWhatWasNotAcknowledged) {
    RunningServer s;
    {
        auto first = s.login();
        first->send(login_event("shop7", "alice", 5));
        first->send(customer_message("shop7", "c1", "one", 1));
        ASSERT_TRUE(first->flush().ok());
        const auto d = wait_for<DeliveryFrame>(*first);
        ASSERT_TRUE(d);
        EXPECT_EQ(d->delivery.seq, 1u);
    }  // dropped without an ack
    // Routed while alice has no open connection: held in her outbox.
    auto other = s.login();
    other->send(customer_message("shop7", "c2", "two", 2));
    ASSERT_TRUE(other->flush().ok());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (s.server().stats().deliveries_unrouted.load() < 1 &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(milliseconds(2));
    }
    ASSERT_EQ(s.server().stats().deliveries_unrouted.load(), 1u);

    auto second = s.login();
    second->send(Resend{"shop7", "alice", 3});
    ASSERT_TRUE(second->flush().ok());
    const auto d1 = wait_for<DeliveryFrame>(*second);
    const auto d2 = wait_for<DeliveryFrame>(*second);
    ASSERT_TRUE(d1 && d2);
    EXPECT_EQ(d1->delivery.seq, 1u);
    EXPECT_EQ(d1->delivery.conversation, "c1");
    EXPECT_EQ(d2->delivery.seq, 2u);
    EXPECT_EQ(d2->delivery.conversation, "c2");
    second->send(Ack{"shop7", "alice", 2, 4});
    // Later deliveries follow alice to her new connection.
    second->send(customer_message("shop7", "c3", "three", 5));
    ASSERT_TRUE(second->flush().ok());
    const auto d3 = wait_for<DeliveryFrame>(*second);
    ASSERT_TRUE(d3);
    EXPECT_EQ(d3->delivery.seq, 3u);
}

TEST(Server, WrongTokenIsRefusedAndClosed) {
    RunningServer s;
    auto gw = s.connect();
    auto hello = gw->hello("webchat", "webchat-token-9999999999");
    ASSERT_FALSE(hello.ok());
    EXPECT_NE(hello.error().message.find("unauthenticated"), std::string::npos)
        << hello.error().message;
    EXPECT_TRUE(closed_by_server(*gw));
}

TEST(Server, EventBeforeHelloIsRefusedAndClosed) {
    RunningServer s;
    auto gw = s.connect();
    gw->send(customer_message("shop7", "c1", "hi", 9));
    ASSERT_TRUE(gw->flush().ok());
    const auto e = wait_for<ErrorFrame>(*gw);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, WireError::kUnauthenticated);
    EXPECT_TRUE(closed_by_server(*gw));
    EXPECT_EQ(s.engine().stats().shards[0].events, 0u);
}

TEST(Server, EventForAnotherTenantIsRefusedAndNeverReachesTheShard) {
    RunningServer s;
    auto gw = s.login();
    gw->send(login_event("shop8", "mallory", 3, 21));
    ASSERT_TRUE(gw->flush().ok());
    const auto e = wait_for<ErrorFrame>(*gw);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, WireError::kForbiddenTenant);
    EXPECT_EQ(e->correlation, 21u);
    EXPECT_FALSE(e->closing);
    gw->send(Ping{22});
    ASSERT_TRUE(gw->flush().ok());
    ASSERT_TRUE(wait_for<Pong>(*gw));
    EXPECT_EQ(s.engine().stats().shards[0].events, 0u);
}

TEST(Server, GarbageBytesCloseOnlyThatConnection) {
    RunningServer s;
    auto good = s.login();
    auto bad = s.login();
    bad->send_raw(std::string(11, '\xff'));  // a varint that never ends
    ASSERT_TRUE(bad->flush().ok());
    const auto e = wait_for<ErrorFrame>(*bad);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, WireError::kMalformedFrame);
    EXPECT_TRUE(e->closing);
    EXPECT_TRUE(closed_by_server(*bad));

    good->send(Ping{1});
    ASSERT_TRUE(good->flush().ok());
    EXPECT_TRUE(wait_for<Pong>(*good));
}

TEST(Server, MalformedProtobufBodyIsAnErrorFrame) {
    RunningServer s;
    auto gw = s.login();
    gw->send_raw(std::string("\x03\xff\xff\xff", 4));  // a 3-byte body that is no ClientFrame
    ASSERT_TRUE(gw->flush().ok());
    const auto e = wait_for<ErrorFrame>(*gw);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, WireError::kMalformedFrame);
}

TEST(Server, OversizeFrameIsRefusedBeforeItsBodyArrives) {
    RunningServer s;  // max_frame_bytes: 4096
    auto gw = s.login();
    gw->send_raw(std::string("\x81\x80\x01", 3));  // length 16385, no body sent
    ASSERT_TRUE(gw->flush().ok());
    const auto e = wait_for<ErrorFrame>(*gw);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, WireError::kFrameTooLarge);
    EXPECT_NE(e->message.find("4096"), std::string::npos) << e->message;
    EXPECT_TRUE(closed_by_server(*gw));
}

TEST(Server, ConnectionWithoutHelloIsClosedAfterTheTimeout) {
    RunningServer s(server_yaml("  hello_timeout_ms: 100\n"));
    auto gw = s.connect();
    const auto e = wait_for<ErrorFrame>(*gw);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, WireError::kUnauthenticated);
    EXPECT_NE(e->message.find("100 ms"), std::string::npos) << e->message;
    EXPECT_TRUE(closed_by_server(*gw));
    EXPECT_EQ(s.server().stats().hello_timeouts.load(), 1u);
}

TEST(Server, ConnectionsBeyondTheLimitAreRefusedWithOverloaded) {
    RunningServer s(server_yaml("  max_connections: 2\n"));
    auto a = s.login();
    auto b = s.login();
    auto c = s.connect();
    const auto e = wait_for<ErrorFrame>(*c);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, WireError::kOverloaded);
    EXPECT_TRUE(closed_by_server(*c));
    a.reset();  // a slot frees up
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (s.server().stats().connections_open.load() > 1 &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(milliseconds(2));
    }
    auto d = s.connect();
    EXPECT_TRUE(d->hello("webchat", kWebchatToken).ok());
}

TEST(Server, ManyFramesGoOutInFewWrites) {
    RunningServer s;
    auto gw = s.login();
    constexpr int kMessages = 2000;
    open_conversations(*gw, kMessages);
    // 50 assignments, then every conversation queues: one delivery or notice per message.
    int deliveries = 0;
    int queued = 0;
    while (deliveries + queued < kMessages) {
        auto next = gw->next(std::chrono::seconds(5));
        ASSERT_TRUE(next.ok() && next.value()) << "after " << deliveries + queued << " frames";
        if (auto* d = std::get_if<DeliveryFrame>(&*next.value())) {
            ++deliveries;
            EXPECT_EQ(d->delivery.seq, static_cast<std::uint64_t>(deliveries));
        } else if (auto* n = std::get_if<runtime::Notice>(&*next.value())) {
            EXPECT_EQ(n->kind, runtime::NoticeKind::kQueued);
            ++queued;
        } else {
            ADD_FAILURE() << "unexpected frame " << next.value()->index();
        }
    }
    EXPECT_EQ(deliveries, 50);
    const auto writes = s.server().stats().writes.load();
    // One write per frame would be >= 2001 (HelloOk and every output).
    EXPECT_LT(writes, static_cast<std::uint64_t>(kMessages) / 4) << "writes: " << writes;
}

// A gateway that sends and never reads: the server stops reading it once its unsent output
// passes max_buffered_bytes, so memory stays bounded, and other gateways are unaffected.
TEST(Server, SlowReaderIsThrottledWithBoundedMemory) {
    constexpr std::uint64_t kLimit = 32 * 1024;
    RunningServer s(server_yaml("  max_buffered_bytes: 32768\n"));
    auto slow = s.login();
    slow->send(login_event("shop7", "alice", 50));
    ASSERT_TRUE(slow->flush().ok());
    const int fd = slow->native_handle();
    const int small = 16 * 1024;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);

    // Keep sending customer messages (each answered by a 1 KiB delivery) until the server stops
    // taking them: its reads stopped, the kernel buffers filled, send() would block.
    FrameWriter frames;
    ClientEncoder encoder;
    const std::string text(1000, 'p');
    std::uint64_t sent_bytes = 0;
    int conversations = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    bool stalled = false;
    while (!stalled && std::chrono::steady_clock::now() < deadline && conversations < 200000) {
        if (frames.pending_bytes() == 0) {
            for (int i = 0; i < 64; ++i) {
                encoder.encode(
                    customer_message("shop7", "c" + std::to_string(conversations++), text, 1),
                    frames);
            }
        }
        const auto bytes = frames.pending();
        const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n > 0) {
            frames.consume(static_cast<std::size_t>(n));
            sent_bytes += static_cast<std::uint64_t>(n);
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // Give the server time to drain what it can, then try once more.
            std::this_thread::sleep_for(milliseconds(200));
            const ssize_t again = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (again > 0) {
                frames.consume(static_cast<std::size_t>(again));
                sent_bytes += static_cast<std::uint64_t>(again);
            } else {
                stalled = true;
            }
        } else {
            break;  // closed by the server
        }
    }
    // Either the server stopped reading (the sender stalls) or, once the outputs for events
    // already taken passed twice the limit, it cut the connection.
    const auto cut = s.server().stats().overload_closes.load();
    EXPECT_TRUE(stalled || cut == 1)
        << "the server kept reading a gateway that never reads; sent " << sent_bytes << " bytes";
    // The bound: twice the session limit (then the connection is cut) plus one frame.
    EXPECT_LE(s.server().stats().max_buffered_bytes.load(), 2 * kLimit + 4096);

    auto other = s.login("mobile", kMobileToken);
    other->send(Ping{5});
    ASSERT_TRUE(other->flush().ok());
    EXPECT_TRUE(wait_for<Pong>(*other));
}

TEST(Server, ReloadThatRemovesAGatewayDisconnectsIt) {
    RunningServer s;
    auto gw = s.login("mobile", kMobileToken);
    auto kept = s.login();
    std::string yaml = server_yaml();
    const auto cut = yaml.find("  - id: mobile");
    yaml.erase(cut, yaml.find("tenants:\n  - id: shop7") - cut);
    ASSERT_EQ(yaml.find("mobile"), std::string::npos);
    s.server().apply_config(snapshot_of(yaml, 2));
    const auto e = wait_for<ErrorFrame>(*gw);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, WireError::kUnauthenticated);
    EXPECT_TRUE(closed_by_server(*gw));
    kept->send(Ping{1});
    ASSERT_TRUE(kept->flush().ok());
    EXPECT_TRUE(wait_for<Pong>(*kept));
    auto again = s.connect();
    EXPECT_FALSE(again->hello("mobile", kMobileToken).ok());
}

TEST(Server, ShutdownWritesEveryOutputThenSaysShuttingDown) {
    RunningServer s;
    auto gw = s.login();
    constexpr int kMessages = 300;
    open_conversations(*gw, kMessages);
    // Wait until the server has started on them. (Notices and deliveries are separate streams:
    // queued notices may come before the first delivery.)
    std::vector<ServerMessage> before;
    ASSERT_TRUE(wait_for<DeliveryFrame>(*gw, &before));
    std::thread stopper([&] { s.stop(); });
    const auto e = wait_for<ErrorFrame>(*gw, &before, std::chrono::seconds(10));
    stopper.join();
    ASSERT_TRUE(e);
    EXPECT_EQ(e->code, WireError::kShuttingDown);
    EXPECT_TRUE(e->closing);
    // Every event read before the shutdown was applied and its output written before the
    // closing error: one delivery or queued notice per message.
    std::size_t outputs = 1;  // the delivery waited for above (not in `before`)
    for (const auto& m : before) {
        outputs +=
            std::holds_alternative<DeliveryFrame>(m) || std::holds_alternative<runtime::Notice>(m);
    }
    EXPECT_EQ(outputs, static_cast<std::size_t>(kMessages));
    const auto stats = s.engine().stats();
    const auto& shard = stats.shards[0];
    EXPECT_EQ(outputs, shard.outputs.deliveries + shard.outputs.notices)
        << "server wrote " << s.server().stats().deliveries_out.load() << " deliveries and "
        << s.server().stats().notices_out.load() << " notices; unrouted "
        << s.server().stats().notices_unrouted.load();
    EXPECT_TRUE(closed_by_server(*gw));
}

}  // namespace
}  // namespace switchboard::net::testing
