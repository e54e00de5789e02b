#include "tests/core/property_harness.hpp"

#include <algorithm>
#include <cstdio>

#include <gtest/gtest.h>

#include "tests/core/property_events.hpp"

namespace switchboard::testing {

void History::add(std::uint32_t step, std::int64_t now_ms, const core::Event& event,
                  const std::vector<std::string>& lines) {
    std::string text = "  step " + std::to_string(step) + " t=" + std::to_string(now_ms) + " " +
                       describe_event(event) + "\n";
    for (const std::string& line : lines) text += "      " + line + "\n";
    steps_.push_back(std::move(text));
    if (steps_.size() > keep_) steps_.pop_front();
}

std::string History::str() const {
    std::string out = "last steps:\n";
    for (const std::string& s : steps_) out += s;
    return out;
}

void ActionTally::add(const std::vector<std::string>& lines) {
    for (const std::string& line : lines) {
        std::string kind = line.substr(0, line.find(' '));
        if (kind == "reject") {
            kind = line.substr(0, line.find(' ', line.find(' ') + 1));
        } else if (const auto open = line.rfind(" ("); open != std::string::npos) {
            kind += line.substr(open);
        }
        ++counts_[kind];
    }
}

std::string ActionTally::str() const {
    std::string out;
    for (const auto& [kind, n] : counts_)
        out += (out.empty() ? "" : ", ") + kind + " " + std::to_string(n);
    return out;
}

std::string announce_seed(std::uint64_t seed, std::uint32_t steps) {
    std::printf("[ property ] seed %llu, %u steps\n", static_cast<unsigned long long>(seed), steps);
    std::fflush(stdout);
    return "seed " + std::to_string(seed) + " (replay: SB_PROPERTY_SEED=" + std::to_string(seed) +
           ")";
}

void for_each_seed(std::initializer_list<std::uint64_t> seeds, std::uint32_t default_steps,
                   const std::function<void(std::uint64_t, std::uint32_t)>& run) {
    for (const std::uint64_t seed : property_seeds(seeds)) {
        run(seed, property_steps(default_steps));
        if (::testing::Test::HasFatalFailure()) return;
    }
}

std::string step_problem(const core::Shard& shard, const CheckingSink& sink) {
    if (!sink.problems().empty()) return sink.problems().front();
    if (std::string p = shard.check_invariants(); !p.empty()) return "check_invariants: " + p;
    if (std::string p = placement_problem(shard); !p.empty()) return p;
    return idle_agent_problem(shard);
}

std::vector<std::string> sorted(std::vector<std::string> lines) {
    std::sort(lines.begin(), lines.end());
    return lines;
}

std::vector<std::string> sorted_loads(const core::Shard& shard) {
    std::vector<std::string> out;
    shard.for_each_agent([&](model::AgentId, const model::Agent& a) {
        out.push_back(a.name + "=" + std::to_string(a.load));
    });
    return sorted(std::move(out));
}

std::string holder_of(const core::Shard& shard, const std::string& tenant,
                      const std::string& conversation) {
    const auto id = shard.find_conversation(tenant, conversation);
    if (!id) return "";
    return std::string(shard.agent_name(shard.conversation(*id)->agent));
}

StateHints shard_hints(const core::Shard& shard) {
    const auto in_state = [&shard](model::ConversationState state) {
        std::vector<std::string> names;
        shard.for_each_conversation([&](model::ConversationId, const model::Conversation& c) {
            if (c.state == state) names.emplace_back(c.name);
        });
        return names;
    };
    return StateHints{
        [&shard](const std::string& c) { return holder_of(shard, "shop", c); },
        [in_state] { return in_state(model::ConversationState::kOffered); },
        [in_state] { return in_state(model::ConversationState::kAssigned); },
    };
}

}  // namespace switchboard::testing
