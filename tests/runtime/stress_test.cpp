// Several gateway threads submit random events while the test thread consumes, acknowledges and
// simulates reconnects; then the router stops under load. Checks the runtime's contract: every
// event applied exactly once and in per-gateway order, per-agent sequence numbers gap-free,
// redelivery identical to the first delivery, nothing lost at shutdown. Run under TSan in CI.
#include <atomic>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "engine/runtime/router.hpp"

#include "tests/runtime/runtime_test_support.hpp"

namespace switchboard::testing {
namespace {

constexpr std::uint32_t kGateways = 4;
constexpr std::uint64_t kEventsPerGateway = 20'000;
constexpr std::uint32_t kAgentsPerTenant = 8;

std::uint64_t correlation(std::uint32_t gateway, std::uint64_t k) {
    return (std::uint64_t{gateway} << 32) | k;
}

// What must come out for an event: a message yields one delivery (assigned or relayed), a close
// one Closed notice (or a rejection if the conversation was unknown or closed).
enum class Expect : std::uint8_t { kNothingInParticular, kDelivery, kClosedOrRejected };

struct Produced {
    std::vector<Expect> expect;  // by k
};

void produce(Router& router, std::uint32_t gateway_index, Produced& produced) {
    auto gateway = router.connect().value();
    const std::string tenant = tenant_name(gateway_index);
    std::mt19937_64 rng(1000 + gateway_index);
    produced.expect.assign(kEventsPerGateway, Expect::kNothingInParticular);
    std::vector<Submission> batch;
    std::uint64_t open_next = 0, closed_below = 0;
    for (std::uint64_t k = 0; k < kEventsPerGateway; ++k) {
        Submission s;
        s.correlation = correlation(gateway_index, k);
        const std::string agent = "a" + std::to_string(k % kAgentsPerTenant);
        const std::uint64_t dice = rng() % 100;
        if (k < kAgentsPerTenant) {
            s.event = login(tenant, agent, 1000);
        } else if (dice < 40 || open_next == closed_below) {
            s.event = message(tenant, "c" + std::to_string(open_next++));
            s.payload = "p" + std::to_string(k);
            produced.expect[k] = Expect::kDelivery;
        } else if (dice < 70) {
            const std::uint64_t c = closed_below + rng() % (open_next - closed_below);
            s.event = message(tenant, "c" + std::to_string(c));
            produced.expect[k] = Expect::kDelivery;
        } else if (dice < 90) {
            const std::uint64_t c = closed_below + rng() % (open_next - closed_below);
            s.event = core::AgentReply{tenant, agent, "c" + std::to_string(c), false, k};
        } else {
            s.event = core::CloseConversation{tenant, "c" + std::to_string(closed_below++)};
            produced.expect[k] = Expect::kClosedOrRejected;
        }
        batch.push_back(std::move(s));
        if (batch.size() == 1 + rng() % 32 || k + 1 == kEventsPerGateway) {
            ASSERT_EQ(gateway.submit_batch(batch), batch.size());
            batch.clear();
        }
    }
}

struct Consumer final : runtime::OutputHandler {
    struct Stream {
        std::uint64_t last_seq = 0;
        std::uint64_t last_correlation = 0;
        std::map<std::uint64_t, runtime::Delivery> unacked;  // seq -> first delivery
    };

    void on_delivery(runtime::AgentStream agent, const runtime::Delivery& d) override {
        Stream& stream = streams[agent.tenant() + "/" + agent.agent()];
        if (d.seq <= stream.last_seq) {  // a redelivery: must be identical to the first one
            const auto it = stream.unacked.find(d.seq);
            if (it == stream.unacked.end() || it->second.correlation != d.correlation ||
                it->second.conversation != d.conversation || it->second.kind != d.kind) {
                ++bad_redeliveries;
            }
            ++redelivered;
            return;
        }
        if (d.seq != stream.last_seq + 1) ++seq_gaps;
        stream.last_seq = d.seq;
        stream.unacked.emplace(d.seq, d);
        // Each agent's stream is in apply order; across agents, order is not promised.
        if (d.correlation < stream.last_correlation) ++out_of_order;
        stream.last_correlation = d.correlation;
        record(d.correlation, true);
    }
    void on_notice(const runtime::Notice& n) override {
        if (n.kind == runtime::NoticeKind::kClosed || n.kind == runtime::NoticeKind::kRejected) {
            const auto gateway = static_cast<std::uint32_t>(n.correlation >> 32);
            // The notice stream of one shard is in apply order, so each gateway's part is too.
            if (gateway < kGateways) {
                if (n.correlation < last_notice[gateway]) ++out_of_order;
                last_notice[gateway] = n.correlation;
            }
            record(n.correlation, false);
        }
        if (n.kind == runtime::NoticeKind::kOutboxOverflow) ++overflows;
    }
    void record(std::uint64_t corr, bool delivery) {
        const auto gateway = static_cast<std::uint32_t>(corr >> 32);
        const std::uint64_t k = corr & 0xFFFF'FFFF;
        if (gateway >= kGateways) return;
        (delivery ? deliveries_by_k : closes_by_k)[gateway][k] += 1;
    }

