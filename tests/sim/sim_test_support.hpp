// Helpers of the simulator tests: the repository's config and scenario files, parsed, and a
// small shop config for behaviour tests.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/config/snapshot.hpp"
#include "engine/sim/scenario.hpp"
#include "engine/sim/sim_result.hpp"

namespace switchboard::testing {

// The text of a file under the source tree (e.g. "config/sim/erlang-c.yaml"); aborts the test
// binary with a message when it cannot be read.
std::string source_file(std::string_view relative_path);

// Parsed from text or from a file of the source tree; abort with the parser's message on error.
std::shared_ptr<const config::Snapshot> router_config_text(std::string_view yaml,
                                                           std::string_view name = "test.yaml");
std::shared_ptr<const config::Snapshot> router_config_file(std::string_view relative_path);
sim::ScenarioSpec scenario_text(std::string_view yaml, std::string_view name = "scenario.yaml");
sim::ScenarioSpec scenario_file(std::string_view relative_path);

// A one-queue shop "shop" (skill "chat", tiers vip > normal, group "team"), capacity up to 5,
// and `sla` as its policy body (e.g. "first_reply_ms: 10000\n reassign_on_miss: true").
std::string small_shop_yaml(std::string_view sla_keys, std::string_view extra_tenant_keys = {});

// simulate() with the shard's invariants checked at the end; aborts the test on an error.
sim::SimResult run_checked(std::shared_ptr<const config::Snapshot> config,
                           const sim::ScenarioSpec& scenario);

// Every figure of a result as text, for comparing two runs field by field.
std::string fingerprint(const sim::SimResult& r);

// A scenario on tenant "shop" of small_shop_yaml(): `per_hour` flat arrivals for `hours`, no
// follow-ups, agents closing 1 s after their answer, and `agents_yaml` as the agents list;
// `customer_keys` are more lines of the customers mapping (e.g. "  patience: ...\n").
std::string small_scenario_yaml(double per_hour, int hours, std::string_view agents_yaml,
                                std::string_view customer_keys = {});

}  // namespace switchboard::testing
