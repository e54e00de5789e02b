// ClientFrame -> ClientMessage: what reaches the engine, and the Error frame for each bad input.
#include <cstdint>
#include <string>
#include <variant>

#include <gtest/gtest.h>

#include "engine/net/client_codec.hpp"

#include "switchboard/v1/client.pb.h"
#include "tests/net/wire_test_support.hpp"

namespace switchboard::net {
namespace {

using testing::bytes_of;
using testing::serialized;

Decoded decode(const v1::ClientFrame& frame, DecodeLimits limits = {}) {
    ClientDecoder decoder(limits);
    return decoder.decode(bytes_of(serialized(frame)));
}

// The Error frame for `frame`; fails the test if it decodes.
ErrorFrame error_for(const v1::ClientFrame& frame, DecodeLimits limits = {}) {
    Decoded d = decode(frame, limits);
    EXPECT_FALSE(d.ok());
    return d.ok() ? ErrorFrame{} : d.error();
}

void expect_invalid(const v1::ClientFrame& frame, std::string_view text, DecodeLimits limits = {}) {
    const ErrorFrame e = error_for(frame, limits);
    EXPECT_EQ(e.code, WireError::kInvalidField);
    EXPECT_FALSE(e.closing);
    EXPECT_NE(e.message.find(text), std::string::npos) << e.message;
}

runtime::Submission submission_of(const v1::ClientFrame& frame, DecodeLimits limits = {}) {
    Decoded d = decode(frame, limits);
    if (!d.ok()) {
        ADD_FAILURE() << d.error().message;
        return {};
    }
    EXPECT_TRUE(std::holds_alternative<runtime::Submission>(d.value()));
    return std::get<runtime::Submission>(d.value());
}

v1::ClientFrame customer_message(std::string tenant, std::string conversation) {
    v1::ClientFrame f;
    f.set_correlation(42);
    f.mutable_customer_message()->set_tenant(std::move(tenant));
    f.mutable_customer_message()->set_conversation(std::move(conversation));
    return f;
}

v1::ClientFrame login() {
    v1::ClientFrame f;
    v1::AgentLogin& m = *f.mutable_agent_login();
    m.set_tenant("shop7");
    m.set_agent("alice@shop7");
    v1::SkillGrant& s = *m.add_skills();
    s.set_skill("billing");
    s.set_level(7);
    m.add_groups("senior");
    return f;
}

TEST(ClientDecode, HelloCarriesVersionGatewayAndToken) {
    v1::ClientFrame f;
    f.set_correlation(1);
    f.mutable_hello()->set_protocol_version(1);
    f.mutable_hello()->set_gateway_id("web-chat-1");
    f.mutable_hello()->set_token("s3cret");
    Decoded d = decode(f);
    ASSERT_TRUE(d.ok());
    const Hello& h = std::get<Hello>(d.value());
    EXPECT_EQ(h.protocol_version, 1u);
    EXPECT_EQ(h.gateway_id, "web-chat-1");
    EXPECT_EQ(h.token, "s3cret");
    EXPECT_EQ(h.correlation, 1u);
}

TEST(ClientDecode, HelloWithoutTokenIsInvalid) {
    v1::ClientFrame f;
    f.mutable_hello()->set_protocol_version(1);
    f.mutable_hello()->set_gateway_id("gw");
    expect_invalid(f, "hello.token: must not be empty");
}

TEST(ClientDecode, HelloWithVersionZeroIsInvalid) {
    v1::ClientFrame f;
    f.mutable_hello()->set_gateway_id("gw");
    f.mutable_hello()->set_token("t");
    expect_invalid(f, "hello.protocol_version: must be 1..");
}

TEST(ClientDecode, PingCarriesItsCorrelation) {
    v1::ClientFrame f;
    f.set_correlation(77);
    f.mutable_ping();
    Decoded d = decode(f);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(std::get<Ping>(d.value()).correlation, 77u);
}

TEST(ClientDecode, AckNamesAgentAndSeq) {
    v1::ClientFrame f;
    f.mutable_ack()->set_tenant("shop7");
    f.mutable_ack()->set_agent("alice");
    f.mutable_ack()->set_seq(9);
    Decoded d = decode(f);
    ASSERT_TRUE(d.ok());
    const Ack& a = std::get<Ack>(d.value());
    EXPECT_EQ(a.tenant, "shop7");
    EXPECT_EQ(a.agent, "alice");
    EXPECT_EQ(a.seq, 9u);
}

TEST(ClientDecode, AckOfSeqZeroIsInvalid) {
    v1::ClientFrame f;
    f.mutable_ack()->set_tenant("shop7");
    f.mutable_ack()->set_agent("alice");
    expect_invalid(f, "ack.seq: must be 1..");
}

TEST(ClientDecode, ResendNamesTheAgent) {
    v1::ClientFrame f;
    f.mutable_resend()->set_tenant("shop7");
    f.mutable_resend()->set_agent("alice");
    Decoded d = decode(f);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(std::get<Resend>(d.value()).agent, "alice");
}

TEST(ClientDecode, ResendWithoutTenantIsInvalid) {
    v1::ClientFrame f;
    f.mutable_resend()->set_agent("alice");
    expect_invalid(f, "resend.tenant: must not be empty");
}

TEST(ClientDecode, CustomerMessageBecomesSubmissionWithTextAndCorrelation) {
    v1::ClientFrame f = customer_message("shop7", "c-1");
    f.mutable_customer_message()->set_customer("bob");
    f.mutable_customer_message()->set_tier("vip");
    f.mutable_customer_message()->add_skills("billing");
    f.mutable_customer_message()->set_text("where is my parcel?");
    const runtime::Submission s = submission_of(f);
    EXPECT_EQ(s.correlation, 42u);
    EXPECT_EQ(s.payload, "where is my parcel?");
    const auto& m = std::get<core::CustomerMessage>(s.event);
    EXPECT_EQ(m.tenant, "shop7");
    EXPECT_EQ(m.conversation, "c-1");
    EXPECT_EQ(m.customer, "bob");
    EXPECT_EQ(m.tier, "vip");
    EXPECT_EQ(m.skills, std::vector<std::string>{"billing"});
}

TEST(ClientDecode, AgentLoginKeepsSkillLevelsGroupsAndOptionalCapacity) {
    v1::ClientFrame f = login();
    auto s = submission_of(f);
    const auto& without = std::get<core::AgentLogin>(s.event);
    ASSERT_EQ(without.skills.size(), 1u);
    EXPECT_EQ(without.skills[0].skill, "billing");
    EXPECT_EQ(without.skills[0].level, 7);
    EXPECT_EQ(without.groups, std::vector<std::string>{"senior"});
    EXPECT_FALSE(without.capacity.has_value());
    f.mutable_agent_login()->set_capacity(0);  // present, even when zero
    s = submission_of(f);
    EXPECT_EQ(std::get<core::AgentLogin>(s.event).capacity, std::optional<std::uint32_t>(0));
}

TEST(ClientDecode, ReplyTextIsHashedAndHashPassesThrough) {
    v1::ClientFrame f;
    v1::AgentReply& r = *f.mutable_agent_reply();
    r.set_tenant("shop7");
    r.set_agent("alice");
    r.set_conversation("c-1");
    r.set_quick_phrase(true);
    r.set_text("Thanks for waiting!");
    auto reply = std::get<core::AgentReply>(submission_of(f).event);
    EXPECT_TRUE(reply.quick_phrase);
    EXPECT_EQ(reply.text_hash, reply_text_hash("Thanks for waiting!"));
    EXPECT_EQ(reply_text_hash(""), 0xcbf29ce484222325ull);  // FNV-1a 64 of nothing
    r.set_text_hash(12345);
    reply = std::get<core::AgentReply>(submission_of(f).event);
    EXPECT_EQ(reply.text_hash, 12345u);
}

TEST(ClientDecode, ReplyWithNeitherTextNorHashIsInvalid) {
    v1::ClientFrame f;
    f.mutable_agent_reply()->set_tenant("shop7");
    f.mutable_agent_reply()->set_agent("alice");
    f.mutable_agent_reply()->set_conversation("c-1");
    expect_invalid(f, "agent_reply.body: expected text or text_hash, got neither");
}

TEST(ClientDecode, EmptyTenantIsNamed) {
    expect_invalid(customer_message("", "c-1"), "customer_message.tenant: must not be empty");
}

TEST(ClientDecode, ErrorNamesTheFramesCorrelation) {
    const ErrorFrame e = error_for(customer_message("", "c-1"));
    EXPECT_EQ(e.correlation, 42u);
    EXPECT_EQ(e.message.rfind("client frame (correlation 42): ", 0), 0u) << e.message;
}

TEST(ClientDecode, IdWithSpaceIsInvalid) {
    expect_invalid(customer_message("shop7", "c 1"),
                   "customer_message.conversation: must not contain spaces or control "
                   "characters, got byte 32 at offset 1 in 'c 1'");
}

TEST(ClientDecode, IdWithControlCharacterIsInvalid) {
    expect_invalid(customer_message("shop\n7", "c-1"),
                   "customer_message.tenant: must not contain spaces or control characters, got "
                   "byte 10 at offset 4 in 'shop\\x0a7'");
}

TEST(ClientDecode, IdOfMoreThan128BytesIsInvalid) {
    const Decoded at_limit = decode(customer_message("shop7", std::string(kMaxIdBytes, 'c')));
    EXPECT_TRUE(at_limit.ok());
    expect_invalid(customer_message("shop7", std::string(kMaxIdBytes + 1, 'c')),
                   "customer_message.conversation: must be at most 128 bytes, got 129 bytes");
}

TEST(ClientDecode, RepeatedIdIsNamedWithItsIndex) {
    v1::ClientFrame f = login();
    f.mutable_agent_login()->add_groups("night shift");
    expect_invalid(f, "agent_login.groups[1]: must not contain spaces");
    f = login();
    f.mutable_agent_login()->mutable_skills(0)->set_skill("");
    expect_invalid(f, "agent_login.skills[0].skill: must not be empty");
}

TEST(ClientDecode, SkillLevelOutsideOneToTenIsInvalid) {
    v1::ClientFrame f = login();
    f.mutable_agent_login()->mutable_skills(0)->set_level(0);
    expect_invalid(f, "agent_login.skills[0].level: must be 1..10, got 0");
    f.mutable_agent_login()->mutable_skills(0)->set_level(300);
    expect_invalid(f, "agent_login.skills[0].level: must be 1..10, got 300");
}

TEST(ClientDecode, MoreSkillsThanTheModelHoldsIsInvalid) {
    v1::ClientFrame f = customer_message("shop7", "c-1");
    for (int i = 0; i < 65; ++i) f.mutable_customer_message()->add_skills("s" + std::to_string(i));
    expect_invalid(f, "customer_message.skills: must have at most 64 entries, got 65");
}

TEST(ClientDecode, UnknownPresenceValueIsInvalid) {
    v1::ClientFrame f;
    f.mutable_agent_status()->set_tenant("shop7");
    f.mutable_agent_status()->set_agent("alice");
    f.mutable_agent_status()->set_presence(static_cast<v1::Presence>(7));
    expect_invalid(f,
                   "agent_status.presence: must be PRESENCE_AVAILABLE (1) or PRESENCE_AWAY (2), "
                   "got 7");
    f.mutable_agent_status()->set_presence(v1::PRESENCE_UNSPECIFIED);
    expect_invalid(f,
                   "agent_status.presence: must be PRESENCE_AVAILABLE (1) or PRESENCE_AWAY (2), "
                   "got 0");
    f.mutable_agent_status()->set_presence(v1::PRESENCE_AWAY);
    EXPECT_EQ(std::get<core::AgentStatusChange>(submission_of(f).event).presence,
              core::Presence::kAway);
}

TEST(ClientDecode, PayloadOverTheConfiguredMaximumIsInvalid) {
    DecodeLimits limits;
    limits.max_payload_bytes = 16;
    v1::ClientFrame f = customer_message("shop7", "c-1");
    f.mutable_customer_message()->set_text(std::string(16, 'x'));
    EXPECT_EQ(submission_of(f, limits).payload.size(), 16u);
    f.mutable_customer_message()->set_text(std::string(17, 'x'));
    expect_invalid(f, "customer_message.text: must be at most 16 bytes, got 17", limits);
}

TEST(ClientDecode, ReplyTextOverTheConfiguredMaximumIsInvalid) {
    DecodeLimits limits;
    limits.max_payload_bytes = 4;
    v1::ClientFrame f;
    f.mutable_agent_reply()->set_tenant("shop7");
    f.mutable_agent_reply()->set_agent("alice");
    f.mutable_agent_reply()->set_conversation("c-1");
    f.mutable_agent_reply()->set_text("hello");
    expect_invalid(f, "agent_reply.text: must be at most 4 bytes, got 5", limits);
}

TEST(ClientDecode, FrameWithNoMessageIsUnknown) {
    v1::ClientFrame f;
    f.set_correlation(5);
    const ErrorFrame e = error_for(f);
    EXPECT_EQ(e.code, WireError::kUnknownMessage);
    EXPECT_EQ(e.correlation, 5u);
    EXPECT_FALSE(e.closing);
}

TEST(ClientDecode, MessageFromANewerProtocolIsUnknown) {
    // Field 99, length-delimited, empty: a body this build has no member for.
    ClientDecoder decoder;
    Decoded d = decoder.decode(bytes_of(std::string("\x9a\x06\x00", 3)));
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().code, WireError::kUnknownMessage);
}

TEST(ClientDecode, GarbageBytesAreMalformedAndClose) {
    ClientDecoder decoder;
    Decoded d = decoder.decode(bytes_of("\xff\xff\xff\xff"));
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().code, WireError::kMalformedFrame);
    EXPECT_TRUE(d.error().closing);
    EXPECT_NE(d.error().message.find("is not a valid ClientFrame"), std::string::npos);
}

