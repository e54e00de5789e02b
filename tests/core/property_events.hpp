// Random shard events for property tests: a seeded generator over a small universe of ids, so
// that collisions, unknown ids, closed ids, duplicate logins and re-logins happen often, and a
// few events are malformed on purpose (unknown tenant, skill, tier or group, invalid capacity or
// proficiency, transfers with both or no targets). It reads the tenant's names from its spec and,
// through an optional hint, who holds a conversation, so that replies and transfers are often
// (not always) valid. Deterministic for a seed: std::mt19937_64, never std::random_device.
//
// Seeds: SB_PROPERTY_SEED=<n> replays only seed n; SB_PROPERTY_STEPS=<n> sets the steps per seed;
// SB_PROPERTY_TRACE=1 prints every event as it is applied (to find the step that aborts).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "engine/core/events.hpp"
#include "engine/model/tenant_spec.hpp"

namespace switchboard::testing {

// The seeds to run: `defaults`, or only the one named by SB_PROPERTY_SEED.
std::vector<std::uint64_t> property_seeds(std::initializer_list<std::uint64_t> defaults);
// Steps per seed: SB_PROPERTY_STEPS when set, else `default_steps`.
std::uint32_t property_steps(std::uint32_t default_steps);
// True when SB_PROPERTY_TRACE is set: print each event as it is applied.
bool property_trace();

// How far time moves between two events.
struct TimeSteps {
    std::int64_t max_ms = 1500;  // uniform 0..max_ms
    int zero_percent = 20;       // same millisecond as the previous event (ties)
    int jump_per_mille = 0;      // a jump of 1..6 hours
};

// What the generator may ask about the state, so that replies and accepts are often timely:
// who holds a conversation (agent name or ""), and which conversations are offered / assigned.
struct StateHints {
    std::function<std::string(const std::string& conversation)> holder;
    std::function<std::vector<std::string>()> offered;
    std::function<std::vector<std::string>()> assigned;
};

class EventGenerator {
  public:
    EventGenerator(const model::TenantSpec& spec, std::uint64_t seed);

    void set_hints(StateHints hints) { hints_ = std::move(hints); }
    core::Event next();
    std::int64_t advance_ms(const TimeSteps& steps);

  private:
    int percent() { return static_cast<int>(rng_() % 100); }
    bool chance(int pct) { return percent() < pct; }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }

    std::string tenant();
    std::string agent();
    std::string conversation();
    // Often one of `hinted` (when a hint gives any), else any conversation name.
    std::string conversation_among(const std::function<std::vector<std::string>()>& hinted,
                                   int pct);
    std::string holder_or_agent(const std::string& conversation, int pct);
    std::vector<std::string> skills_for_message();
    std::optional<std::uint32_t> capacity();

    core::Event login();
    core::Event status();
    core::Event message();
    core::Event reply();
    core::Event accept();
    core::Event transfer();

    const model::TenantSpec& spec_;
    std::mt19937_64 rng_;
    StateHints hints_;
};

// One line per event, for traces and failure reports: "login a1 [returns:5] {senior} cap 2".
std::string describe_event(const core::Event& event);

}  // namespace switchboard::testing
