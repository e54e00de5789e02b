// GatewayClient on one end of a socket pair: what it reports about frames, without a server.
#include "engine/net/gateway_client.hpp"

#include <chrono>
#include <memory>
#include <thread>
#include <variant>

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine/net/server_codec.hpp"

namespace switchboard::net {
namespace {

using Clock = std::chrono::steady_clock;

// The client owns one end; the test writes server frames into the other.
struct Pair {
    Pair() {
        int fds[2];
        EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
        client = std::make_unique<GatewayClient>(fds[0], 1 << 20);
        peer = fds[1];
    }
    ~Pair() { ::close(peer); }

    // Writes Pongs `first`..`last` with one write() call, so that one recv() can take them all.
    void write_pongs(std::uint64_t first, std::uint64_t last) {
        FrameWriter out;
        for (std::uint64_t c = first; c <= last; ++c) encoder.pong(Pong{c}, out);
        const auto bytes = out.pending();
        ASSERT_EQ(::write(peer, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
    }

    std::uint64_t next_pong(std::chrono::milliseconds wait) {
        auto m = client->next(wait);
        EXPECT_TRUE(m.ok() && m.value()) << (m.ok() ? "no frame" : m.error().message);
        if (!m.ok() || !m.value() || !std::holds_alternative<Pong>(*m.value())) return 0;
        return std::get<Pong>(*m.value()).correlation;
    }

    std::unique_ptr<GatewayClient> client;
    int peer = -1;
    ServerEncoder encoder;
};

TEST(GatewayClient, ReceivedAtIsZeroBeforeTheFirstFrame) {
    Pair p;
    EXPECT_EQ(p.client->received_at(), Clock::time_point{});
}

// Frames that one recv() brought share its time, however late they are handed out; a frame
// of a later recv() gets that recv()'s time.
TEST(GatewayClient, EachFrameCarriesTheTimeOfTheRecvThatBroughtIt) {
    Pair p;
    const auto before = Clock::now();
    p.write_pongs(1, 3);
    EXPECT_EQ(p.next_pong(std::chrono::milliseconds(1000)), 1u);
    const auto stamp = p.client->received_at();
    EXPECT_GE(stamp, before);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    EXPECT_EQ(p.next_pong(std::chrono::milliseconds(0)), 2u);
    EXPECT_EQ(p.client->received_at(), stamp);
    EXPECT_EQ(p.next_pong(std::chrono::milliseconds(0)), 3u);
    EXPECT_EQ(p.client->received_at(), stamp);

    const auto later = Clock::now();
    p.write_pongs(4, 4);
    EXPECT_EQ(p.next_pong(std::chrono::milliseconds(1000)), 4u);
    EXPECT_GE(p.client->received_at(), later);
}

// Half a frame read by a call that returns nothing leaves the stamp of the last frame handed
// out; the frame it belongs to gets the time of the recv() that completed it.
TEST(GatewayClient, APartialFrameDoesNotMoveTheStamp) {
    Pair p;
    p.write_pongs(1, 1);
    EXPECT_EQ(p.next_pong(std::chrono::milliseconds(1000)), 1u);
    const auto first = p.client->received_at();

    FrameWriter out;
    p.encoder.pong(Pong{2}, out);
    const auto bytes = out.pending();
    ASSERT_GE(bytes.size(), 2u);
    // A socket pair's write() has queued the byte for the reader when it returns.
    ASSERT_EQ(::write(p.peer, bytes.data(), 1), 1);
    auto none = p.client->poll();
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none.value());
    EXPECT_EQ(p.client->received_at(), first);

    const auto rest_sent = Clock::now();
    ASSERT_EQ(::write(p.peer, bytes.data() + 1, bytes.size() - 1),
              static_cast<ssize_t>(bytes.size() - 1));
    EXPECT_EQ(p.next_pong(std::chrono::milliseconds(1000)), 2u);
    EXPECT_GE(p.client->received_at(), rest_sent);
}

}  // namespace
}  // namespace switchboard::net
