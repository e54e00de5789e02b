// The wire-level decoder of the hot frames (engine/net/hot_frames.hpp) against the generated
// one: on everything our encoder writes it must take the frame and decode it identically, and on
// anything else (mutated frames, random bytes, other shapes) it may only decline or agree.
#include "engine/net/hot_frames.hpp"

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/net/client_codec.hpp"
#include "engine/net/server_codec.hpp"

#include "switchboard/v1/client.pb.h"
#include "tests/net/wire_test_support.hpp"

namespace switchboard::net {
namespace {

using testing::bytes_of;
using testing::serialized;

constexpr std::size_t kMaxFrame = 1 << 20;

std::string only_frame(const FrameWriter& out) {
    const std::vector<std::string> frames = testing::frames_in(out, kMaxFrame);
    return frames.size() == 1 ? frames[0] : std::string("<not one frame>");
}

// Frames compare by what the generated code writes for them: equal bytes, equal content.
std::string encoded(const ClientMessage& message) {
    ClientEncoder encoder;
    FrameWriter out;
    encoder.encode_generated(message, out);
    return only_frame(out);
}

// A random id, sometimes with multi-byte UTF-8 (ids may hold any byte above space but DEL).
std::string random_id(std::mt19937_64& rng, bool may_be_empty) {
    static const std::vector<std::string> pieces{"a", "Z", "9", "-", "_", ":", ".", "é", "店", "😀"};
    const std::size_t length = rng() % 12 + (may_be_empty ? 0 : 1);
    std::string id;
    for (std::size_t i = 0; i < length; ++i) id += pieces[rng() % pieces.size()];
    return id;
}

std::string random_text(std::mt19937_64& rng) {
    static const std::vector<std::string> pieces{"hi", " ", "\n", "订单", "ü", "\t", "?", "🙂"};
    std::string text;
    for (std::size_t i = rng() % 20; i > 0; --i) text += pieces[rng() % pieces.size()];
    return text;
}

ClientMessage random_hot_message(std::mt19937_64& rng) {
    const std::uint64_t correlation = rng() % 3 == 0 ? 0 : rng() >> (rng() % 64);
    switch (rng() % 3) {
        case 0: {
            core::CustomerMessage e{random_id(rng, false),
                                    random_id(rng, false),
                                    random_id(rng, true),
                                    random_id(rng, true),
                                    {}};
            for (std::size_t i = rng() % 5; i > 0; --i) e.skills.push_back(random_id(rng, false));
            return runtime::Submission{core::Event{std::move(e)}, random_text(rng), correlation};
        }
        case 1:
            return runtime::Submission{
                core::Event{core::CloseConversation{random_id(rng, false), random_id(rng, false)}},
                {},
                correlation};
        default:
            return Ack{random_id(rng, false), random_id(rng, false), rng() % 1000 + 1, correlation};
    }
}

// The property: where the wire-level decoder takes a frame, the generated one decodes it to the
// same message. Returns whether the wire-level decoder took it.
bool agrees(const std::string& frame, DecodeLimits limits = {}) {
    const std::optional<ClientMessage> hot = decode_hot_frame(bytes_of(frame), limits);
    if (!hot) return false;
    ClientDecoder decoder(limits);
    Decoded reference = decoder.decode_generated(bytes_of(frame));
    EXPECT_TRUE(reference.ok()) << "taken by the wire-level decoder, refused by the generated one: "
                                << reference.error().message;
    if (reference.ok()) {
        EXPECT_EQ(encoded(*hot), encoded(reference.value()));
    }
    return true;
}

TEST(HotFrames, TakesEveryHotFrameOurEncoderWritesAndDecodesItAsTheGeneratedParser) {
    const std::uint64_t seed = 20261207;
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 3000; ++i) {
        const ClientMessage message = random_hot_message(rng);
        const std::string frame = encoded(message);
        ASSERT_TRUE(agrees(frame)) << "frame " << i << " not taken";
        EXPECT_EQ(encoded(*decode_hot_frame(bytes_of(frame), {})), frame);
    }
}

TEST(HotFrames, HotMessagesAreWrittenAsTheGeneratedCodeWritesThem) {
    std::mt19937_64 rng(5);
    for (int i = 0; i < 3000; ++i) {
        const ClientMessage message = random_hot_message(rng);
        FrameWriter out;
        ASSERT_TRUE(encode_hot_frame(message, out));
        ASSERT_EQ(only_frame(out), encoded(message)) << "message " << i;
    }
    // An empty element of a repeated string is still written (invalid here, but bytes are bytes).
    const ClientMessage empty_skill{runtime::Submission{
        core::Event{core::CustomerMessage{"shop", "c1", "", "", {"", "s1"}}}, "", 0}};
    FrameWriter with_empty;
    ASSERT_TRUE(encode_hot_frame(empty_skill, with_empty));
    EXPECT_EQ(only_frame(with_empty), encoded(empty_skill));

    FrameWriter out;
    EXPECT_FALSE(encode_hot_frame(ClientMessage{Ping{1}}, out));
    EXPECT_FALSE(encode_hot_frame(
        ClientMessage{runtime::Submission{core::Event{core::AgentLogout{"shop", "a1"}}, {}, 0}},
        out));
    EXPECT_EQ(out.pending_bytes(), 0u);
}

struct RandomDelivery {
    std::string tenant;
    std::string agent;
    runtime::Delivery delivery;
};

RandomDelivery random_delivery(std::mt19937_64& rng) {
    runtime::Delivery d;
    d.seq = rng() % 4 == 0 ? 0 : rng() >> (rng() % 64);
    d.kind = static_cast<runtime::DeliveryKind>(rng() % 7);  // kAssigned .. kRestored
    d.reason = static_cast<std::uint8_t>(rng() % 4);
    d.number = rng() % 3 == 0 ? 0 : static_cast<std::uint32_t>(rng());
    const auto time = [&] {  // zero, small, large, and negative engine times
        const auto ms = static_cast<std::int64_t>(rng() >> (rng() % 64 + 1));
        return base::time_from_ms(rng() % 4 == 0 ? 0 : rng() % 5 == 0 ? -ms : ms);
    };
    d.at = time();
    d.deadline = time();
    d.correlation = rng() % 3 == 0 ? 0 : rng();
    d.conversation = random_id(rng, true);
    d.payload = random_text(rng);
    return RandomDelivery{random_id(rng, true), random_id(rng, true), std::move(d)};
}

std::string generated_delivery(const DeliveryFrame& f) {
    ServerEncoder encoder;
    FrameWriter out;
    encoder.delivery_generated(f.tenant, f.agent, f.delivery, out);
    return only_frame(out);
}

runtime::Notice random_notice(std::mt19937_64& rng) {
    runtime::Notice n;
    n.kind = static_cast<runtime::NoticeKind>(rng() % 9);  // kQueued .. kOutboxOverflow
    n.reason = static_cast<std::uint8_t>(rng() % 5);
    n.number = rng() % 3 == 0 ? 0 : static_cast<std::uint32_t>(rng());
    const auto ms = static_cast<std::int64_t>(rng() >> (rng() % 64 + 1));
    n.at = base::time_from_ms(rng() % 4 == 0 ? 0 : rng() % 5 == 0 ? -ms : ms);
    n.estimated_wait =
        base::Duration{rng() % 3 == 0 ? 0 : static_cast<std::int64_t>(rng() % 100000)};
    n.correlation = rng() % 3 == 0 ? 0 : rng();
    n.tenant = random_id(rng, true);
    n.conversation = random_id(rng, true);
    n.agent = random_id(rng, true);
    n.text = random_text(rng);
    n.detail = random_text(rng);
    if (n.kind == runtime::NoticeKind::kOutboxOverflow) n.delivery = random_delivery(rng).delivery;
    return n;
}

std::string generated_notice(const runtime::Notice& n) {
    ServerEncoder encoder;
    FrameWriter out;
    encoder.notice_generated(n, out);
    return only_frame(out);
}

// The generated code's bytes for a decoded delivery or notice (content for comparing).
std::string generated_server_frame(const ServerMessage& m) {
    if (const auto* d = std::get_if<DeliveryFrame>(&m)) return generated_delivery(*d);
    if (const auto* n = std::get_if<runtime::Notice>(&m)) return generated_notice(*n);
    return "<neither a delivery nor a notice>";
}

// Where the wire-level decoder takes a server frame, the generated one decodes it alike.
bool server_agrees(const std::string& frame) {
    const std::optional<ServerMessage> hot = decode_hot_server_frame(bytes_of(frame));
    if (!hot) return false;
    ServerDecoder decoder;
    auto reference = decoder.decode_generated(bytes_of(frame));
    EXPECT_TRUE(reference.ok()) << "taken by the wire-level decoder, refused by the generated one: "
                                << reference.error().message;
    if (reference.ok()) {
        EXPECT_EQ(generated_server_frame(*hot), generated_server_frame(reference.value()));
    }
    return true;
}

TEST(HotFrames, DeliveriesAreWrittenAsTheGeneratedCodeWritesThem) {
    std::mt19937_64 rng(13);
    ServerEncoder encoder;
    for (int i = 0; i < 5000; ++i) {
        const RandomDelivery r = random_delivery(rng);
        FrameWriter hand;
        encoder.delivery(r.tenant, r.agent, r.delivery, hand);
        ASSERT_EQ(only_frame(hand), generated_delivery({r.tenant, r.agent, r.delivery}))
            << "delivery " << i;
    }
}

TEST(HotFrames, DeliveriesAreDecodedAsTheGeneratedParserDecodesThem) {
    std::mt19937_64 rng(17);
    for (int i = 0; i < 5000; ++i) {
        const RandomDelivery r = random_delivery(rng);
        const std::string frame = generated_delivery({r.tenant, r.agent, r.delivery});
        ASSERT_TRUE(server_agrees(frame)) << "delivery " << i << " not taken";
    }
}

TEST(HotFrames, NoticesAreWrittenAndDecodedAsTheGeneratedCodeDoes) {
    std::mt19937_64 rng(23);
    ServerEncoder encoder;
    int overflows = 0;
    for (int i = 0; i < 5000; ++i) {
        const runtime::Notice n = random_notice(rng);
        FrameWriter out;
        encoder.notice(n, out);
        const std::string frame = only_frame(out);
        ASSERT_EQ(frame, generated_notice(n)) << "notice " << i;
        // OUTBOX_OVERFLOW nests a delivery: left to the generated code both ways.
        const bool overflow = n.kind == runtime::NoticeKind::kOutboxOverflow;
        overflows += overflow;
        FrameWriter hand;
        ASSERT_EQ(encode_notice_frame(n, hand), !overflow);
        ASSERT_EQ(server_agrees(frame), !overflow) << "notice " << i;
    }
    EXPECT_GT(overflows, 100);
}

TEST(HotFrames, MutatedServerFramesAreDeclinedOrDecodedAsTheGeneratedParserDoes) {
    std::mt19937_64 rng(19);
    int taken = 0;
    int declined = 0;
    for (int i = 0; i < 20000; ++i) {
        const RandomDelivery r = random_delivery(rng);
        std::string frame = i % 2 == 0 ? generated_delivery({r.tenant, r.agent, r.delivery})
                                       : generated_notice(random_notice(rng));
        const std::size_t at = rng() % frame.size();
        switch (rng() % 3) {
            case 0:
                frame[at] = static_cast<char>(rng());
                break;
            case 1:
                frame.resize(at);
                break;
            default:
                frame.insert(frame.begin() + static_cast<std::ptrdiff_t>(at),
                             static_cast<char>(rng()));
                break;
        }
        (server_agrees(frame) ? taken : declined) += 1;
    }
    EXPECT_GT(taken, 1000);
    EXPECT_GT(declined, 1000);
}

TEST(HotFrames, MutatedFramesAreDeclinedOrDecodedAsTheGeneratedParserDoes) {
    const std::uint64_t seed = 7;
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937_64 rng(seed);
    int taken = 0;
    int declined = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string frame = encoded(random_hot_message(rng));
        for (int m = static_cast<int>(rng() % 3) + 1; m > 0 && !frame.empty(); --m) {
            const std::size_t at = rng() % frame.size();
            switch (rng() % 5) {
                case 0:  // flip a bit
                    frame[at] = static_cast<char>(frame[at] ^ (1 << (rng() % 8)));
                    break;
                case 1:  // replace a byte
                    frame[at] = static_cast<char>(rng());
                    break;
                case 2:  // cut the frame
                    frame.resize(at);
                    break;
                case 3:  // insert a byte
                    frame.insert(frame.begin() + static_cast<std::ptrdiff_t>(at),
                                 static_cast<char>(rng()));
                    break;
                default:  // repeat a stretch (fields twice)
                    frame += frame.substr(at, rng() % 8 + 1);
                    break;
            }
        }
        (agrees(frame) ? taken : declined) += 1;
    }
    // Both outcomes must be common, or the property says little.
    EXPECT_GT(taken, 1000);
    EXPECT_GT(declined, 1000);
}

