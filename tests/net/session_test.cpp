// One gateway connection's protocol without a socket: frames in through Session::prepare/commit,
// frames out of Session::output(), the engine replaced by a recording host.
#include "engine/net/session.hpp"

#include <cstring>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "engine/config/parse_config.hpp"

#include "tests/net/wire_test_support.hpp"

namespace switchboard::net::testing {
namespace {

constexpr std::string_view kToken = "webchat-token-0123456789";

std::shared_ptr<const config::Snapshot> session_config() {
    auto parsed = config::parse_config(std::string(R"(
server:
  max_frame_bytes: 1024
  max_buffered_bytes: 4096
gateways:
  - id: webchat
    token: webchat-token-0123456789
    tenants: [shop7]
)") + std::string(kTwoShopsYaml),
                                       "session.yaml");
    EXPECT_TRUE(parsed.ok()) << parsed.error().message;
    return std::make_shared<const config::Snapshot>(std::move(parsed).value());
}

// Takes up to `room` submissions per call (the engine's ring), records acks and resends.
struct FakeHost final : SessionHost {
    std::size_t submit(std::span<runtime::Submission> batch) override {
        const std::size_t n = std::min({room, budget, batch.size()});
        for (std::size_t i = 0; i < n; ++i) submitted.push_back(std::move(batch[i]));
        batch_sizes.push_back(batch.size());
        budget -= n;
        return n;
    }
    base::Status ack(std::string_view, std::string_view agent, std::uint64_t seq) override {
        acks.push_back(std::string(agent) + "@" + std::to_string(seq));
        if (seq > 10) return base::Error{base::ErrorCode::kInvalidArgument, "seq too far"};
        return base::Ok{};
    }
    base::Status resend(std::string_view, std::string_view agent) override {
        resends.push_back(std::string(agent));
        return base::Ok{};
    }

    std::size_t room = 1'000'000;    // per call
    std::size_t budget = 1'000'000;  // in all, until a test gives more
    std::vector<runtime::Submission> submitted;
    std::vector<std::size_t> batch_sizes;  // offered per submit call
    std::vector<std::string> acks;
    std::vector<std::string> resends;
};

struct Wire {
    Wire() : session(session_config(), "test") {}

    void send(const ClientMessage& message) {
        FrameWriter frames;
        encoder.encode(message, frames);
        raw(text_of(frames.pending()));
    }
    void raw(std::string_view bytes) {
        auto area = session.prepare(bytes.size());
        std::memcpy(area.data(), bytes.data(), bytes.size());
        session.commit(bytes.size());
        session.process(host);
    }
    // Every frame the session wrote since the last call.
    std::vector<ServerMessage> received() {
        std::vector<ServerMessage> out;
        for (const std::string& body : frames_in(session.output(), 1 << 20)) {
            auto message = decoder.decode(bytes_of(body));
            EXPECT_TRUE(message.ok());
            if (message.ok()) out.push_back(std::move(message).value());
        }
        session.output().consume(session.output().pending_bytes());
        return out;
    }
    ErrorFrame only_error() {
        auto frames = received();
        EXPECT_EQ(frames.size(), 1u);
        const auto* error = frames.empty() ? nullptr : std::get_if<ErrorFrame>(&frames[0]);
        EXPECT_NE(error, nullptr);
        return error == nullptr ? ErrorFrame{} : *error;
    }
    // The session answered with one closing Error of `code` and reads no more.
    void expect_closed_with(WireError code) {
        const ErrorFrame e = only_error();
        EXPECT_EQ(e.code, code);
        EXPECT_TRUE(e.closing);
        EXPECT_EQ(session.state(), SessionState::kClosing);
        EXPECT_FALSE(session.wants_read());
    }
    void hello() {
        send(Hello{kProtocolVersion, "webchat", std::string(kToken), 1});
        received();
    }

