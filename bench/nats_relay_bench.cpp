// The peer of server_bench's relay figure (issue 7, item 5): nats-server relaying the same
// payload, publisher -> server -> subscriber, on a real nats-server that bench/peers.sh starts on
// 127.0.0.1. The payload is as many bytes as one relayed customer message frame of ours on the
// wire (relay_frame.hpp, from our codec; printed). The publisher is one connection that
// publishes asynchronously (libnats buffers and its flusher thread writes) and calls
// natsConnection_FlushTimeout (a PING/PONG round trip) every N messages; like server_bench's
// gateway it keeps at most kWindow messages unanswered (published, not yet delivered), so the
// subscriber is never a slow consumer and nothing is dropped. The subscriber is a second
// connection with an asynchronous handler that counts the messages of the right size.
// N is swept (kFlushEvery) and the fastest reported. Figure: delivered messages per second.
// Usage: nats_relay_bench --port=N [--seconds=S]  (or SB_NATS_PORT). SB_BENCH_SHORT=1: 1 s per
// configuration. SB_BENCH_JSON=path writes the figures (bench_json.hpp).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nats/nats.h>

#include "bench/bench_json.hpp"
#include "bench/peer_options.hpp"
#include "bench/relay_frame.hpp"
#include "bench/short_mode.hpp"

namespace switchboard::bench {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr const char* kSubject = "relay.agent";
constexpr std::uint64_t kWindow = 8'000;  // as server_bench's gateway
constexpr int kFlushEvery[] = {256, 4096};
constexpr std::uint64_t kMaxMessages = 500'000'000;  // bounds the loop by count too
constexpr std::int64_t kFlushTimeoutMs = 5'000;

void check(natsStatus status, const char* what) {
    if (status == NATS_OK) return;
    std::fprintf(stderr, "nats_relay_bench: %s: %s\n", what, natsStatus_GetText(status));
    std::exit(1);
}

struct Counter {
    std::atomic<std::uint64_t> delivered{0};
    std::atomic<std::uint64_t> wrong_size{0};
    int expected_bytes = 0;
};

void on_message(natsConnection*, natsSubscription*, natsMsg* message, void* closure) {
    auto* counter = static_cast<Counter*>(closure);
    if (natsMsg_GetDataLength(message) == counter->expected_bytes) {
        counter->delivered.fetch_add(1, std::memory_order_relaxed);
    } else {
        counter->wrong_size.fetch_add(1, std::memory_order_relaxed);
    }
    natsMsg_Destroy(message);
}

// One publisher and one subscriber connection for `seconds`; returns delivered messages/s.
// `counter` outlives the subscription: libnats's delivery thread may still be finishing a
// callback while the subscription is torn down.
double measure(const std::string& url, const std::string& payload, int flush_every, double seconds,
               Counter& counter) {
    natsConnection* publisher = nullptr;
    natsConnection* subscriber = nullptr;
    natsSubscription* subscription = nullptr;
    counter.expected_bytes = static_cast<int>(payload.size());
    check(natsConnection_ConnectTo(&publisher, url.c_str()), "connect (publisher)");
    check(natsConnection_ConnectTo(&subscriber, url.c_str()), "connect (subscriber)");
    check(natsConnection_Subscribe(&subscription, subscriber, kSubject, on_message, &counter),
          "subscribe");
    check(natsSubscription_SetPendingLimits(subscription, 4 * kWindow, 256 << 20), "limits");
    check(natsConnection_FlushTimeout(subscriber, kFlushTimeoutMs), "flush (subscription)");

    const auto start = Clock::now();
    const auto end =
        start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    std::uint64_t published = 0;
    while (Clock::now() < end && published < kMaxMessages) {
        for (int i = 0; i < flush_every; ++i) {
            check(natsConnection_Publish(publisher, kSubject, payload.data(),
                                         static_cast<int>(payload.size())),
                  "publish");
        }
        published += flush_every;
        check(natsConnection_FlushTimeout(publisher, kFlushTimeoutMs), "flush");
        while (published - counter.delivered.load() > kWindow && Clock::now() < end) {
            std::this_thread::sleep_for(20us);
        }
    }
    const double delivered = double(counter.delivered.load());
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    // Not timed: let the messages in flight arrive (bounded), so none is lost at teardown.
    const auto drained_by = Clock::now() + 5s;
    while (counter.delivered.load() < published && Clock::now() < drained_by) {
        std::this_thread::sleep_for(1ms);
    }
    std::int64_t dropped = 0;
    check(natsSubscription_GetDropped(subscription, &dropped), "dropped");
    if (dropped != 0 || counter.wrong_size.load() != 0) {
        std::fprintf(stderr, "nats_relay_bench: %lld dropped, %llu of the wrong size\n",
                     static_cast<long long>(dropped),
                     static_cast<unsigned long long>(counter.wrong_size.load()));
        std::exit(1);
    }
    natsConnection_Destroy(publisher);
    check(natsSubscription_Unsubscribe(subscription), "unsubscribe");
    natsConnection_Close(subscriber);
    natsSubscription_Destroy(subscription);
    natsConnection_Destroy(subscriber);
    return delivered / elapsed;
}

}  // namespace
}  // namespace switchboard::bench

int main(int argc, char** argv) {
    using namespace switchboard::bench;
    const PeerOptions options =
        parse_peer_options(argc, argv, "nats_relay_bench", "SB_NATS_PORT", 3.0, 1.0);
    const std::string url = "nats://127.0.0.1:" + std::to_string(options.port);
    const std::string payload(relay_frame_bytes(), 'x');
    std::printf(
        "nats relay on %s, libnats %s, %zu-byte payload (one relayed frame of ours), "
        "%.1f s per configuration; delivered messages/s\n",
        url.c_str(), nats_GetVersion(), payload.size(), options.seconds);
    JsonFigures json;
    double best = 0;
    int best_flush = 0;
    std::deque<Counter> counters;  // one per configuration, alive until the end
    for (const int flush_every : kFlushEvery) {
        const double rate =
            measure(url, payload, flush_every, options.seconds, counters.emplace_back());
        std::printf("  flush every %5d: %10.0f messages/s\n", flush_every, rate);
        json.add("nats_flush_" + std::to_string(flush_every), rate);
        if (rate > best) {
            best = rate;
            best_flush = flush_every;
        }
    }
    std::printf("  best: %.0f messages/s (flush every %d)\n", best, best_flush);
    json.add("nats_messages_per_s", best);
    json.add("nats_payload_bytes", double(payload.size()));
    json.add("nats_best_flush_every", double(best_flush));
    nats_Close();
    return json.write_if_requested() ? 0 : 1;
}
