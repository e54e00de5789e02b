// Engine::reload (issue 6 item 7): a new configuration swapped in through every shard while
// gateway threads submit; nothing lost, conversations keep their agents, the new policy is in
// force afterwards on every shard; a refused reload changes nothing.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "engine/runtime/router.hpp"

#include "tests/runtime/runtime_test_support.hpp"

namespace switchboard::testing {
namespace {

constexpr std::uint32_t kTenants = 4;
constexpr std::uint32_t kAgents = 8;
constexpr std::uint64_t kConversations = 2'000;  // per tenant
constexpr int kReloads = 6;

RuntimeConfig busy_config() {
    RuntimeConfig cfg;
    cfg.tenants = kTenants;
    cfg.shards = 2;
    cfg.ring_capacity = 256;
    cfg.outbox_capacity = 4096;
    return cfg;
}

// The base config with round `round`'s strategy (rounds alternate) and, with `deadline`, a
// first-reply deadline of 200 ms with a warning at half of it.
std::shared_ptr<const config::Snapshot> variant(const RuntimeConfig& cfg, int round,
                                                bool deadline = false) {
    config::Snapshot next = *runtime_snapshot(cfg);
    for (model::TenantSpec& t : next.tenants) {
        t.queues[0].strategy =
            round % 2 == 1 ? model::Strategy::kRoundRobin : model::Strategy::kLeastLoaded;
        if (deadline) {
            t.sla_policies[0].first_reply = base::Duration{200};
            t.sla_policies[0].warn_fraction = 0.5;
        }
    }
    return std::make_shared<const config::Snapshot>(std::move(next));
}

std::uint64_t correlation(std::uint32_t tenant, std::uint64_t k) {
    return (std::uint64_t{tenant} << 32) | k;
}

void produce(Router& router, std::uint32_t tenant) {
    Gateway gateway = router.connect().value();
    const std::string id = tenant_name(tenant);
    std::vector<Submission> batch;
    for (std::uint32_t a = 0; a < kAgents; ++a) {
        batch.push_back(Submission{login(id, "a" + std::to_string(a), 1000), {}, 0});
    }
    for (std::uint64_t k = 0; k < kConversations; ++k) {
        batch.push_back(
            Submission{message(id, "c" + std::to_string(k)), "hi", correlation(tenant, k)});
        if (batch.size() >= 1 + k % 24) {
            ASSERT_EQ(gateway.submit_batch(batch), batch.size());
            batch.clear();
        }
    }
    ASSERT_EQ(gateway.submit_batch(batch), batch.size());
}

// Acknowledges everything it is given, and remembers who got each conversation.
struct Consumer final : runtime::OutputHandler {
    void on_delivery(runtime::AgentStream stream, const runtime::Delivery& d) override {
        const std::string key = stream.tenant() + "/" + d.conversation;
        if (d.kind == runtime::DeliveryKind::kAssigned) {
            ++assigned[key];
            agent_of[key] = stream.agent();
        } else if (d.kind == runtime::DeliveryKind::kCustomerMessage) {
            relayed_to[key] = stream.agent();
        } else if (d.kind == runtime::DeliveryKind::kReplyWarning) {
            warned.push_back(key);
        }
        to_ack.emplace_back(stream, d.seq);
    }
    void on_notice(const runtime::Notice& n) override {
        if (n.kind == runtime::NoticeKind::kRejected) ++rejected;
    }
    void poll(Router& router) {
        router.poll(*this);
        for (const auto& [stream, seq] : to_ack) ASSERT_TRUE(router.ack(stream, seq).ok());
        to_ack.clear();
    }

