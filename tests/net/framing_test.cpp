// The delimited byte stream: frames in, frames out, in any split, and every malformed prefix.
#include "engine/net/framing.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/net/messages.hpp"

#include "tests/net/wire_test_support.hpp"

namespace switchboard::net {
namespace {

using testing::bytes_of;
using testing::frames_in;
using testing::text_of;

constexpr std::size_t kMax = 64 * 1024;

// Bodies whose lengths cross the 1-, 2- and 3-byte varint boundaries.
std::vector<std::string> sample_bodies() {
    std::vector<std::string> bodies;
    for (std::size_t size : {0u, 1u, 5u, 127u, 128u, 300u, 16383u, 16384u, 20000u}) {
        std::string body(size, '\0');
        for (std::size_t i = 0; i < size; ++i) body[i] = static_cast<char>('a' + (i + size) % 26);
        bodies.push_back(body);
    }
    return bodies;
}

std::string stream_of(const std::vector<std::string>& bodies) {
    FrameWriter writer;
    for (const std::string& b : bodies) writer.append(bytes_of(b));
    return text_of(writer.pending());
}

// Drains every complete frame; fails the test on an error.
void drain(FrameReader& reader, std::vector<std::string>& out) {
    for (;;) {
        auto next = reader.next();
        ASSERT_TRUE(next.ok()) << next.error().message;
        if (!next->has_value()) return;
        out.push_back(text_of(**next));
    }
}

base::Error error_after(std::string_view bytes, std::size_t max_frame = kMax) {
    FrameReader reader(max_frame);
    reader.append(bytes_of(bytes));
    auto next = reader.next();
    EXPECT_FALSE(next.ok());
    return next.ok() ? base::Error{} : next.error();
}

TEST(Framing, OneFrameRoundTrips) {
    FrameWriter writer;
    writer.append(bytes_of("hello"));
    EXPECT_EQ(text_of(writer.pending()), std::string("\x05hello"));
    EXPECT_EQ(frames_in(writer, kMax), std::vector<std::string>{"hello"});
}

TEST(Framing, EmptyBodyIsAFrame) {
    FrameWriter writer;
    writer.append({});
    EXPECT_EQ(writer.pending_bytes(), 1u);
    EXPECT_EQ(frames_in(writer, kMax), std::vector<std::string>{""});
}

TEST(Framing, ManyFramesCoalesceIntoOneBuffer) {
    std::vector<std::string> bodies;
    for (int round = 0; round < 50; ++round) {
        for (const std::string& b : sample_bodies()) bodies.push_back(b);
    }
    FrameWriter writer;
    for (const std::string& b : bodies) writer.append(bytes_of(b));
    EXPECT_EQ(frames_in(writer, kMax), bodies);
}

TEST(Framing, FramesSplitAtEveryByteBoundaryReassemble) {
    const std::vector<std::string> bodies = {"a", "", std::string(200, 'x'), "last"};
    const std::string stream = stream_of(bodies);
    for (std::size_t split = 0; split <= stream.size(); ++split) {
        FrameReader reader(kMax);
        std::vector<std::string> got;
        reader.append(bytes_of(std::string_view(stream).substr(0, split)));
        drain(reader, got);
        reader.append(bytes_of(std::string_view(stream).substr(split)));
        drain(reader, got);
        EXPECT_EQ(got, bodies) << "split at byte " << split;
        EXPECT_EQ(reader.buffered(), 0u);
    }
}

TEST(Framing, FramesFedOneByteAtATimeReassemble) {
    const std::vector<std::string> bodies = sample_bodies();
    const std::string stream = stream_of(bodies);
    FrameReader reader(kMax);
    std::vector<std::string> got;
    for (char c : stream) {
        reader.append(bytes_of(std::string_view(&c, 1)));
        drain(reader, got);
    }
    EXPECT_EQ(got, bodies);
}

TEST(Framing, PartialPrefixOrBodyNeedsMoreBytes) {
    FrameReader reader(kMax);
    reader.append(bytes_of("\x80"));  // first byte of a two-byte length
    auto next = reader.next();
    ASSERT_TRUE(next.ok());
    EXPECT_FALSE(next->has_value());
    reader.append(bytes_of(std::string("\x01", 1) + std::string(127, 'z')));  // 128 announced
    next = reader.next();
    ASSERT_TRUE(next.ok());
    EXPECT_FALSE(next->has_value());
    EXPECT_EQ(reader.buffered(), 129u);
    reader.append(bytes_of("z"));
    next = reader.next();
    ASSERT_TRUE(next.ok());
    ASSERT_TRUE(next->has_value());
    EXPECT_EQ((*next)->size(), 128u);
}

TEST(Framing, SocketStyleReadsThroughPrepareAndCommit) {
    const std::string stream = stream_of(sample_bodies());
    FrameReader reader(kMax);
    std::vector<std::string> got;
    for (std::size_t at = 0; at < stream.size();) {
        std::span<std::byte> area = reader.prepare(4096);
        const std::size_t n =
            std::min(area.size(), std::min<std::size_t>(1000, stream.size() - at));
        std::memcpy(area.data(), stream.data() + at, n);
        reader.commit(n);
        at += n;
        drain(reader, got);
    }
    EXPECT_EQ(got, sample_bodies());
}

TEST(Framing, VarintLongerThanTenBytesIsMalformed) {
    const base::Error e = error_after(std::string(11, '\x80'));
    EXPECT_EQ(e.code, base::ErrorCode::kInvalidArgument);
    EXPECT_NE(e.message.find("longer than 10 bytes"), std::string::npos) << e.message;
    EXPECT_EQ(framing_error(e).code, WireError::kMalformedFrame);
    EXPECT_TRUE(framing_error(e).closing);
}

TEST(Framing, VarintBeyondSixtyFourBitsIsMalformed) {
    const base::Error e = error_after(std::string(9, '\xff') + "\x02");
    EXPECT_EQ(e.code, base::ErrorCode::kInvalidArgument);
    EXPECT_NE(e.message.find("overflows 64 bits"), std::string::npos) << e.message;
}

TEST(Framing, MalformedPrefixNamesItsStreamOffset) {
    const std::string stream = stream_of({"abc"}) + std::string(11, '\x80');
    FrameReader reader(kMax);
    reader.append(bytes_of(stream));
    ASSERT_TRUE(reader.next().ok());  // the first frame is fine; the second is not
    auto second = reader.next();
    ASSERT_FALSE(second.ok());
    EXPECT_NE(second.error().message.find("frame at stream byte 4"), std::string::npos)
        << second.error().message;
}

TEST(Framing, ErrorIsStickyAfterMoreBytes) {
    FrameReader reader(kMax);
    reader.append(bytes_of(std::string(11, '\x80')));
    ASSERT_FALSE(reader.next().ok());
    reader.append(bytes_of("\x01x"));
    EXPECT_FALSE(reader.next().ok());
}

TEST(Framing, OversizeFrameIsRefusedBeforeItsBodyArrives) {
    FrameReader reader(100);
    reader.append(bytes_of("\x65"));  // 101 bytes announced, none sent
    auto next = reader.next();
    ASSERT_FALSE(next.ok());
    EXPECT_EQ(next.error().code, base::ErrorCode::kResourceExhausted);
    EXPECT_NE(next.error().message.find("says 101 bytes"), std::string::npos);
    EXPECT_NE(next.error().message.find("maximum frame size of 100"), std::string::npos);
    EXPECT_EQ(framing_error(next.error()).code, WireError::kFrameTooLarge);
}

TEST(Framing, FrameOfExactlyTheMaximumIsAccepted) {
    FrameWriter writer;
    writer.append(bytes_of(std::string(100, 'm')));
    EXPECT_EQ(frames_in(writer, 100).size(), 1u);
}

TEST(Framing, LargestTenByteVarintIsOversizeNotMalformed) {
    const base::Error e = error_after(std::string(9, '\xff') + "\x01");
    EXPECT_EQ(e.code, base::ErrorCode::kResourceExhausted);
}

TEST(Framing, GarbageBytesNeverCrashTheReader) {
    std::uint64_t state = 12345;  // seeded: the same garbage every run
    for (int round = 0; round < 2000; ++round) {
        FrameReader reader(256);
        std::string garbage(1 + round % 64, '\0');
        for (char& c : garbage) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            c = static_cast<char>(state >> 56);
        }
        reader.append(bytes_of(garbage));
        for (int i = 0; i < 100; ++i) {
            auto next = reader.next();
            if (!next.ok() || !next->has_value()) break;
            EXPECT_LE((*next)->size(), 256u);
        }
        EXPECT_LE(reader.buffered(), garbage.size());
    }
}

TEST(Framing, WriterConsumesPartialWrites) {
    FrameWriter writer;
    writer.append(bytes_of("abc"));
    writer.append(bytes_of("de"));
    writer.consume(2);  // "\x03a" went out
    EXPECT_EQ(text_of(writer.pending()), std::string("bc\x02"
                                                     "de"));
    writer.append(bytes_of("f"));
    writer.consume(writer.pending_bytes());
    EXPECT_EQ(writer.pending_bytes(), 0u);
}

TEST(Framing, VarintSizeMatchesEncoding) {
    for (std::uint64_t v : {0ull, 1ull, 127ull, 128ull, 16383ull, 16384ull, (1ull << 35), ~0ull}) {
        std::vector<std::byte> out;
        append_varint(out, v);
        EXPECT_EQ(out.size(), varint_size(v)) << v;
    }
    std::vector<std::byte> max;
    append_varint(max, ~0ull);
    EXPECT_EQ(max.size(), kMaxVarintBytes);
}

}  // namespace
}  // namespace switchboard::net
