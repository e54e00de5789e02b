// The peer of server_bench's routed figure (issue 7, item 5): round-robin assignment as the
// popular open-source helpdesks do it, on a real redis-server that bench/peers.sh starts on
// 127.0.0.1. Per assignment, on one inbox's rotation list of kAgents agent ids:
//   LRANGE rotation 0 -1            the whole rotation, parsed here;
//   choose the first agent in that answer who is online and has free capacity (a local table,
//   as a helpdesk worker caches presence and open-conversation counts);
//   LREM rotation 1 <agent> + RPUSH rotation <agent>   rotate the chosen agent to the tail;
//   ZADD sla <now + 1 h> <conversation>                 the reply deadline.
// Three ways of sending the writes, all measured, the fastest reported (being fair to Redis):
//   round_trips  one blocking round trip per command (4 per assignment);
//   pipelined    LRANGE, then LREM + RPUSH + ZADD in one pipelined write (2 round trips);
//   multi        LRANGE, then MULTI / LREM / RPUSH / ZADD / EXEC pipelined (2, atomic writes).
// Each with 1, 4 and 16 connections, one thread and one inbox (its own keys) each. As on the
// Switchboard side every assignment frees capacity later: each worker keeps kOpenPerWorker
// conversations open and closes the oldest (locally; a helpdesk closes in its database) when it
// opens a new one, and a conversation slot's deadline member is overwritten when it is reused,
// so the sorted set stays bounded. 10% of the agents are offline: they stay at the head of the
// list and every LRANGE answer is scanned past them, as in the helpdesks.
// Usage: redis_assigner_bench --port=N [--seconds=S]  (or SB_REDIS_PORT). SB_BENCH_SHORT=1: 1 s
// per configuration (not less: the best of nine short, noisy windows is biased upwards).
// SB_BENCH_JSON=path writes the figures (bench_json.hpp).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <latch>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <hiredis/hiredis.h>

#include "bench/bench_json.hpp"
#include "bench/peer_options.hpp"
#include "bench/short_mode.hpp"

namespace switchboard::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kAgents = 200;  // as server_bench
constexpr int kCapacity = 50;
constexpr int kOfflineEvery = 10;  // agent i is offline when i % 10 == 9
constexpr std::size_t kOpenPerWorker = kAgents * kCapacity * 8 / 10;
constexpr std::uint64_t kMaxAssignmentsPerWorker = 50'000'000;  // bounds the loop by count too
constexpr long long kSlaMs = 3'600'000;

enum class Mode { kRoundTrips, kPipelined, kMulti };
constexpr Mode kModes[] = {Mode::kRoundTrips, Mode::kPipelined, Mode::kMulti};
constexpr int kConnections[] = {1, 4, 16};

const char* to_string(Mode mode) {
    switch (mode) {
        case Mode::kRoundTrips:
            return "round_trips";
        case Mode::kPipelined:
            return "pipelined";
        case Mode::kMulti:
            return "multi";
    }
    return "?";
}

[[noreturn]] void fail(const char* what, const redisContext* redis) {
    std::fprintf(stderr, "redis_assigner_bench: %s: %s\n", what,
                 redis != nullptr && redis->err != 0 ? redis->errstr : "unexpected reply");
    std::exit(1);
}

// Takes one reply, checks it is not an error (nor missing) and frees it.
void expect_reply(redisContext* redis, void* reply, const char* what) {
    auto* r = static_cast<redisReply*>(reply);
    if (r == nullptr || r->type == REDIS_REPLY_ERROR) fail(what, redis);
    freeReplyObject(r);
}

void take_replies(redisContext* redis, int count, const char* what) {
    for (int i = 0; i < count; ++i) {
        void* reply = nullptr;
        if (redisGetReply(redis, &reply) != REDIS_OK) fail(what, redis);
        expect_reply(redis, reply, what);
    }
}

long long unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// One helpdesk worker: one connection, one inbox. Used by one thread.
class Worker {
  public:
    Worker(int port, int inbox)
        : rotation_key_("rr:inbox:" + std::to_string(inbox)),
          sla_key_("sla:inbox:" + std::to_string(inbox)),
          open_agent_(kOpenPerWorker, -1) {
        redis_ = redisConnect("127.0.0.1", port);
        if (redis_ == nullptr || redis_->err != 0) fail("connect", redis_);
        for (int a = 0; a < kAgents; ++a) {
            const std::string name = "agent" + std::to_string(a);
            index_.emplace(name, a);
            online_.push_back(a % kOfflineEvery != kOfflineEvery - 1);
            load_.push_back(0);
        }
        expect_reply(redis_,
                     redisCommand(redis_, "DEL %s %s", rotation_key_.c_str(), sla_key_.c_str()),
                     "DEL");
        for (int a = 0; a < kAgents; ++a) {
            redisAppendCommand(redis_, "RPUSH %s agent%d", rotation_key_.c_str(), a);
        }
        take_replies(redis_, kAgents, "RPUSH (set-up)");
    }
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;
    ~Worker() { redisFree(redis_); }

    void assign_one(Mode mode) {
        const int agent = choose();
        if (agent < 0) fail("no agent online with capacity", nullptr);
        close_oldest_and_open(agent);
        write(mode, "agent" + std::to_string(agent), "c" + std::to_string(slot_));
    }

