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
    // every assignment is answered by a close. Returns assignments per second. With
    // `record_latency`, every message's send -> assignment time is kept, and one message in 25
    // is followed in its write by a Ping (its probe): see the accessors below.
    double route(double rate, Clock::duration duration, bool record_latency);
    // Before a route() that records latency: allocates and touches room for all its samples,
    // so that no vector grows (copying tens of megabytes while messages wait) and no page
    // faults in during the run.
    void reserve_samples(double rate, Clock::duration duration);

    // Opens `conversations` conversations and keeps them assigned, then sends follow-up customer
    // messages on them, round-robin, as fast as a window of unanswered ones allows, for
    // `duration`; each is relayed to its agent as a delivery. Closes them all at the end.
    // Returns relayed deliveries per second.
    double relay(std::size_t conversations, Clock::duration duration);

    // Assignments received so far, every phase (a phase's drain included).
    std::uint64_t assigned() const { return assigned_; }
    // Send -> assignment arrival (the end of the recv() that brought it), every timed message.
    std::vector<double>& assign_latency_us() { return assign_latency_us_; }
    // Per sampled message: its send -> assignment time, its probe's Ping -> Pong time (the
    // baseline), and how much later than the Pong the assignment arrived (what the engine
    // added; the first minus the second).
    std::vector<double>& sampled_assign_latency_us() { return sampled_assign_latency_us_; }
    std::vector<double>& ping_latency_us() { return ping_latency_us_; }
    std::vector<double>& engine_added_us() { return engine_added_us_; }
    // Samples dropped because their probe's Pong never came (expected 0).
    std::size_t unanswered_probes() const { return unanswered_probes_; }

  private:
    static std::string agent(int a) { return "agent" + std::to_string(a); }
    void sync();
    static constexpr std::size_t kNoProbe = ~std::size_t{0};
    // `stamp`: zero = untimed; `probe`: the index of the probe sent right after it, or kNoProbe.
    void open(Clock::time_point stamp, std::size_t probe = kNoProbe);
    void open_kept(std::size_t conversations);
    void relay_one();
    void handle(net::ServerMessage& m);
    void assigned(const net::DeliveryFrame& d);
    void receive(Clock::duration wait);
    void flush_acks();
    void drain();
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
    // Latency phase: the probes, one Ping per sampled message.
    struct Probe {
        Clock::time_point sent;      // with its message
        Clock::time_point pong;      // zero until the Pong arrives
        Clock::time_point assigned;  // the message's assignment; zero until it arrives
    };
    struct Sent {
        std::uint64_t id;
        Clock::time_point stamp;
        std::size_t probe;  // index in probes_, or kNoProbe
    };
    std::vector<Sent> sent_at_;  // ids ascending
    std::vector<Probe> probes_;
    std::vector<double> assign_latency_us_;
    std::vector<double> sampled_assign_latency_us_;
    std::vector<double> ping_latency_us_;
    std::vector<double> engine_added_us_;
    std::size_t unanswered_probes_ = 0;
};

}  // namespace switchboard::bench