    std::map<std::string, int> assigned;
    std::map<std::string, std::string> agent_of;
    std::map<std::string, std::string> relayed_to;
    std::vector<std::string> warned;
    std::vector<std::pair<runtime::AgentStream, std::uint64_t>> to_ack;
    int rejected = 0;
};

template <typename Done>
bool consume_until(Router& router, Consumer& consumer, Done&& done) {
    for (int i = 0; i < 20'000 && !done(); ++i) {
        consumer.poll(router);
        router.wait_for_output(std::chrono::milliseconds(1));
    }
    consumer.poll(router);
    return done();
}

TEST(Reload, UnderTrafficLosesNothingAndKeepsEveryConversationsAgent) {
    const RuntimeConfig cfg = busy_config();
    Router router = Router::start(runtime_snapshot(cfg)).value();
    std::vector<std::thread> gateways;
    for (std::uint32_t t = 0; t < kTenants; ++t) {
        gateways.emplace_back([&router, t] { produce(router, t); });
    }
    std::atomic<int> reloads_done{0};
    std::thread reloader([&] {
        for (int round = 1; round <= kReloads; ++round) {
            const auto version = router.engine().reload(variant(cfg, round));
            EXPECT_TRUE(version.ok()) << version.error().message;
            if (version.ok()) {
                EXPECT_EQ(*version, static_cast<std::uint64_t>(1 + round));
            }
            reloads_done.fetch_add(1);
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    });
    Consumer consumer;
    const std::size_t total = kTenants * kConversations;
    ASSERT_TRUE(consume_until(router, consumer, [&] {
        return consumer.assigned.size() == total && reloads_done.load() == kReloads;
    }));
    for (auto& g : gateways) g.join();
    reloader.join();

    // Every event applied once; every conversation assigned exactly once.
    std::uint64_t events = 0;
    for (const auto& shard : router.stats().shards) {
        events += shard.events;
        EXPECT_EQ(shard.config_version, 1u + kReloads);
    }
    EXPECT_EQ(events, kTenants * (kAgents + kConversations));
    for (const auto& [key, n] : consumer.assigned) EXPECT_EQ(n, 1) << key;
    EXPECT_EQ(consumer.rejected, 0);
    EXPECT_EQ(router.engine().snapshot()->version, 1u + kReloads);

    // Conversations kept their agents across the reloads: a follow-up goes to the same one.
    Gateway gateway = router.connect().value();
    for (std::uint32_t t = 0; t < kTenants; ++t) {
        for (std::uint64_t k = 0; k < kConversations; ++k) {
            ASSERT_EQ(gateway.submit(
                          Submission{message(tenant_name(t), "c" + std::to_string(k)), "again", 0}),
                      SubmitStatus::kAccepted);
        }
    }
    ASSERT_TRUE(
        consume_until(router, consumer, [&] { return consumer.relayed_to.size() == total; }));
    EXPECT_EQ(consumer.relayed_to, consumer.agent_of);
    EXPECT_TRUE(consumer.warned.empty());

    // A deadline turned on applies to conversations opened afterwards: warned at half of 200 ms.
    const auto version = router.engine().reload(variant(cfg, kReloads + 1, true));
    ASSERT_TRUE(version.ok()) << version.error().message;
    EXPECT_EQ(*version, 2u + kReloads);
    ASSERT_EQ(gateway.submit(Submission{message("t1", "late"), "hello", 0}),
              SubmitStatus::kAccepted);
    ASSERT_TRUE(consume_until(router, consumer, [&] { return !consumer.warned.empty(); }));
    EXPECT_EQ(consumer.warned, std::vector<std::string>{"t1/late"});
}

TEST(Reload, EveryShardRoutesByTheNewConfigAfterwards) {
    const RuntimeConfig cfg = busy_config();
    Router router = Router::start(runtime_snapshot(cfg)).value();
    ASSERT_TRUE(router.engine().reload(variant(cfg, 1)).ok());
    for (std::uint32_t s = 0; s < router.engine().shard_count(); ++s) {
        std::uint64_t version = 0;
        std::vector<model::Strategy> strategies;
        router.engine()
            .run_on_shard(s,
                          [&](const core::Shard& shard) {
                              version = shard.snapshot().version;
                              for (const model::TenantSpec& t : shard.snapshot().tenants) {
                                  const routing::TenantRouter* r = shard.router(t.id);
                                  for (std::uint16_t p = 0; p < r->pool_count(); ++p) {
                                      strategies.push_back(r->pool(p).strategy());
                                  }
                              }
                          })
            .get();
        EXPECT_EQ(version, 2u) << "shard " << s;
        EXPECT_FALSE(strategies.empty()) << "shard " << s;
        for (const model::Strategy st : strategies) EXPECT_EQ(st, model::Strategy::kRoundRobin);
        EXPECT_EQ(router.stats().shards[s].config_version, 2u);
    }
}

TEST(Reload, RefusedReloadListsEveryReasonAndChangesNothing) {
    RuntimeConfig cfg;
    cfg.tenants = 2;
    Router router = Router::start(runtime_snapshot(cfg)).value();
    const auto before = router.engine().snapshot();
    config::Snapshot next = *runtime_snapshot(cfg);
    next.engine.shards = 2;
    next.tenants.pop_back();
    next.tenants[0].queues[0].strategy = model::Strategy::kRoundRobin;
    const auto result = router.engine().reload(std::make_shared<const config::Snapshot>(next));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, base::ErrorCode::kFailedPrecondition);
    EXPECT_EQ(result.error().message,
              "engine.shards: 1 -> 2 needs a restart (fixed when the engine starts)\n"
              "tenants[t1]: removed, needs a restart (its agents and conversations live in a "
              "shard)");
    EXPECT_EQ(router.engine().snapshot(), before);
    EXPECT_EQ(router.stats().shards[0].config_version, 1u);
    std::vector<model::Strategy> strategies;
    router.engine()
        .run_on_shard(0,
                      [&](const core::Shard& shard) {
                          strategies.push_back(shard.router("t0")->pool(0).strategy());
                      })
        .get();
    EXPECT_EQ(strategies, std::vector<model::Strategy>{model::Strategy::kLeastLoaded});
}

TEST(Reload, ReorderedTenantsKeepTheirNamesInOutputs) {
    RuntimeConfig cfg;
    cfg.tenants = 2;
    Router router = Router::start(runtime_snapshot(cfg)).value();
    config::Snapshot next = *runtime_snapshot(cfg);
    std::swap(next.tenants[0], next.tenants[1]);
    ASSERT_TRUE(router.engine().reload(std::make_shared<const config::Snapshot>(next)).ok());
    EXPECT_EQ(router.engine().snapshot()->tenants[0].id, "t0");
    Gateway gateway = router.connect().value();
    ASSERT_EQ(gateway.submit(Submission{login("t0", "alice", 5), {}, 0}), SubmitStatus::kAccepted);
    ASSERT_EQ(gateway.submit(Submission{message("t0", "c1"), "hi", 0}), SubmitStatus::kAccepted);
    RecordingHandler out;
    ASSERT_TRUE(poll_until(router, out, [&] { return out.deliveries.size() == 1; }));
    EXPECT_EQ(out.deliveries[0].tenant, "t0");
}

TEST(Reload, ConcurrentReloadsAreSerialised) {
    const RuntimeConfig cfg = busy_config();
    Router router = Router::start(runtime_snapshot(cfg)).value();
    std::vector<std::uint64_t> versions(4);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < versions.size(); ++i) {
        threads.emplace_back([&, i] {
            const auto v = router.engine().reload(variant(cfg, static_cast<int>(i % 2)));
            versions[i] = v.ok() ? *v : 0;
        });
    }
    for (auto& t : threads) t.join();
    std::sort(versions.begin(), versions.end());
    EXPECT_EQ(versions, (std::vector<std::uint64_t>{2, 3, 4, 5}));
    EXPECT_EQ(router.engine().snapshot()->version, 5u);
    for (const auto& shard : router.stats().shards) EXPECT_EQ(shard.config_version, 5u);
}

TEST(Reload, AfterStopIsRefused) {
    const RuntimeConfig cfg = busy_config();
    Router router = Router::start(runtime_snapshot(cfg)).value();
    router.stop();
    const auto result = router.engine().reload(variant(cfg, 1));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, base::ErrorCode::kFailedPrecondition);
    EXPECT_EQ(router.engine().snapshot()->version, 1u);
}

}  // namespace
}  // namespace switchboard::testing
