// Counters of the gateway server, written by its I/O thread and read by the admin endpoint's
// thread (relaxed atomics: each value is exact, the set is not one instant's snapshot).
#pragma once

#include <atomic>
#include <cstdint>

namespace switchboard::net {

struct ServerCounters {
    std::uint64_t connections_open = 0;
    std::uint64_t connections_accepted = 0;
    std::uint64_t connections_refused = 0;  // over server.max_connections
    std::uint64_t hello_timeouts = 0;
    std::uint64_t overload_closes = 0;  // unsent output beyond the hard limit
    std::uint64_t error_frames = 0;
    std::uint64_t bytes_in = 0;
    std::uint64_t bytes_out = 0;
    std::uint64_t reads = 0;   // completed read() calls
    std::uint64_t writes = 0;  // completed write() calls
    std::uint64_t frames_in = 0;
    std::uint64_t events_in = 0;    // events the engine took
    std::uint64_t engine_full = 0;  // times a connection waited for room in the engine
    std::uint64_t deliveries_out = 0;
    std::uint64_t notices_out = 0;
    std::uint64_t deliveries_unrouted = 0;  // no open home connection: held for Resend
    std::uint64_t notices_unrouted = 0;     // no open connection for the tenant: dropped
    std::uint64_t max_buffered_bytes = 0;   // high-water mark of one connection's unsent output
};

class ServerStats {
  public:
    void add(std::atomic<std::uint64_t>& counter, std::uint64_t n = 1) noexcept {
        counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
    void high_water(std::atomic<std::uint64_t>& counter, std::uint64_t value) noexcept {
        if (value > counter.load(std::memory_order_relaxed)) {
            counter.store(value, std::memory_order_relaxed);
        }
    }
    ServerCounters load() const noexcept;

    // One writer (the I/O thread): plain load+store, no locked RMW on the hot path.
    std::atomic<std::uint64_t> connections_open{0};
    std::atomic<std::uint64_t> connections_accepted{0};
    std::atomic<std::uint64_t> connections_refused{0};
    std::atomic<std::uint64_t> hello_timeouts{0};
    std::atomic<std::uint64_t> overload_closes{0};
    std::atomic<std::uint64_t> error_frames{0};
    std::atomic<std::uint64_t> bytes_in{0};
    std::atomic<std::uint64_t> bytes_out{0};
    std::atomic<std::uint64_t> reads{0};
    std::atomic<std::uint64_t> writes{0};
    std::atomic<std::uint64_t> frames_in{0};
    std::atomic<std::uint64_t> events_in{0};
    std::atomic<std::uint64_t> engine_full{0};
    std::atomic<std::uint64_t> deliveries_out{0};
    std::atomic<std::uint64_t> notices_out{0};
    std::atomic<std::uint64_t> deliveries_unrouted{0};
    std::atomic<std::uint64_t> notices_unrouted{0};
    std::atomic<std::uint64_t> max_buffered_bytes{0};
};

inline ServerCounters ServerStats::load() const noexcept {
    const auto get = [](const std::atomic<std::uint64_t>& a) {
        return a.load(std::memory_order_relaxed);
    };
    return ServerCounters{get(connections_open),
                          get(connections_accepted),
                          get(connections_refused),
                          get(hello_timeouts),
                          get(overload_closes),
                          get(error_frames),
                          get(bytes_in),
                          get(bytes_out),
                          get(reads),
                          get(writes),
                          get(frames_in),
                          get(events_in),
                          get(engine_full),
                          get(deliveries_out),
                          get(notices_out),
                          get(deliveries_unrouted),
                          get(notices_unrouted),
                          get(max_buffered_bytes)};
}

}  // namespace switchboard::net
