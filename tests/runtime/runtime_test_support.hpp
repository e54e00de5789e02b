// Helpers for the runtime tests: a small multi-tenant configuration and an OutputHandler that
// records what the engine hands out.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/config/snapshot.hpp"
#include "engine/runtime/router.hpp"

namespace switchboard::testing {

struct RuntimeConfig {
    std::uint32_t tenants = 1;  // tenants t0, t1, ...
    std::uint32_t shards = 1;
    std::uint32_t ring_capacity = 4096;
    std::uint32_t outbox_capacity = 256;
    std::uint32_t notice_capacity = 65536;
    std::uint32_t max_gateways = 16;
    std::uint32_t max_capacity = 1000;  // per agent
    std::string sla_yaml = "first_reply_ms: 0\n        next_reply_ms: 0";
};

// Parses the configuration or aborts with the parser's message.
std::shared_ptr<const config::Snapshot> runtime_snapshot(const RuntimeConfig& cfg);

std::string tenant_name(std::uint32_t i);

struct DeliveryRecord {
    std::string tenant;
    std::string agent;
    runtime::Delivery delivery;
    runtime::AgentStream stream;
};

class RecordingHandler final : public runtime::OutputHandler {
  public:
    void on_delivery(runtime::AgentStream stream, const runtime::Delivery& delivery) override {
        deliveries.push_back(DeliveryRecord{stream.tenant(), stream.agent(), delivery, stream});
    }
    void on_notice(const runtime::Notice& notice) override { notices.push_back(notice); }

    std::vector<DeliveryRecord> deliveries;
    std::vector<runtime::Notice> notices;
};

// Polls `router` until `done()` holds or ~10 s pass (a hang fails the test, not the run).
template <typename Done>
bool poll_until(Router& router, runtime::OutputHandler& handler, Done&& done) {
    for (int i = 0; i < 10'000; ++i) {
        router.poll(handler);
        if (done()) return true;
        router.wait_for_output(std::chrono::milliseconds(1));
    }
    return done();
}

core::AgentLogin login(std::string tenant, std::string agent, std::uint32_t capacity);
core::CustomerMessage message(std::string tenant, std::string conversation);

}  // namespace switchboard::testing