    Session session;
    FakeHost host;
    ClientEncoder encoder;
    ServerDecoder decoder;
};

runtime::Submission message_for(std::string tenant, std::uint64_t correlation) {
    return runtime::Submission{core::CustomerMessage{std::move(tenant), "c1", "cust", "", {}}, "hi",
                               correlation};
}

TEST(Session, HelloWithTheRightTokenIsAnsweredWithHelloOk) {
    Wire w;
    w.send(Hello{kProtocolVersion, "webchat", std::string(kToken), 1});
    auto frames = w.received();
    ASSERT_EQ(frames.size(), 1u);
    const auto* ok = std::get_if<HelloOk>(&frames[0]);
    ASSERT_NE(ok, nullptr);
    EXPECT_EQ(ok->protocol_version, kProtocolVersion);
    EXPECT_EQ(ok->server_version, "test");
    EXPECT_EQ(w.session.state(), SessionState::kReady);
    ASSERT_NE(w.session.gateway(), nullptr);
    EXPECT_EQ(w.session.gateway()->id, "webchat");
}

TEST(Session, WrongTokenClosesWithUnauthenticated) {
    Wire w;
    w.send(Hello{kProtocolVersion, "webchat", "webchat-token-9999999999", 1});
    w.expect_closed_with(WireError::kUnauthenticated);
}

TEST(Session, TokenOfAnotherGatewayIdIsRefused) {
    Wire w;
    w.send(Hello{kProtocolVersion, "mobile", std::string(kToken), 1});
    EXPECT_EQ(w.only_error().code, WireError::kUnauthenticated);
}

TEST(Session, EventBeforeHelloClosesAndNeverReachesTheEngine) {
    Wire w;
    w.send(message_for("shop7", 5));
    const ErrorFrame e = w.only_error();
    EXPECT_EQ(e.code, WireError::kUnauthenticated);
    EXPECT_EQ(e.correlation, 5u);
    EXPECT_TRUE(w.host.submitted.empty());
}

TEST(Session, UnsupportedProtocolVersionCloses) {
    Wire w;
    w.send(Hello{kProtocolVersion + 1, "webchat", std::string(kToken), 1});
    w.expect_closed_with(WireError::kUnsupportedVersion);
}

TEST(Session, EventForAnotherTenantIsRefusedAndTheSessionGoesOn) {
    Wire w;
    w.hello();
    w.send(message_for("shop8", 7));
    const ErrorFrame e = w.only_error();
    EXPECT_EQ(e.code, WireError::kForbiddenTenant);
    EXPECT_EQ(e.correlation, 7u);
    EXPECT_FALSE(e.closing);
    EXPECT_TRUE(w.host.submitted.empty());
    w.send(message_for("shop7", 8));
    ASSERT_EQ(w.host.submitted.size(), 1u);
    EXPECT_EQ(w.host.submitted[0].correlation, 8u);
    EXPECT_EQ(w.host.submitted[0].payload, "hi");
}

// In order, and one submit per 64 events plus one for the rest of the read, not one per event:
// every submit publishes to the shard's ring and may wake the shard.
TEST(Session, ManyFramesInOneReadAreSubmittedInOrderInBatches) {
    Wire w;
    w.hello();
    FrameWriter frames;
    for (std::uint64_t i = 1; i <= 200; ++i) w.encoder.encode(message_for("shop7", i), frames);
    w.raw(text_of(frames.pending()));
    ASSERT_EQ(w.host.submitted.size(), 200u);
    for (std::uint64_t i = 0; i < 200; ++i) EXPECT_EQ(w.host.submitted[i].correlation, i + 1);
    EXPECT_EQ(w.host.batch_sizes, (std::vector<std::size_t>{64, 64, 64, 8}));
}

// An engine that fills up in the middle of a batch: the session stops decoding, offers the rest
// again first on the next process(), and loses or reorders nothing; a Ping behind the stalled
// events is answered only once they are in (a Pong says every earlier event was taken).
TEST(Session, PartlyTakenBatchesAreRetriedInOrder) {
    Wire w;
    w.hello();
    w.host.budget = 100;  // the second batch of 64 is taken only in part
    FrameWriter frames;
    for (std::uint64_t i = 1; i <= 200; ++i) {
        w.encoder.encode(message_for("shop7", i), frames);
        if (i == 150) w.encoder.encode(Ping{7}, frames);
    }
    w.raw(text_of(frames.pending()));
    EXPECT_EQ(w.host.submitted.size(), 100u);
    EXPECT_FALSE(w.session.wants_read());
    EXPECT_TRUE(w.received().empty());  // the Ping is not decoded yet
    w.host.budget = 1'000'000;
    w.session.process(w.host);
    ASSERT_EQ(w.host.submitted.size(), 200u);
    for (std::uint64_t i = 0; i < 200; ++i) EXPECT_EQ(w.host.submitted[i].correlation, i + 1);
    EXPECT_TRUE(w.session.wants_read());
    // 64, then 36 of 64 and the other 28 refused once; next call the 28, then events 129..150
    // go in before the Ping is answered, then the rest.
    EXPECT_EQ(w.host.batch_sizes, (std::vector<std::size_t>{64, 64, 28, 28, 22, 50}));
    const auto out = w.received();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<Pong>(out[0]));
}

TEST(Session, FullEngineStopsReadingUntilItTakesTheRest) {
    Wire w;
    w.hello();
    w.host.room = 0;
    FrameWriter frames;
    for (std::uint64_t i = 1; i <= 100; ++i) w.encoder.encode(message_for("shop7", i), frames);
    w.raw(text_of(frames.pending()));
    EXPECT_TRUE(w.host.submitted.empty());
    EXPECT_FALSE(w.session.wants_read());
    w.host.room = 1'000'000;
    w.session.process(w.host);
    EXPECT_TRUE(w.session.wants_read());
    ASSERT_EQ(w.host.submitted.size(), 100u);
    EXPECT_EQ(w.host.submitted.back().correlation, 100u);
}

TEST(Session, PingIsAnsweredWithItsCorrelation) {
    Wire w;
    w.hello();
    w.send(Ping{42});
    auto frames = w.received();
    ASSERT_EQ(frames.size(), 1u);
    ASSERT_TRUE(std::holds_alternative<Pong>(frames[0]));
    EXPECT_EQ(std::get<Pong>(frames[0]).correlation, 42u);
}

TEST(Session, AcksAndResendsGoToTheEngineAndBadAcksAreAnswered) {
    Wire w;
    w.hello();
    w.send(Ack{"shop7", "alice", 3, 9});
    w.send(Resend{"shop7", "alice", 10});
    EXPECT_TRUE(w.received().empty());
    EXPECT_EQ(w.host.acks, std::vector<std::string>{"alice@3"});
    EXPECT_EQ(w.host.resends, std::vector<std::string>{"alice"});
    w.send(Ack{"shop7", "alice", 11, 12});
    const ErrorFrame e = w.only_error();
    EXPECT_EQ(e.code, WireError::kInvalidAck);
    EXPECT_EQ(e.correlation, 12u);
    EXPECT_NE(e.message.find("seq too far"), std::string::npos);
    w.send(Ack{"shop8", "bob", 1, 13});
    EXPECT_EQ(w.only_error().code, WireError::kForbiddenTenant);
}

TEST(Session, OversizeFrameClosesBeforeItsBodyArrives) {
    Wire w;
    w.hello();
    w.raw("\xd0\x0f");  // a length prefix of 2,000 bytes; the limit is 1,024
    w.expect_closed_with(WireError::kFrameTooLarge);
}

TEST(Session, GarbageBytesCloseWithMalformedFrame) {
    Wire w;
    w.hello();
    w.raw("\x05garba");
    w.expect_closed_with(WireError::kMalformedFrame);
}

TEST(Session, GatewayThatDoesNotReadStopsBeingRead) {
    Wire w;
    w.hello();
    runtime::Delivery d;
    d.conversation = "c1";
    d.payload = std::string(200, 'x');
    for (int i = 0; i < 30; ++i) w.session.write_delivery("shop7", "alice", d);  // > 4,096 bytes
    EXPECT_FALSE(w.session.wants_read());
    w.session.output().consume(w.session.output().pending_bytes());
    EXPECT_TRUE(w.session.wants_read());
}

}  // namespace
}  // namespace switchboard::net::testing
