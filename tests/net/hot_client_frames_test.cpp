// The wire-level codec of the hot client frames (engine/net/hot_frames.hpp) against the
// generated one: on everything our encoder writes the decoder must take the frame and decode it
// identically, and on anything else (mutated frames, random field sequences, other shapes) it
// may only decline or agree; the encoder must write the generated serializer's bytes.
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/net/client_codec.hpp"
#include "engine/net/hot_frames.hpp"
#include "engine/net/wire_reader.hpp"  // valid_utf8

#include "switchboard/v1/client.pb.h"
#include "tests/net/hot_frames_support.hpp"

namespace switchboard::net {
namespace {

using testing::bytes_of;
using testing::length_bytes;
using testing::only_frame;
using testing::random_id;
using testing::random_text;
using testing::serialized;

// Frames compare by what the generated code writes for them: equal bytes, equal content.
std::string encoded(const ClientMessage& message) {
    ClientEncoder encoder;
    FrameWriter out;
    encoder.encode_generated(message, out);
    return only_frame(out);
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
        // What the encoder does not write for every message: a Submission's payload and tags.
        const auto* a = std::get_if<runtime::Submission>(&*hot);
        const auto* b = std::get_if<runtime::Submission>(&reference.value());
        EXPECT_EQ(a == nullptr, b == nullptr);
        if (a != nullptr && b != nullptr) {
            EXPECT_EQ(a->payload, b->payload);
            EXPECT_EQ(a->correlation, b->correlation);
            EXPECT_EQ(a->origin, b->origin);
            EXPECT_EQ(a->submitted_ns, b->submitted_ns);
        }
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

// Random field sequences from the tags and values these messages use: unlike random bytes, they
// often form frames both decoders take, and often ones only the generated parser judges. At the
// top: correlations and bodies (ack 4, customer_message 10, close 14, sometimes another field);
// in a body: fields 1..6, sometimes 0 or 7..15, strings from a small alphabet or varints.
std::string random_field(std::mt19937_64& rng, std::uint8_t field, bool top) {
    static const std::vector<std::string> values{"shop", "c1", "s",    "shop", "c1",
                                                 "",     "é",  "\x80", " ",    "a b"};
    std::string out;
    if (rng() % (top ? 6 : 8) == 0) {  // a varint
        out += static_cast<char>(field << 3);
        out += static_cast<char>(rng() % 4 == 0 ? 0x81 : rng() % 0x80);
        if (static_cast<unsigned char>(out.back()) == 0x81) out += '\x01';
        return out;
    }
    std::string value;
    if (top) {
        // Mostly the two ids every body starts with, then a few more fields.
        if (rng() % 4 != 0) value += random_field(rng, 1, false) + random_field(rng, 2, false);
        for (int n = static_cast<int>(rng() % 3); n > 0; --n) {
            const auto f = static_cast<std::uint8_t>(rng() % 8 == 0 ? rng() % 16 : rng() % 6 + 1);
            value += random_field(rng, f, false);
        }
    } else {
        value = values[rng() % values.size()];
    }
    out += static_cast<char>(field << 3 | 2);
    out += length_bytes(value.size(), rng() % 8 == 0 ? static_cast<int>(rng() % 6) : 0);
    out += value;
    return out;
}

std::string random_frame(std::mt19937_64& rng) {
    static const std::vector<std::uint8_t> top_fields{1, 4, 10, 14, 10, 14, 4, 1, 3};
    std::string frame;
    for (int n = static_cast<int>(rng() % 2) + 1; n > 0; --n) {
        const std::uint8_t field = top_fields[rng() % top_fields.size()];
        frame += field == 1 ? random_field(rng, 1, false) : random_field(rng, field, true);
    }
    return frame;
}

TEST(HotFrames, RandomFieldSequencesAreDeclinedOrAgreed) {
    std::mt19937_64 rng(11);
    int taken = 0;
    int declined = 0;
    for (int i = 0; i < 50000; ++i) {
        const std::string frame = random_frame(rng);
        (agrees(frame) ? taken : declined) += 1;
    }
    EXPECT_GT(taken, 200);
    EXPECT_GT(declined, 1000);
}

// protobuf reads a length in at most five bytes, below 2^31; longer forms are malformed.
TEST(HotFrames, OverlongLengthPrefixesAreLeftToTheGeneratedParser) {
    const std::string ids = std::string(
        "\x0a\x01"
        "s"
        "\x12\x01"
        "c");  // tenant s, conversation c
    ClientDecoder decoder;
    for (int extra = 0; extra <= 5; ++extra) {
        SCOPED_TRACE("length in " + std::to_string(extra + 1) + " bytes");
        const std::string frame = "\x72" + length_bytes(ids.size(), extra) + ids;
        const bool generated_ok = decoder.decode_generated(bytes_of(frame)).ok();
        EXPECT_EQ(generated_ok, extra <= 4);
        EXPECT_EQ(agrees(frame), generated_ok);
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
