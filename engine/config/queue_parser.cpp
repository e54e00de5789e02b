#include "engine/config/queue_parser.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/base/assert.hpp"
#include "engine/config/map_reader.hpp"
#include "engine/model/strategy.hpp"

namespace switchboard::config {
namespace {

constexpr auto kQueueKeys = std::to_array<std::string_view>({
    "name",
    "skills",
    "strategy",
    "fallback",
    "sticky_window_ms",
    "sla",
    "accept_timeout_ms",
    "idle_close_ms",
});

// The config words for strategies: the model's names plus `sticky`, which is a window on top of
// one of them rather than an ordering of its own.
constexpr auto kStrategyWords = std::to_array<std::string_view>({
    "least_loaded",
    "longest_idle",
    "round_robin",
    "most_proficient",
    "sticky",
});
constexpr std::size_t kSticky = 4;

model::Strategy strategy_named(std::string_view word) {
    const auto strategy = model::strategy_from_string(word);
    SB_ASSERT(strategy.has_value());
    return *strategy;
}

model::SkillSet parse_queue_skills(Diagnostics& diag, const Field& field,
                                   const TenantNames& names) {
    model::SkillSet skills;
    const auto items = read_list(diag, field, 1, model::kMaxSkills);
    if (!items) return skills;
    bool all_known = true;
    for (const Field& item : *items) {
        const auto skill = names.skills.resolve(diag, item);
        if (skill) skills.set(*skill);
        all_known = all_known && skill.has_value();
    }
    // Empty after an error, so that a half-resolved set is not also reported as a duplicate.
    return all_known ? skills : model::SkillSet{};
}

// strategy / fallback / sticky_window_ms: a sticky queue needs a window and routes by its fallback
// when the customer's last agent cannot take them; the other keys make no sense without sticky.
void parse_strategy(Diagnostics& diag, const MapReader& map, model::QueueSpec& queue) {
    bool sticky = false;
    if (const auto field = map.find("strategy")) {
        const auto index = read_choice(diag, *field, kStrategyWords);
        sticky = index == kSticky;
        if (index && !sticky) queue.strategy = strategy_named(kStrategyWords[*index]);
    }
    const auto fallback = map.find("fallback");
    const auto window = map.find("sticky_window_ms");
    if (!sticky) {
        for (const auto& field : {fallback, window}) {
            if (field) diag.error(field->where, field->path, "only allowed with strategy sticky");
        }
        return;
    }
    if (fallback) {
        // Sticky cannot fall back to itself.
        const std::span<const std::string_view> plain(kStrategyWords.data(), kSticky);
        if (const auto index = read_choice(diag, *fallback, plain)) {
            queue.strategy = strategy_named(plain[*index]);
        }
    }
    if (!window) {
        diag.error(map.self().where, map.self().path,
                   "missing required key 'sticky_window_ms', required with strategy sticky");
        return;
    }
    if (auto duration = Millis{}(diag, *window)) {
        queue.sticky_window = *duration;
        if (duration->count() == 0) {
            diag.error(window->where, window->path, "expected > 0 with strategy sticky, got 0");
        }
    }
}

// A queue and where its skill list sits, for the duplicate check across queues.
struct ParsedQueue {
    model::QueueSpec spec;
    Field skills_field;
};

ParsedQueue parse_queue(Diagnostics& diag, const Field& field, TenantNames& names) {
    ParsedQueue parsed{model::QueueSpec{}, field};
    model::QueueSpec& queue = parsed.spec;
    const MapReader map(diag, field, kQueueKeys);
    if (!map.is_mapping()) {
        names.queues.mark_incomplete();
        return parsed;
    }
    if (auto name = map.require("name")) {
        queue.name = names.queues.define(diag, *name).value_or("");
    } else {
        names.queues.mark_incomplete();
    }
    if (auto skills = map.require("skills")) {
        queue.skills = parse_queue_skills(diag, *skills, names);
        parsed.skills_field = *skills;
    }
    parse_strategy(diag, map, queue);
    if (auto sla = map.find("sla")) {
        if (auto index = names.policies.resolve(diag, *sla)) {
            queue.sla_policy = static_cast<model::PolicyIndex>(*index);
        }
    }
    map.read("accept_timeout_ms", queue.accept_timeout, Millis{});
    map.read("idle_close_ms", queue.idle_close, Millis{});
    return parsed;
}

// A conversation's skill set picks its queue (TenantSpec::find_queue_for), so two queues with the
// same set would make that choice ambiguous.
void check_unique_skill_sets(Diagnostics& diag, const std::vector<ParsedQueue>& queues) {
    std::unordered_map<std::uint64_t, std::size_t> first_with;
    for (std::size_t i = 0; i < queues.size(); ++i) {
        const model::SkillSet skills = queues[i].spec.skills;
        if (skills.empty()) continue;  // already reported
        const auto [first, inserted] = first_with.emplace(skills.bits(), i);
        if (inserted) continue;
        const ParsedQueue& other = queues[first->second];
        const Field& field = queues[i].skills_field;
        diag.error(field.where, field.path,
                   "same skills as queue '" + other.spec.name + "' at " +
                       diag.at(other.skills_field.where) +
                       ", expected a distinct skill set per queue");
    }
}

}  // namespace

std::vector<model::QueueSpec> parse_queues(Diagnostics& diag, const Field& list,
                                           TenantNames& names) {
    std::vector<model::QueueSpec> queues;
    const auto items = read_list(diag, list, 1, model::kMaxQueues);
    if (!items) {
        names.queues.mark_incomplete();
        return queues;
    }
    std::vector<ParsedQueue> parsed;
    parsed.reserve(items->size());
    for (const Field& item : *items) parsed.push_back(parse_queue(diag, item, names));
    check_unique_skill_sets(diag, parsed);
    queues.reserve(parsed.size());
    for (ParsedQueue& queue : parsed) queues.push_back(std::move(queue.spec));
    return queues;
}

std::optional<model::QueueIndex> parse_default_queue(Diagnostics& diag,
                                                     const std::optional<Field>& field,
                                                     const TenantNames& names) {
    if (!field) {
        if (names.queues.size() == 0) return std::nullopt;
        return model::QueueIndex{0};
    }
    const auto index = names.queues.resolve(diag, *field);
    if (!index) return std::nullopt;
    return static_cast<model::QueueIndex>(*index);
}

}  // namespace switchboard::config
