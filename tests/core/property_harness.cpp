#include "tests/core/property_harness.hpp"

#include <algorithm>

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

}  // namespace switchboard::testing