    std::map<std::string, Stream> streams;
    std::uint64_t last_notice[kGateways] = {};
    std::vector<std::uint8_t> deliveries_by_k[kGateways];
    std::vector<std::uint8_t> closes_by_k[kGateways];
    std::uint64_t seq_gaps = 0, bad_redeliveries = 0, redelivered = 0, out_of_order = 0;
    std::uint64_t overflows = 0;
};

TEST(RuntimeStress, GatewaysConsumerAndShutdownKeepEveryContract) {
    RuntimeConfig cfg;
    cfg.tenants = kGateways;
    cfg.shards = 2;
    cfg.ring_capacity = 256;
    cfg.outbox_capacity = 4096;
    cfg.notice_capacity = 1024;
    Router router = Router::start(runtime_snapshot(cfg)).value();
    Consumer consumer;
    for (auto& v : consumer.deliveries_by_k) v.assign(kEventsPerGateway, 0);
    for (auto& v : consumer.closes_by_k) v.assign(kEventsPerGateway, 0);

    std::vector<Produced> produced(kGateways);
    std::vector<std::thread> gateways;
    for (std::uint32_t g = 0; g < kGateways; ++g) {
        gateways.emplace_back([&, g] { produce(router, g, produced[g]); });
    }
    std::atomic<bool> stopped{false};
    std::thread stopper([&] {
        for (auto& t : gateways) t.join();
        router.stop();
        stopped.store(true);
    });
    std::mt19937_64 rng(7);
    while (!stopped.load()) {
        router.poll(consumer);
        for (auto& [name, stream] : consumer.streams) {
            const auto slash = name.find('/');
            const std::string tenant = name.substr(0, slash), agent = name.substr(slash + 1);
            const std::uint64_t dice = rng() % 100;
            if (dice < 5) {  // a reconnect: everything unacknowledged comes again
                ASSERT_TRUE(router.resend(tenant, agent, consumer).ok());
            } else if (dice < 50 && !stream.unacked.empty()) {
                const std::uint64_t upto = stream.unacked.rbegin()->first;
                ASSERT_TRUE(router.ack(tenant, agent, upto).ok());
                stream.unacked.clear();
            }
        }
        router.wait_for_output(std::chrono::microseconds(200));
    }
    stopper.join();
    router.poll(consumer);

    std::uint64_t events = 0;
    for (const auto& shard : router.stats().shards) events += shard.events;
    EXPECT_EQ(events, kGateways * kEventsPerGateway);  // every event applied once
    EXPECT_EQ(consumer.seq_gaps, 0u);
    EXPECT_EQ(consumer.bad_redeliveries, 0u);
    EXPECT_EQ(consumer.out_of_order, 0u);
    EXPECT_EQ(consumer.overflows, 0u);
    EXPECT_GT(consumer.redelivered, 0u);
    for (std::uint32_t g = 0; g < kGateways; ++g) {
        std::uint64_t wrong = 0;
        for (std::uint64_t k = 0; k < kEventsPerGateway; ++k) {
            const Expect e = produced[g].expect[k];
            if (e == Expect::kDelivery && consumer.deliveries_by_k[g][k] != 1) ++wrong;
            if (e == Expect::kClosedOrRejected && consumer.closes_by_k[g][k] != 1) ++wrong;
        }
        EXPECT_EQ(wrong, 0u) << "gateway " << g;
    }
}

}  // namespace
}  // namespace switchboard::testing
