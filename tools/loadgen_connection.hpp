// One gateway connection of `switchboard loadgen`: a thread with a GatewayClient that logs in its
// agents, opens its share of the conversations (paced, or as fast as its in-flight window
// allows), plays its agents (accept offers, reply after the configured delay, or stay silent),
// plays the customers of the conversations its agents hold (follow-ups, then the close),
// acknowledges every delivery in batches, checks each agent's sequence numbers and writes what
// it sees into the shared ledger.
//
// Connections never wait on each other: each keeps reading its socket (the server stops reading
// a gateway that does not read) and looks at the shared phase counters between reads. Phases:
// ready (agents logged in) -> opened (its share sent, or time up) -> quiet (drained, or the drain
// time ran out; no more agent actions) -> clean (what was still open closed) -> agents logged
// out, done.
//
// Threads: run() on the connection's own thread; RunShared is shared by all of them.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <queue>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/core/events.hpp"
#include "engine/net/gateway_client.hpp"

#include "tools/loadgen_correlation.hpp"
#include "tools/loadgen_ledger.hpp"
#include "tools/loadgen_plan.hpp"
#include "tools/loadgen_stats.hpp"

namespace switchboard::tools {

// A rendezvous that never blocks: a connection arrives at a phase and carries on serving its
// socket until every connection has arrived. A connection that ends early arrives at every
// phase it had not reached, so the others never wait for it.
class Phases {
  public:
    enum Phase : std::uint8_t { kReady, kOpened, kQuiet, kClean, kCount };

    explicit Phases(std::uint32_t connections) : connections_(connections) {}
    void arrive(Phase p) noexcept { arrived_[p].fetch_add(1, std::memory_order_acq_rel); }
    bool all(Phase p) const noexcept {
        return arrived_[p].load(std::memory_order_acquire) >= connections_;
    }

  private:
    std::uint32_t connections_;
    std::array<std::atomic<std::uint32_t>, kCount> arrived_{};
};

// Progress counters of one connection: written by it alone, read by the progress line.
struct LiveCounters {
    std::atomic<std::uint64_t> opened{0};
    std::atomic<std::uint64_t> routed{0};
};

struct RunShared {
    explicit RunShared(const LoadPlan& p)
        : plan(p),
          ledger(p.connections, p.per_connection()),
          phases(p.connections),
          live(new LiveCounters[p.connections]) {}

    const LoadPlan& plan;
    Ledger ledger;
    Phases phases;
    std::unique_ptr<LiveCounters[]> live;
    std::atomic<bool> stop_opening{false};   // Ctrl-C, or a connection failed: wind down
    std::atomic<bool> abort{false};          // second Ctrl-C or the hard time bound: leave now
    std::atomic<std::uint32_t> finished{0};  // connection threads that returned
};

class ConnectionDriver {
  public:
    ConnectionDriver(std::uint32_t index, RunShared& run);

    // The whole life of the connection; never throws. Errors are in the stats.
    ConnectionStats run();

  private:
    using Clock = std::chrono::steady_clock;
    enum class State {
        kReady,
        kTraffic,
        kDraining,
        kQuiescing,
        kQuiet,
        kCleaning,
        kCleaned,
        kLoggingOut,
        kDone
    };
    enum class Step : std::uint8_t { kReply, kAccept, kFollowUp };
    struct Timer {
        Clock::time_point due;
        Step step;
        std::uint64_t slot;
        std::uint32_t token;
        bool operator>(const Timer& o) const noexcept { return due > o.due; }
    };
    // A conversation one of this connection's agents holds (or has been offered).
    struct Held {
        std::uint32_t agent = 0;  // local index
        std::uint32_t token = 0;  // changes with every new holding: stale timers are ignored
        bool offered = false;
        bool reply_pending = false;
    };

    // loadgen_connection.cpp: the loop, the phases, opening and closing.
    base::Status start();
    void loop();
    void advance(Clock::time_point now);
    void advance_draining(Clock::time_point now);
    void open_due(Clock::time_point now);
    void open_one(Clock::time_point now);
    void close_leftovers();
    void log_out();
    Clock::duration wait_budget(Clock::time_point now) const;
    bool read_frames(Clock::duration wait);
    void begin_sync();
    void arrive(Phases::Phase p);
    void fail(std::string why);
    void finish_stats();

    // loadgen_agents.cpp: outputs in, agent and customer behaviour out.
    void handle(net::ServerMessage& message, Clock::time_point now);
    void on_delivery(const std::string& agent, const runtime::Delivery& d, Clock::time_point now,
                     bool sequenced);
    void on_assigned(std::uint32_t agent, std::uint64_t slot, const runtime::Delivery& d,
                     Clock::time_point now);
    void on_offered(std::uint32_t agent, std::uint64_t slot, const runtime::Delivery& d,
                    Clock::time_point now);
    void on_relayed(std::uint32_t agent, std::uint64_t slot, const runtime::Delivery& d,
                    Clock::time_point now);
    void on_notice(const runtime::Notice& n, Clock::time_point now);
    void on_rejected(const runtime::Notice& n);
    void schedule(Step step, std::uint64_t slot, Held& held, Clock::time_point now);
    void run_timers(Clock::time_point now);
    void fire(const Timer& timer, Held& held, Clock::time_point now);
    void reply(std::uint64_t slot, Held& held, Clock::time_point now);
    void send_event(core::Event event, std::string payload, Correlation cause);
    void send_acks();
    bool silent(std::uint32_t agent) const noexcept;
    static std::int64_t ns(Clock::time_point t) noexcept;

    std::uint32_t index_;
    RunShared& run_;
    const LoadPlan& plan_;
    Ledger& ledger_;
    std::unique_ptr<net::GatewayClient> client_;
    std::mt19937_64 rng_;
    std::uint32_t first_agent_;  // global index of local agent 0
    std::vector<std::string> agent_names_;
    std::vector<core::SkillGrant> grants_;
    SequenceCheck seq_;
    std::vector<std::uint64_t> acked_;
    std::vector<std::uint32_t> dirty_;  // agents with deliveries not yet acknowledged
    std::vector<bool> is_dirty_;
    std::unordered_map<std::uint64_t, Held> held_;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
    std::uint32_t next_token_ = 0;

    State state_ = State::kReady;
    std::array<bool, Phases::kCount> arrived_{};
    bool active_ = true;  // agents and customers act; off from quiescing on
    std::uint64_t first_slot_;
    std::uint64_t quota_;
    std::uint64_t opened_ = 0;
    Clock::time_point traffic_end_{};
    Clock::time_point next_open_{};
    Clock::duration gap_{0};
    Clock::time_point drain_deadline_{};
    Clock::time_point cleanup_deadline_{};
    std::uint32_t sync_sent_ = 0;
    std::uint32_t sync_seen_ = 0;
    bool done_ = false;
    ConnectionStats stats_;
};

}  // namespace switchboard::tools
