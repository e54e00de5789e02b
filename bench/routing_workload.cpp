#include "bench/routing_workload.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <utility>

#include "engine/base/assert.hpp"
#include "engine/config/parse_config.hpp"

namespace switchboard::bench {
namespace {

constexpr int kSkills = 8;
// Two-skill classes: (s0, s1) and (s2, s3), 5% of the traffic each.
constexpr std::array<std::pair<int, int>, 2> kPairs{{{0, 1}, {2, 3}}};
constexpr std::array<std::string_view, 3> kTiers{"vip", "member", "normal"};
// The directory remembers this many closed ids (core::kClosedConversationMemory, internal to
// engine/core); a larger value here only makes the ring longer.
constexpr std::size_t kTombstones = 65'536;

// Reply deadlines of an hour are armed on every assignment (with a 70% warning) and idle closes of
// two hours on every open, exactly as with production values; they are long enough never to fire
// in the steady state, where a conversation lives open-target ms (at most 250 s at 100k agents),
// so every step measures the same path: route a new conversation, close an old one.
constexpr std::string_view kPolicies = R"(
    sla_policies:
      - name: vip
        first_reply_ms: 3600000
        next_reply_ms: 3600000
        warn_at: 0.7
        reassign_on_miss: true
        max_reassignments: 2
        escalate_to_supervisor: true
        apology_template: apology_delay
      - name: standard
        first_reply_ms: 3600000
        next_reply_ms: 3600000
        warn_at: 0.7
        reassign_on_miss: true
        max_reassignments: 2
    tiers:
      - name: vip
        priority: 100
        sla: vip
        max_wait_ms: 3600000
        overflow: leave_message
        position_updates_ms: 60000
      - name: member
        priority: 50
        sla: standard
        max_wait_ms: 3600000
        overflow: leave_message
        position_updates_ms: 60000
      - name: normal
        priority: 10
        sla: standard
        max_wait_ms: 3600000
        overflow: bot
        position_updates_ms: 60000
    auto_away:
      max_misses: 3
      window_ms: 600000
      cooldown_ms: 300000
    templates:
      apology_delay: "Sorry for the wait."
      queue_position: "You are number {position}; about {wait_s} s."
      leave_message: "Please leave a message."
)";

// prefix + n, built by appending: g++ 12 -O3 misreports `"s" + std::to_string(n)` under
// -Wrestrict (GCC bug 105329), which -Werror turns into a build failure.
std::string tagged(std::string_view prefix, std::uint64_t n) {
    std::string s(prefix);
    s += std::to_string(n);
    return s;
}

std::string skill_name(int s) { return tagged("s", static_cast<std::uint64_t>(s)); }

void add_queue(std::string& yaml, std::string_view name, std::string_view skills,
               std::string_view strategy) {
    yaml += "      - name: ";
    yaml += name;
    yaml += "\n        skills: [";
    yaml += skills;
    yaml += "]\n        strategy: ";
    yaml += strategy;
    yaml += "\n        idle_close_ms: 7200000\n";
}

// splitmix64: a stateless, well-mixed hash, so each event's draws depend on its id alone.
std::uint64_t mix(std::uint64_t x) noexcept {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

core::AgentLogin login_event(std::uint32_t i, std::mt19937_64& rng) {
    std::array<int, kSkills> skills{0, 1, 2, 3, 4, 5, 6, 7};
    std::shuffle(skills.begin(), skills.end(), rng);
    const auto count = std::uniform_int_distribution<int>(2, 3)(rng);
    std::uniform_int_distribution<int> level(1, 10);
    core::AgentLogin e{"shop", tagged("a", i), {}, {}, kAgentCapacity};
    for (int k = 0; k < count; ++k) {
        e.skills.push_back(
            core::SkillGrant{skill_name(skills[k]), static_cast<model::Proficiency>(level(rng))});
    }
    const auto group = std::uniform_int_distribution<int>(0, 99)(rng);
    e.groups.push_back(group < 5 ? "vip_team" : group < 20 ? "senior" : "general");
    return e;
}

}  // namespace

std::string workload_yaml(const WorkloadSpec& spec) {
    std::string yaml = "tenants:\n  - id: shop\n    skills: [";
    for (int s = 0; s < kSkills; ++s) {
        if (s > 0) yaml += ", ";
        yaml += skill_name(s);
    }
    yaml += "]\n    groups: [vip_team, senior, general]\n";
    yaml += "    agents:\n      default_capacity: 5\n      max_capacity: 8\n";
    yaml += kPolicies;
    yaml += "    queues:\n";
    for (int s = 0; s < kSkills; ++s)
        add_queue(yaml, tagged("qs", static_cast<std::uint64_t>(s)), skill_name(s), spec.strategy);
    for (const auto& [a, b] : kPairs) {
        std::string skills = skill_name(a);
        skills += ", ";
        skills += skill_name(b);
        add_queue(yaml, tagged("qpair", static_cast<std::uint64_t>(a)), skills, spec.strategy);
    }
    yaml += tagged("    limits:\n      max_agents: ", spec.agents);
    yaml += tagged("\n      max_conversations: ", spec.max_conversations);
    yaml += tagged("\n      max_queue_length: ", spec.max_queue_length);
    yaml += "\n      max_sticky_customers: 1\n";
    return yaml;
}

std::unique_ptr<core::Shard> make_shard(const WorkloadSpec& spec, base::Time now,
                                        std::uint64_t seed) {
    base::Result<config::Snapshot> parsed = config::parse_config(workload_yaml(spec), "bench");
    if (!parsed.ok()) {
        std::fprintf(stderr, "routing_bench config invalid:\n%s\n", parsed.error().message.c_str());
        std::abort();
    }
    auto snapshot = std::make_shared<const config::Snapshot>(std::move(parsed).value());
    auto shard = std::make_unique<core::Shard>(std::move(snapshot), now);
    std::mt19937_64 rng(seed);
    CountingSink sink;
    for (std::uint32_t i = 0; i < spec.agents; ++i) shard->apply(login_event(i, rng), now, sink);
    if (sink.count<core::Rejected>() != 0 || shard->agent_count() != spec.agents) {
        std::fprintf(stderr, "routing_bench: agent logins were rejected\n");
        std::abort();
    }
    return shard;
}

core::Event open_event(std::uint64_t id) {
    const std::uint64_t draw = mix(id);
    const auto tier_draw = draw % 100;  // 10% vip, 30% member, 60% normal
    const auto tier = tier_draw < 10 ? kTiers[0] : tier_draw < 40 ? kTiers[1] : kTiers[2];
    const auto class_draw = (draw >> 8) % 100;  // 90% single-skill, 5% per two-skill class
    std::vector<std::string> skills;
    if (class_draw < 90) {
        skills.push_back(skill_name(static_cast<int>((draw >> 16) % kSkills)));
    } else {
        const auto& [a, b] = kPairs[class_draw % kPairs.size()];
        skills = {skill_name(a), skill_name(b)};
    }
    return core::CustomerMessage{"shop", tagged("c", id), tagged("u", id), std::string(tier),
                                 std::move(skills)};
}

SteadyState::SteadyState(std::string_view strategy, std::uint32_t agents)
    : open_target_(agents * kAgentCapacity / 2), now_(base::time_from_ms(1)) {
    const WorkloadSpec spec{strategy, agents, 4 * open_target_ + 10'000, 4 * open_target_ + 10'000};
    shard_ = make_shard(spec, now_, 42);
    // An id comes round again only after its tombstone has been forgotten, so every open takes
    // the fresh-id path of a real gateway.
    const std::size_t ring = open_target_ + kTombstones + 1024;
    opens_.reserve(ring);
    closes_.reserve(ring);
    for (std::size_t i = 0; i < ring; ++i) {
        opens_.push_back(open_event(i));
        closes_.push_back(core::CloseConversation{"shop", tagged("c", i)});
    }
    CountingSink sink;
    for (std::uint32_t i = 0; i < open_target_; ++i) {
        open_next(sink);
        tick();
    }
    for (std::size_t i = 0; i < ring; ++i) {
        open_next(sink);
        close_oldest(sink);
        tick();
    }
    SB_ASSERT(sink.count<core::Rejected>() == 0);
    SB_ASSERT(shard_->conversation_count() == open_target_);
}

}  // namespace switchboard::bench
