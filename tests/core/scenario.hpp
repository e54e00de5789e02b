// Test harness for the shard: a Shard built from YAML text, driven on virtual time, with every
// action recorded as a short readable line ("assign c1 -> alice (new)"), so that tests read as
// specifications of behaviour. Names are resolved when the action is emitted, while the agent or
// conversation still exists.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/shard.hpp"

namespace switchboard::testing {

class Recorder final : public core::ActionSink {
  public:
    explicit Recorder(const core::Shard& shard) : shard_(shard) {}
    void on_action(const core::Action& action) override;
    std::vector<std::string> take();
    const std::vector<core::Action>& raw() const noexcept { return raw_; }

  private:
    const core::Shard& shard_;
    std::vector<std::string> lines_;
    std::vector<core::Action> raw_;
};

class Scenario {
  public:
    // Parses `yaml` (aborts the test binary with the parser's message if it is invalid).
    explicit Scenario(std::string_view yaml, std::int64_t start_ms = 0);

    core::Shard& shard() noexcept { return *shard_; }
    std::int64_t now_ms() const noexcept { return now_ms_; }

    // Applies `event` at `at_ms` (>= now) and returns the actions it produced.
    std::vector<std::string> at(std::int64_t at_ms, const core::Event& event);
    // Applies `event` at the current time.
    std::vector<std::string> send(const core::Event& event) { return at(now_ms_, event); }
    // Moves time to `at_ms` (a Tick) and returns what the timers did.
    std::vector<std::string> advance_to(std::int64_t at_ms) { return at(at_ms, core::Tick{}); }

    // Shorthands for the events tests use most, all on tenant "shop".
    std::vector<std::string> login(const std::string& agent, std::vector<std::string> skills,
                                   std::uint32_t capacity = 2,
                                   std::vector<std::string> groups = {});
    std::vector<std::string> logout(const std::string& agent);
    std::vector<std::string> away(const std::string& agent);
    std::vector<std::string> available(const std::string& agent);
    std::vector<std::string> message(const std::string& conversation, const std::string& tier,
                                     std::vector<std::string> skills,
                                     const std::string& customer = "");
    std::vector<std::string> reply(const std::string& agent, const std::string& conversation,
                                   std::uint64_t text_hash = 0, bool quick_phrase = false);
    std::vector<std::string> close(const std::string& conversation);

    // Empty when every invariant holds.
    std::string invariants() const { return shard_->check_invariants(); }

  private:
    std::unique_ptr<core::Shard> shard_;
    std::int64_t now_ms_;
};

// A small shop: skills presales/returns/complaints, tiers vip > member > normal, groups vip_team
// and senior, one queue per skill. `extra_tenant_yaml` is appended inside the tenant mapping
// (e.g. to add sla_policies overrides); `queue_yaml` / `tier_yaml` replace the defaults.
std::string shop_yaml(std::string_view policies_yaml = {}, std::string_view tiers_yaml = {},
                      std::string_view queues_yaml = {}, std::string_view extra_yaml = {});

}  // namespace switchboard::testing