TEST(ClientDecode, InvalidUtf8InAStringFieldIsMalformed) {
    // customer_message (field 10) { tenant (field 1) = "\xc3\x28" } built by hand: the
    // generated setters would not stop us, but the parser must.
    const std::string body = std::string("\x0a\x02\xc3\x28", 4);
    const std::string frame = std::string("\x52") + static_cast<char>(body.size()) + body;
    ClientDecoder decoder;
    Decoded d = decoder.decode(bytes_of(frame));
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().code, WireError::kMalformedFrame);
}

TEST(ClientDecode, SeededGarbageNeverCrashesTheDecoder) {
    ClientDecoder decoder;
    std::uint64_t state = 2024;  // seeded: the same garbage every run
    for (int round = 0; round < 5000; ++round) {
        std::string garbage(1 + round % 48, '\0');
        for (char& c : garbage) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            c = static_cast<char>(state >> 56);
        }
        Decoded d = decoder.decode(bytes_of(garbage));
        if (d.ok()) continue;  // rare: random bytes that happen to form a valid frame
        const WireError code = d.error().code;
        EXPECT_TRUE(code == WireError::kMalformedFrame || code == WireError::kUnknownMessage ||
                    code == WireError::kInvalidField)
            << "seed 2024, round " << round << ": " << to_string(code);
    }
}

}  // namespace
}  // namespace switchboard::net
