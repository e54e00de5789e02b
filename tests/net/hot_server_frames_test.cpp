// The wire-level codec of deliveries and notices (engine/net/hot_frames.hpp) against the
// generated one: the hand-written bytes equal the generated serializer's, and a server frame the
// wire-level decoder takes decodes exactly as the generated parser decodes it.
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/net/hot_frames.hpp"
#include "engine/net/server_codec.hpp"

#include "tests/net/hot_frames_support.hpp"

namespace switchboard::net {
namespace {

using testing::bytes_of;
using testing::only_frame;
using testing::random_id;
using testing::random_text;

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
        const auto ms = static_cast<std::int64_t>(rng() >> (rng() % 63 + 1));
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
    const auto ms = static_cast<std::int64_t>(rng() >> (rng() % 63 + 1));
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

void expect_same(const runtime::Delivery& a, const runtime::Delivery& b) {
    EXPECT_EQ(a.seq, b.seq);
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.reason, b.reason);
    EXPECT_EQ(a.number, b.number);
    EXPECT_TRUE(a.at == b.at);
    EXPECT_TRUE(a.deadline == b.deadline);
    EXPECT_EQ(a.correlation, b.correlation);
    EXPECT_EQ(a.conversation, b.conversation);
    EXPECT_EQ(a.payload, b.payload);
}

void expect_same(const ServerMessage& a, const ServerMessage& b) {
    ASSERT_EQ(a.index(), b.index());
    if (const auto* d = std::get_if<DeliveryFrame>(&a)) {
        const auto& e = std::get<DeliveryFrame>(b);
        EXPECT_EQ(d->tenant, e.tenant);
        EXPECT_EQ(d->agent, e.agent);
        expect_same(d->delivery, e.delivery);
    } else if (const auto* n = std::get_if<runtime::Notice>(&a)) {
        const auto& m = std::get<runtime::Notice>(b);
        EXPECT_EQ(n->kind, m.kind);
        EXPECT_EQ(n->reason, m.reason);
        EXPECT_EQ(n->number, m.number);
        EXPECT_EQ(n->gateway, m.gateway);
        EXPECT_EQ(n->origin, m.origin);
        EXPECT_TRUE(n->at == m.at);
        EXPECT_TRUE(n->estimated_wait == m.estimated_wait);
        EXPECT_EQ(n->correlation, m.correlation);
        EXPECT_EQ(n->tenant, m.tenant);
        EXPECT_EQ(n->conversation, m.conversation);
        EXPECT_EQ(n->agent, m.agent);
        EXPECT_EQ(n->text, m.text);
        EXPECT_EQ(n->detail, m.detail);
        expect_same(n->delivery, m.delivery);
    }
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
        expect_same(*hot, reference.value());  // the fields the encoder leaves out too
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

}  // namespace
}  // namespace switchboard::net
