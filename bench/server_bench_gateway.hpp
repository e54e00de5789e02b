// server_bench's client side: one gateway connection to the forked server (server_bench_child),
// batching its frames, that drives each measured phase and counts what comes back. Owned and used
// by server_bench's main thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/net/gateway_client.hpp"

namespace switchboard::bench {

using Clock = std::chrono::steady_clock;

class Gateway {
  public:
    static constexpr int kBatch = 256;  // frames per flush

    // Connects, says Hello and logs in kBenchAgents agents of kBenchCapacity each. Exits the
    // process on failure (a benchmark has no one to report an error to).
    explicit Gateway(std::uint16_t port);

    // Sends `frames` agent capacity changes (applied, no output) and waits until the server has
    // read them all. Returns frames per second.
    double ingest(std::size_t frames);

    // Opens conversations at `rate` per second (0: as fast as the window allows) for `duration`;
    // every assignment is answered by a close. Returns assignments per second.
    double route(double rate, Clock::duration duration, bool record_latency);

    // Opens `conversations` conversations and keeps them assigned, then sends follow-up customer
    // messages on them, round-robin, as fast as a window of unanswered ones allows, for
    // `duration`; each is relayed to its agent as a delivery. Closes them all at the end.
    // Returns relayed deliveries per second.
    double relay(std::size_t conversations, Clock::duration duration);

    // Assignments received so far, every phase (a phase's drain included).
    std::uint64_t assigned() const { return assigned_; }
    std::vector<double>& assign_latency_us() { return assign_latency_us_; }
    // Latency phase, per assignment of a probed write (one write per 100 us also carries a
    // Ping): that Ping's round trip (the baseline), and how much later than its Pong the
    // assignment arrived (what the engine added).
    std::vector<double>& ping_latency_us() { return ping_latency_us_; }
    std::vector<double>& engine_added_us() { return engine_added_us_; }

  private:
    static std::string agent(int a) { return "agent" + std::to_string(a); }
    void sync();
    static constexpr std::size_t kNoProbe = ~std::size_t{0};
    // `stamp`: zero = untimed; `probe`: the index of the probe sent in the same write, or kNoProbe.
    void open(Clock::time_point stamp, std::size_t probe = kNoProbe);
    void open_kept(std::size_t conversations);
    void relay_one();
    void handle(net::ServerMessage& m);
    void assigned(const net::DeliveryFrame& d);
    void receive(Clock::duration wait);
    void flush_acks();
    void drain();
    void reserve_samples(double rate, Clock::duration duration);
    void match_probes();

    std::unique_ptr<net::GatewayClient> client_;
    std::uint64_t next_id_ = 0;
    std::size_t open_ = 0;  // conversations opened and not yet assigned (or, relaying, relays)
    std::uint64_t assigned_ = 0;
    std::uint64_t relayed_ = 0;
    bool keep_assigned_ = false;       // relay phase: an assignment is not answered by a close
    std::vector<std::uint64_t> kept_;  // the relay phase's conversations
    std::size_t next_kept_ = 0;
    std::map<std::string, std::uint64_t> acks_;
    // Latency phase: the probes, one Ping per probed write.
    struct Probe {
        Clock::time_point sent;
        Clock::time_point pong;  // zero until the Pong arrives
    };
    struct Sent {
        std::uint64_t id;
        Clock::time_point stamp;
        std::size_t probe;  // index in probes_, or kNoProbe
    };
    std::vector<Sent> sent_at_;  // ids ascending
    std::vector<Probe> probes_;
    // (probe, when the assignment arrived), for the assignments of probed writes
    std::vector<std::pair<std::size_t, Clock::time_point>> timed_;
    std::vector<double> assign_latency_us_;
    std::vector<double> ping_latency_us_;
    std::vector<double> engine_added_us_;
};

}  // namespace switchboard::bench
