// Encode then decode gives back what went in: every client event and control message, every
// Delivery and Notice kind, and many server frames coalesced in one buffer.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "engine/core/actions.hpp"
#include "engine/net/client_codec.hpp"
#include "engine/net/server_codec.hpp"

#include "tests/net/wire_test_support.hpp"

namespace switchboard::net {
namespace {

using testing::bytes_of;
using testing::frames_in;

constexpr std::size_t kMax = 1 << 20;

std::vector<runtime::Submission> sample_events() {
    std::vector<runtime::Submission> events;
    events.push_back(
        {core::AgentLogin{"shop7", "alice", {{"billing", 9}, {"returns", 2}}, {"senior"}, 3}, "",
         1});
    events.push_back({core::AgentLogout{"shop7", "alice"}, "", 2});
    events.push_back({core::AgentStatusChange{"shop7", "alice", core::Presence::kAway}, "", 3});
    events.push_back({core::AgentCapacityChange{"shop7", "alice", 5}, "", 4});
    events.push_back({core::CustomerMessage{"shop7", "c-1", "bob", "vip", {"billing"}},
                      "hello, my parcel is late", 5});
    events.push_back({core::AgentReply{"shop7", "alice", "c-1", true, 0xfeedull}, "", 6});
    events.push_back({core::AcceptOffer{"shop7", "alice", "c-1"}, "", 7});
    events.push_back({core::Transfer{"shop7", "c-1", "alice", {"returns"}, ""}, "", 8});
    events.push_back({core::Transfer{"shop7", "c-1", "", {}, "carol"}, "", 9});
    events.push_back({core::CloseConversation{"shop7", "c-1"}, "", 10});
    return events;
}

// Encodes `message`, then decodes the frame; fails the test when it does not decode.
ClientMessage client_round_trip(const ClientMessage& message) {
    ClientEncoder encoder;
    FrameWriter writer;
    encoder.encode(message, writer);
    const std::vector<std::string> frames = frames_in(writer, kMax);
    EXPECT_EQ(frames.size(), 1u);
    ClientDecoder decoder;
    Decoded d = decoder.decode(bytes_of(frames.at(0)));
    if (!d.ok()) {
        ADD_FAILURE() << d.error().message;
        return Ping{};
    }
    return std::move(d.value());
}

std::string encoded(const ClientMessage& message) {
    ClientEncoder encoder;
    FrameWriter writer;
    encoder.encode(message, writer);
    return testing::text_of(writer.pending());
}

ServerMessage server_round_trip(FrameWriter& writer) {
    const std::vector<std::string> frames = frames_in(writer, kMax);
    EXPECT_EQ(frames.size(), 1u);
    ServerDecoder decoder;
    auto m = decoder.decode(bytes_of(frames.at(0)));
    if (!m.ok()) {
        ADD_FAILURE() << m.error().message;
        return Pong{};
    }
    return std::move(m).value();
}

runtime::Delivery sample_delivery(runtime::DeliveryKind kind, std::uint8_t reason) {
    runtime::Delivery d;
    d.seq = 17;
    d.kind = kind;
    d.reason = reason;
    d.number = 3;
    d.at = base::time_from_ms(1'000);
    d.deadline = base::time_from_ms(61'000);
    d.correlation = 99;
    d.conversation = "c-1";
    d.payload = "hi";
    return d;
}

void expect_same(const runtime::Delivery& got, const runtime::Delivery& want) {
    EXPECT_EQ(got.seq, want.seq);
    EXPECT_EQ(got.kind, want.kind);
    EXPECT_EQ(got.reason, want.reason);
    EXPECT_EQ(got.number, want.number);
    EXPECT_EQ(got.at, want.at);
    EXPECT_EQ(got.deadline, want.deadline);
    EXPECT_EQ(got.correlation, want.correlation);
    EXPECT_EQ(got.conversation, want.conversation);
    EXPECT_EQ(got.payload, want.payload);
}

TEST(CodecRoundTrip, EveryEventSurvivesEncodeAndDecode) {
    for (const runtime::Submission& s : sample_events()) {
        const ClientMessage back = client_round_trip(s);
        ASSERT_TRUE(std::holds_alternative<runtime::Submission>(back));
        const auto& got = std::get<runtime::Submission>(back);
        SCOPED_TRACE(std::string(core::event_name(s.event)));
        EXPECT_EQ(got.event.index(), s.event.index());
        EXPECT_EQ(got.correlation, s.correlation);
        EXPECT_EQ(got.payload, s.payload);
        EXPECT_EQ(encoded(got), encoded(s));  // every field came back
    }
}

TEST(CodecRoundTrip, LoginFieldsComeBack) {
    const runtime::Submission s = sample_events()[0];
    const auto got =
        std::get<core::AgentLogin>(std::get<runtime::Submission>(client_round_trip(s)).event);
    ASSERT_EQ(got.skills.size(), 2u);
    EXPECT_EQ(got.skills[1].skill, "returns");
    EXPECT_EQ(got.skills[1].level, 2);
    EXPECT_EQ(got.capacity, std::optional<std::uint32_t>(3));
}

TEST(CodecRoundTrip, ControlMessagesSurvive) {
    const auto hello = std::get<Hello>(client_round_trip(Hello{1, "gw-1", "tok", 5}));
    EXPECT_EQ(hello.gateway_id, "gw-1");
    EXPECT_EQ(hello.token, "tok");
    EXPECT_EQ(std::get<Ping>(client_round_trip(Ping{8})).correlation, 8u);
    const auto ack = std::get<Ack>(client_round_trip(Ack{"shop7", "alice", 12, 3}));
    EXPECT_EQ(ack.seq, 12u);
    EXPECT_EQ(ack.correlation, 3u);
    EXPECT_EQ(std::get<Resend>(client_round_trip(Resend{"shop7", "alice", 4})).tenant, "shop7");
}

TEST(CodecRoundTrip, EveryDeliveryKindSurvives) {
    using K = runtime::DeliveryKind;
    const std::vector<std::pair<K, std::uint8_t>> cases = {
        {K::kAssigned, static_cast<std::uint8_t>(core::AssignReason::kMissedReply)},
        {K::kAssigned, static_cast<std::uint8_t>(core::AssignReason::kNew)},
        {K::kOffered, 0},
        {K::kUnassigned, static_cast<std::uint8_t>(core::UnassignReason::kAutoAway)},
        {K::kReplyWarning, 0},
        {K::kCustomerMessage, 0},
        {K::kAutoAway, 0},
        {K::kRestored, 0}};
    ServerEncoder encoder;
    for (const auto& [kind, reason] : cases) {
        SCOPED_TRACE(std::string(runtime::to_string(kind)));
        const runtime::Delivery d = sample_delivery(kind, reason);
        FrameWriter writer;
        encoder.delivery("shop7", "alice", d, writer);
        const auto got = std::get<DeliveryFrame>(server_round_trip(writer));
        EXPECT_EQ(got.tenant, "shop7");
        EXPECT_EQ(got.agent, "alice");
        expect_same(got.delivery, d);
    }
}

TEST(CodecRoundTrip, EveryNoticeKindSurvives) {
    using K = runtime::NoticeKind;
    const std::vector<std::pair<K, std::uint8_t>> cases = {
        {K::kQueued, 0},
        {K::kClosed, static_cast<std::uint8_t>(core::CloseReason::kIdle)},
        {K::kRejected, static_cast<std::uint8_t>(core::RejectReason::kLimitReached)},
        {K::kRejected, static_cast<std::uint8_t>(core::RejectReason::kUnknownTenant)},
        {K::kEscalated, 0},
        {K::kAutoReply, 0},
        {K::kAgentAutoAway, 0},
        {K::kAgentRestored, 0},
        {K::kOverflowed, static_cast<std::uint8_t>(model::OverflowAction::kBot)},
        {K::kOutboxOverflow, 0}};
    ServerEncoder encoder;
    for (const auto& [kind, reason] : cases) {
        SCOPED_TRACE(std::string(runtime::to_string(kind)));
        runtime::Notice n;
        n.kind = kind;
        n.reason = reason;
        n.number = 4;
        n.gateway = 2;  // stays on the server
        n.at = base::time_from_ms(5'000);
        n.estimated_wait = base::Duration{30'000};
        n.correlation = 7;
        n.tenant = "shop7";
        n.conversation = "c-9";
        n.agent = "alice";
        n.text = "queue_position";
        n.detail = "agent 'bob' is not logged in";
        if (kind == K::kOutboxOverflow)
            n.delivery = sample_delivery(runtime::DeliveryKind::kAssigned, 1);
        FrameWriter writer;
        encoder.notice(n, writer);
        const auto got = std::get<runtime::Notice>(server_round_trip(writer));
        EXPECT_EQ(got.kind, n.kind);
        EXPECT_EQ(got.reason, n.reason);
        EXPECT_EQ(got.number, n.number);
        EXPECT_EQ(got.gateway, 0u);
        EXPECT_EQ(got.at, n.at);
        EXPECT_EQ(got.estimated_wait, n.estimated_wait);
        EXPECT_EQ(got.correlation, n.correlation);
        EXPECT_EQ(got.tenant, n.tenant);
        EXPECT_EQ(got.conversation, n.conversation);
        EXPECT_EQ(got.agent, n.agent);
        EXPECT_EQ(got.text, n.text);
        EXPECT_EQ(got.detail, n.detail);
        if (kind == K::kOutboxOverflow) expect_same(got.delivery, n.delivery);
    }
}

TEST(CodecRoundTrip, SessionFramesSurvive) {
    ServerEncoder encoder;
    FrameWriter writer;
    encoder.hello_ok(HelloOk{1, "0.1.0", 4}, writer);
    const auto ok = std::get<HelloOk>(server_round_trip(writer));
    EXPECT_EQ(ok.protocol_version, 1u);
    EXPECT_EQ(ok.server_version, "0.1.0");
    EXPECT_EQ(ok.config_version, 4u);

    FrameWriter pong;
    encoder.pong(Pong{55}, pong);
    EXPECT_EQ(std::get<Pong>(server_round_trip(pong)).correlation, 55u);

    FrameWriter error;
    encoder.error(ErrorFrame{WireError::kForbiddenTenant, "tenant 'x' not allowed", 6, false},
                  error);
    const auto e = std::get<ErrorFrame>(server_round_trip(error));
    EXPECT_EQ(e.code, WireError::kForbiddenTenant);
    EXPECT_EQ(e.message, "tenant 'x' not allowed");
    EXPECT_EQ(e.correlation, 6u);
    EXPECT_FALSE(e.closing);
}

TEST(CodecRoundTrip, ManyServerFramesCoalesceInOneBuffer) {
    ServerEncoder encoder;
    FrameWriter writer;
    for (std::uint64_t seq = 1; seq <= 500; ++seq) {
        runtime::Delivery d = sample_delivery(runtime::DeliveryKind::kCustomerMessage, 0);
        d.seq = seq;
        encoder.delivery("shop7", "alice", d, writer);
    }
    const std::vector<std::string> frames = frames_in(writer, kMax);
    ASSERT_EQ(frames.size(), 500u);
    ServerDecoder decoder;
    for (std::size_t i = 0; i < frames.size(); ++i) {
        auto m = decoder.decode(bytes_of(frames[i]));
        ASSERT_TRUE(m.ok()) << m.error().message;
        EXPECT_EQ(std::get<DeliveryFrame>(*m).delivery.seq, i + 1);
    }
}

// Each codec object builds every frame's message on one arena, reset every 16 frames or once
// the frames since the last reset hold more than 16 KiB (frame_arena.hpp): 60 frames, big ones
// between small ones, so every reset rule fires; no frame may leak into the next one or lose
// its own bytes.
TEST(CodecRoundTrip, OneCodecObjectKeepsFramesOfEverySizeApart) {
    ClientEncoder client_encoder;
    ServerEncoder server_encoder;
    FrameWriter client_out;
    FrameWriter server_out;
    std::vector<std::string> texts;
    for (std::size_t i = 0; i < 60; ++i) {
        // 1 byte, a few hundred, and 4 to 60 KiB (under the 64 KiB payload limit).
        const std::size_t size = i % 3 == 0 ? 1 : (i % 3 == 1 ? 300 + i : 4096 * (1 + i % 15));
        texts.push_back(std::string(size, static_cast<char>('a' + i % 26)));
        const std::string id = "c-" + std::to_string(i);
        client_encoder.encode(
            runtime::Submission{core::CustomerMessage{"shop7", id, "", "", {}}, texts.back(), i},
            client_out);
        runtime::Delivery d = sample_delivery(runtime::DeliveryKind::kCustomerMessage, 0);
        d.seq = i + 1;
        d.conversation = id;
        d.payload = texts.back();
        server_encoder.delivery("shop7", "alice", d, server_out);
    }
    const std::vector<std::string> client_frames = frames_in(client_out, kMax);
    const std::vector<std::string> server_frames = frames_in(server_out, kMax);
    ASSERT_EQ(client_frames.size(), texts.size());
    ASSERT_EQ(server_frames.size(), texts.size());
    ClientDecoder client_decoder;
    ServerDecoder server_decoder;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        SCOPED_TRACE(i);
        Decoded in = client_decoder.decode(bytes_of(client_frames[i]));
        ASSERT_TRUE(in.ok()) << in.error().message;
        const auto& s = std::get<runtime::Submission>(in.value());
        EXPECT_EQ(std::get<core::CustomerMessage>(s.event).conversation, "c-" + std::to_string(i));
        EXPECT_EQ(s.payload, texts[i]);
        EXPECT_EQ(s.correlation, i);
        auto out = server_decoder.decode(bytes_of(server_frames[i]));
        ASSERT_TRUE(out.ok()) << out.error().message;
        const auto& d = std::get<DeliveryFrame>(out.value());
        EXPECT_EQ(d.delivery.seq, i + 1);
        EXPECT_EQ(d.delivery.conversation, "c-" + std::to_string(i));
        EXPECT_EQ(d.delivery.payload, texts[i]);
    }
}

TEST(CodecRoundTrip, ServerDecoderRefusesGarbageAndEmptyFrames) {
    ServerDecoder decoder;
    EXPECT_FALSE(decoder.decode(bytes_of("\xff\xff\xff")).ok());
    auto empty = decoder.decode({});
    ASSERT_FALSE(empty.ok());
    EXPECT_NE(empty.error().message.find("no message set"), std::string::npos);
}

}  // namespace
}  // namespace switchboard::net
