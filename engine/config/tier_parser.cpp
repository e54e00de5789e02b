#include "engine/config/tier_parser.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "engine/base/assert.hpp"
#include "engine/config/map_reader.hpp"

namespace switchboard::config {
namespace {

using model::OverflowAction;

constexpr auto kTierKeys = std::to_array<std::string_view>({
    "name",
    "priority",
    "sla",
    "ladder",
    "max_wait_ms",
    "overflow",
    "position_updates_ms",
});

constexpr auto kStepKeys = std::to_array<std::string_view>({"after_ms", "groups"});

constexpr auto kOverflowActions = std::to_array<std::pair<std::string_view, OverflowAction>>({
    {"none", OverflowAction::kNone},
    {"leave_message", OverflowAction::kLeaveMessage},
    {"bot", OverflowAction::kBot},
});

constexpr Int kPriority{std::numeric_limits<std::int32_t>::min(),
                        std::numeric_limits<std::int32_t>::max()};

// `groups:` of a step: absent or `everyone` = every agent, else a non-empty list of group names.
void parse_step_groups(Diagnostics& diag, const std::optional<Field>& field,
                       const TenantNames& names, model::LadderStep& step) {
    if (!field || (field->node.IsScalar() && field->node.Scalar() == "everyone")) return;
    if (field->node.IsScalar()) {
        diag.error(field->where, field->path,
                   "expected a list of groups or 'everyone', got " + describe(field->node));
        return;
    }
    const auto items = read_list(diag, *field, 1, model::kMaxGroups);
    if (!items) return;
    step.everyone = false;
    for (const Field& item : *items) {
        if (auto group = names.groups.resolve(diag, item)) step.groups.set(*group);
    }
}

// `after_ms` must be 0 (or absent) on the first step and strictly increase after it, so that the
// widening timers of one conversation fire in order.
void parse_step_after(Diagnostics& diag, const MapReader& map, const model::LadderStep* previous,
                      model::LadderStep& step) {
    if (previous == nullptr) {
        if (map.read("after_ms", step.after, Millis{}) && step.after.count() != 0) {
            const Field field = *map.find("after_ms");
            diag.error(field.where, field.path,
                       "the first step starts when the conversation is queued, expected 0, got " +
                           field.node.Scalar());
        }
        return;
    }
    if (!map.read_required("after_ms", step.after, Millis{})) return;
    if (step.after > previous->after) return;
    const Field field = *map.find("after_ms");
    diag.error(field.where, field.path,
               "expected more than the previous step's " + std::to_string(previous->after.count()) +
                   ", got " + field.node.Scalar());
}

std::vector<model::LadderStep> parse_ladder(Diagnostics& diag, const std::optional<Field>& field,
                                            const TenantNames& names) {
    if (!field) return {model::LadderStep{}};  // one step: everyone, from the start
    std::vector<model::LadderStep> ladder;
    const auto items = read_list(diag, *field, 1, kMaxLadderSteps);
    if (!items) return {model::LadderStep{}};
    for (const Field& item : *items) {
        model::LadderStep step;
        const MapReader map(diag, item, kStepKeys);
        if (map.is_mapping()) {
            parse_step_after(diag, map, ladder.empty() ? nullptr : &ladder.back(), step);
            parse_step_groups(diag, map.find("groups"), names, step);
        }
        ladder.push_back(step);
    }
    return ladder;
}

// A tier that waits a bounded time must say where its conversations go next.
void check_overflow(Diagnostics& diag, const MapReader& map, const model::TierSpec& tier) {
    if (tier.max_wait.count() == 0 || tier.overflow != OverflowAction::kNone) return;
    const std::string why = "expected leave_message or bot when max_wait_ms > 0";
    if (const auto field = map.find("overflow")) {
        diag.error(field->where, field->path, why + ", got 'none'");
    } else {
        diag.error(map.self().where, map.self().path, "missing required key 'overflow', " + why);
    }
}

model::TierSpec parse_tier(Diagnostics& diag, const Field& field, TenantNames& names) {
    model::TierSpec tier;
    const MapReader map(diag, field, kTierKeys);
    if (!map.is_mapping()) {
        names.tiers.mark_incomplete();
        return tier;
    }
    if (auto name = map.require("name")) {
        tier.name = names.tiers.define(diag, *name).value_or("");
    } else {
        names.tiers.mark_incomplete();
    }
    map.read_required("priority", tier.priority, kPriority);
    if (auto sla = map.require("sla")) {
        if (auto index = names.policies.resolve(diag, *sla)) {
            tier.sla_policy = static_cast<model::PolicyIndex>(*index);
        }
    }
    tier.ladder = parse_ladder(diag, map.find("ladder"), names);
    map.read("max_wait_ms", tier.max_wait, Millis{});
    map.read("overflow", tier.overflow, OneOf<OverflowAction>{kOverflowActions});
    map.read("position_updates_ms", tier.position_update_interval, Millis{});
    check_overflow(diag, map, tier);
    return tier;
}

}  // namespace

std::vector<model::TierSpec> parse_tiers(Diagnostics& diag, const Field& list, TenantNames& names) {
    std::vector<model::TierSpec> tiers;
    const auto items = read_list(diag, list, 1, model::kMaxTiers);
    if (!items) {
        names.tiers.mark_incomplete();
        return tiers;
    }
    for (const Field& item : *items) tiers.push_back(parse_tier(diag, item, names));
    std::stable_sort(
        tiers.begin(), tiers.end(),
        [](const model::TierSpec& a, const model::TierSpec& b) { return a.priority > b.priority; });
    for (const model::TierSpec& tier : tiers) SB_ASSERT(!tier.ladder.empty());
    return tiers;
}

std::optional<model::TierIndex> parse_default_tier(Diagnostics& diag,
                                                   const std::optional<Field>& field,
                                                   const TenantNames& names,
                                                   const std::vector<model::TierSpec>& tiers) {
    if (tiers.empty()) return std::nullopt;
    // Unnamed customers get the least service, so an unlisted VIP is never served as one.
    if (!field) return static_cast<model::TierIndex>(tiers.size() - 1);
    if (!names.tiers.resolve(diag, *field)) return std::nullopt;
    const std::string& name = field->node.Scalar();
    for (std::size_t i = 0; i < tiers.size(); ++i) {
        if (tiers[i].name == name) return static_cast<model::TierIndex>(i);
    }
    return std::nullopt;
}

}  // namespace switchboard::config