  private:
    // LRANGE, then the first agent in the answer who is online with free capacity (-1: none).
    int choose() {
        auto* r =
            static_cast<redisReply*>(redisCommand(redis_, "LRANGE %s 0 -1", rotation_key_.c_str()));
        if (r == nullptr || r->type != REDIS_REPLY_ARRAY) fail("LRANGE", redis_);
        int chosen = -1;
        for (std::size_t i = 0; i < r->elements && chosen < 0; ++i) {
            const auto it = index_.find(std::string(r->element[i]->str, r->element[i]->len));
            if (it == index_.end()) continue;
            const int a = it->second;
            if (online_[a] && load_[a] < kCapacity) chosen = a;
        }
        freeReplyObject(r);
        return chosen;
    }

    void close_oldest_and_open(int agent) {
        slot_ = (slot_ + 1) % kOpenPerWorker;
        if (open_agent_[slot_] >= 0) --load_[open_agent_[slot_]];
        open_agent_[slot_] = agent;
        ++load_[agent];
    }

    void write(Mode mode, const std::string& agent, const std::string& conversation) {
        const char* list = rotation_key_.c_str();
        const long long deadline = unix_ms() + kSlaMs;
        if (mode == Mode::kRoundTrips) {
            expect_reply(redis_, redisCommand(redis_, "LREM %s 1 %s", list, agent.c_str()), "LREM");
            expect_reply(redis_, redisCommand(redis_, "RPUSH %s %s", list, agent.c_str()), "RPUSH");
            expect_reply(redis_,
                         redisCommand(redis_, "ZADD %s %lld %s", sla_key_.c_str(), deadline,
                                      conversation.c_str()),
                         "ZADD");
            return;
        }
        if (mode == Mode::kMulti) redisAppendCommand(redis_, "MULTI");
        redisAppendCommand(redis_, "LREM %s 1 %s", list, agent.c_str());
        redisAppendCommand(redis_, "RPUSH %s %s", list, agent.c_str());
        redisAppendCommand(redis_, "ZADD %s %lld %s", sla_key_.c_str(), deadline,
                           conversation.c_str());
        if (mode == Mode::kMulti) redisAppendCommand(redis_, "EXEC");
        take_replies(redis_, mode == Mode::kMulti ? 5 : 3, "pipelined writes");
    }

    redisContext* redis_ = nullptr;
    std::string rotation_key_;
    std::string sla_key_;
    std::unordered_map<std::string, int> index_;
    std::vector<bool> online_;
    std::vector<int> load_;
    std::vector<int> open_agent_;  // per open conversation slot: its agent, -1 when free
    std::size_t slot_ = 0;
};

// Runs `connections` workers for `seconds`; returns assignments per second (all workers).
double measure(int port, Mode mode, int connections, double seconds) {
    std::vector<std::unique_ptr<Worker>> workers;
    for (int i = 0; i < connections; ++i) workers.push_back(std::make_unique<Worker>(port, i));
    std::atomic<std::uint64_t> total{0};
    std::latch ready(connections + 1);
    Clock::time_point end;
    std::vector<std::thread> threads;
    for (auto& worker : workers) {
        threads.emplace_back([&, w = worker.get()] {
            ready.arrive_and_wait();
            std::uint64_t done = 0;
            while (Clock::now() < end && done < kMaxAssignmentsPerWorker) {
                w->assign_one(mode);
                ++done;
            }
            total += done;
        });
    }
    const auto start = Clock::now();
    end =
        start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    ready.arrive_and_wait();
    for (auto& t : threads) t.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    return double(total.load()) / elapsed;
}

}  // namespace
}  // namespace switchboard::bench

int main(int argc, char** argv) {
    using namespace switchboard::bench;
    const PeerOptions options =
        parse_peer_options(argc, argv, "redis_assigner_bench", "SB_REDIS_PORT", 2.0, 1.0);
    std::printf(
        "redis round-robin assigner on 127.0.0.1:%d, %d agents (10%% offline), %.1f s per "
        "configuration; assignments/s\n",
        options.port, kAgents, options.seconds);
    JsonFigures json;
    double best = 0;
    Mode best_mode = Mode::kRoundTrips;
    int best_connections = 0;
    // Fewest connections first, so that a light configuration never follows a heavy one's
    // teardown. (One connection still varies 3-15 k/s on this VM, bound by round-trip wake-ups;
    // 4 or 16 connections keep redis-server's one thread busy and are always the fastest.)
    for (const int connections : kConnections) {
        std::printf("  %2d conn", connections);
        for (const Mode mode : kModes) {
            const double rate = measure(options.port, mode, connections, options.seconds);
            std::printf("  %s %9.0f", to_string(mode), rate);
            json.add(std::string("redis_") + to_string(mode) + "_" + std::to_string(connections),
                     rate);
            if (rate > best) {
                best = rate;
                best_mode = mode;
                best_connections = connections;
            }
        }
        std::printf("\n");
    }
    std::printf("  best: %.0f assignments/s (%s, %d connections)\n", best, to_string(best_mode),
                best_connections);
    json.add("redis_assignments_per_s", best);
    json.add("redis_best_connections", double(best_connections));
    json.add("redis_best_mode", std::string(to_string(best_mode)));
    return json.write_if_requested() ? 0 : 1;
}