TEST(HotFrames, RandomBytesAreDeclinedOrAgreed) {
    std::mt19937_64 rng(11);
    for (int i = 0; i < 20000; ++i) {
        std::string frame(rng() % 40, '\0');
        for (char& c : frame) c = static_cast<char>(rng());
        if (rng() % 2 == 0 && !frame.empty()) frame[0] = static_cast<char>(0x72);  // close body
        agrees(frame);
    }
}

// Shapes the generated parser accepts with its own rules (last correlation wins, a body given
// twice merges, unknown fields are skipped) are left to it: decode() still gives its answer.
TEST(HotFrames, OtherShapesAreLeftToTheGeneratedParser) {
    v1::ClientFrame first;
    first.set_correlation(5);
    first.mutable_close_conversation()->set_tenant("shop");
    v1::ClientFrame second;
    second.set_correlation(6);
    second.mutable_close_conversation()->set_conversation("c1");
    const std::string twice = serialized(first) + serialized(second);
    EXPECT_FALSE(decode_hot_frame(bytes_of(twice), {}).has_value());
    ClientDecoder decoder;
    Decoded merged = decoder.decode(bytes_of(twice));
    ASSERT_TRUE(merged.ok());
    const auto& s = std::get<runtime::Submission>(merged.value());
    EXPECT_EQ(s.correlation, 6u);
    EXPECT_EQ(std::get<core::CloseConversation>(s.event).tenant, "shop");
    EXPECT_EQ(std::get<core::CloseConversation>(s.event).conversation, "c1");

    std::string unknown = serialized(second);
    unknown += std::string("\xa0\x06\x01", 3);  // field 100, varint 1
    EXPECT_FALSE(decode_hot_frame(bytes_of(unknown), {}).has_value());

    v1::ClientFrame ping;
    ping.mutable_ping();
    EXPECT_FALSE(decode_hot_frame(bytes_of(serialized(ping)), {}).has_value());
}

TEST(HotFrames, InvalidFieldsAreLeftToTheGeneratedParserForItsMessage) {
    v1::ClientFrame f;
    f.set_correlation(9);
    f.mutable_customer_message()->set_tenant("shop");  // no conversation
    EXPECT_FALSE(decode_hot_frame(bytes_of(serialized(f)), {}).has_value());
    ClientDecoder decoder;
    Decoded d = decoder.decode(bytes_of(serialized(f)));
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.error().message.find("customer_message.conversation"), std::string::npos);

    f.mutable_customer_message()->set_conversation("c1");
    f.mutable_customer_message()->set_text(std::string(11, 'x'));
    EXPECT_FALSE(decode_hot_frame(bytes_of(serialized(f)), DecodeLimits{10}).has_value());
    EXPECT_TRUE(decode_hot_frame(bytes_of(serialized(f)), DecodeLimits{11}).has_value());
}

TEST(HotFrames, Utf8ValidationFollowsRfc3629) {
    EXPECT_TRUE(valid_utf8(""));
    EXPECT_TRUE(valid_utf8("plain ascii, longer than eight bytes"));
    EXPECT_TRUE(valid_utf8("\xc3\xa9\xe5\xba\x97\xf0\x9f\x98\x80"));      // é 店 😀
    EXPECT_TRUE(valid_utf8("\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf"));  // U+D7FF U+E000 U+10FFFF
    EXPECT_FALSE(valid_utf8("\x80"));              // a continuation byte first
    EXPECT_FALSE(valid_utf8("\xc0\x80"));          // overlong NUL
    EXPECT_FALSE(valid_utf8("\xc1\xbf"));          // overlong 2-byte
    EXPECT_FALSE(valid_utf8("\xe0\x9f\xbf"));      // overlong 3-byte
    EXPECT_FALSE(valid_utf8("\xed\xa0\x80"));      // surrogate U+D800
    EXPECT_FALSE(valid_utf8("\xf0\x8f\xbf\xbf"));  // overlong 4-byte
    EXPECT_FALSE(valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(valid_utf8("\xf5\x80\x80\x80"));
    EXPECT_FALSE(valid_utf8("abcdefgh\xe5\xba"));  // cut short after an ASCII run
    EXPECT_FALSE(valid_utf8("\xe5\x41\x41"));      // not a continuation
}

// The generated parser is the judge of UTF-8 too: random bytes as a message's text.
TEST(HotFrames, Utf8VerdictMatchesTheGeneratedParser) {
    std::mt19937_64 rng(3);
    int valid = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string text(rng() % 6, '\0');
        for (char& c : text) c = static_cast<char>(rng() % 2 ? 0x80 | rng() % 0x80 : rng());
        v1::ClientFrame f;
        f.mutable_customer_message()->set_tenant("shop");
        f.mutable_customer_message()->set_conversation("c1");
        f.mutable_customer_message()->set_text(text);
        ClientDecoder decoder;
        const bool generated_ok = decoder.decode_generated(bytes_of(serialized(f))).ok();
        ASSERT_EQ(valid_utf8(text), generated_ok) << testing::text_of(bytes_of(text));
        valid += generated_ok;
    }
    EXPECT_GT(valid, 1000);
}

}  // namespace
}  // namespace switchboard::net
