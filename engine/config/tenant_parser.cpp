#include "engine/config/tenant_parser.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/assert.hpp"
#include "engine/config/map_reader.hpp"
#include "engine/config/policy_parser.hpp"
#include "engine/config/queue_parser.hpp"
#include "engine/config/tenant_names.hpp"
#include "engine/config/tier_parser.hpp"

namespace switchboard::config {
namespace {

constexpr auto kTenantKeys = std::to_array<std::string_view>({
    "id",
    "skills",
    "groups",
    "agents",
    "sla_policies",
    "tiers",
    "default_tier",
    "queues",
    "default_queue",
    "auto_away",
    "limits",
    "templates",
});

constexpr auto kAgentKeys = std::to_array<std::string_view>({"default_capacity", "max_capacity"});

constexpr auto kLimitKeys = std::to_array<std::string_view>(
    {"max_agents", "max_conversations", "max_queue_length", "max_sticky_customers"});

constexpr Int kLimit{1, std::numeric_limits<std::uint32_t>::max()};

// A list of new names (skills, groups) whose positions become their indexes. `reserved`, if not
// empty, is a word the schema gives its own meaning to and so cannot be a name.
std::vector<std::string> define_names(Diagnostics& diag, const std::optional<Field>& field,
                                      NameTable& table, std::size_t min, std::size_t max,
                                      std::string_view reserved = {}) {
    std::vector<std::string> names;
    if (!field) return names;
    const auto items = read_list(diag, *field, min, max);
    if (!items) {
        table.mark_incomplete();
        return names;
    }
    for (const Field& item : *items) {
        names.push_back(table.define(diag, item).value_or(""));
        if (!reserved.empty() && names.back() == reserved) {
            diag.error(item.where, item.path,
                       "'" + std::string(reserved) + "' is reserved, expected another name");
        }
    }
    return names;
}

std::map<std::string, std::string> parse_templates(Diagnostics& diag,
                                                   const std::optional<Field>& field,
                                                   NameTable& table) {
    std::map<std::string, std::string> templates;
    if (!field) return templates;
    const auto entries = read_map(diag, *field);
    if (!entries) {
        table.mark_incomplete();
        return templates;
    }
    if (entries->size() > kMaxTemplates) {
        diag.error(field->where, field->path,
                   "expected at most " + std::to_string(kMaxTemplates) + " templates, got " +
                       std::to_string(entries->size()));
    }
    for (const MapEntry& entry : *entries) {
        const auto id = table.define(diag, entry.key_field);
        const auto text = Text{}(diag, entry.value);
        if (id && text) templates.emplace(*id, *text);
    }
    return templates;
}

void parse_agents(Diagnostics& diag, const std::optional<Field>& field, model::TenantSpec& spec) {
    if (!field) return;
    const MapReader map(diag, *field, kAgentKeys);
    map.read("max_capacity", spec.max_capacity, Int{1, kMaxAgentCapacity});
    const bool has_default =
        map.read("default_capacity", spec.default_capacity, Int{1, kMaxAgentCapacity});
    if (spec.default_capacity <= spec.max_capacity) return;
    // A new agent must be able to start with the capacity they are given.
    const auto at = has_default ? map.find("default_capacity") : map.find("max_capacity");
    if (!at) return;
    diag.error(at->where, at->path,
               "default_capacity " + std::to_string(spec.default_capacity) +
                   (has_default ? "" : " (the default)") + " exceeds max_capacity " +
                   std::to_string(spec.max_capacity) + ", expected default <= max");
}

model::TenantLimits parse_limits(Diagnostics& diag, const std::optional<Field>& field) {
    model::TenantLimits limits;
    if (!field) return limits;
    const MapReader map(diag, *field, kLimitKeys);
    map.read("max_agents", limits.max_agents, kLimit);
    map.read("max_conversations", limits.max_conversations, kLimit);
    map.read("max_queue_length", limits.max_queue_length, kLimit);
    map.read("max_sticky_customers", limits.max_sticky_customers, kLimit);
    return limits;
}

// What must hold of a spec that parsed without errors; a failure here is a parser bug.
void assert_complete(const model::TenantSpec& spec) {
    SB_ASSERT(!spec.skills.empty());
    SB_ASSERT(spec.skills.size() <= model::kMaxSkills);
    SB_ASSERT(spec.groups.size() <= model::kMaxGroups);
    SB_ASSERT(!spec.sla_policies.empty());
    SB_ASSERT(!spec.tiers.empty());
    SB_ASSERT(spec.tiers.size() <= model::kMaxTiers);
    SB_ASSERT(spec.default_tier < spec.tiers.size());
    SB_ASSERT(!spec.queues.empty());
    SB_ASSERT(spec.queues.size() <= model::kMaxQueues);
    SB_ASSERT(spec.default_queue < spec.queues.size());
    SB_ASSERT(spec.default_capacity <= spec.max_capacity);
}

}  // namespace

model::TenantSpec parse_tenant(Diagnostics& diag, const Field& field, NameTable& tenant_ids) {
    model::TenantSpec spec;
    const MapReader map(diag, field, kTenantKeys);
    if (!map.is_mapping()) {
        tenant_ids.mark_incomplete();
        return spec;
    }
    const std::size_t errors_before = diag.count();
    if (auto id = map.require("id")) spec.id = tenant_ids.define(diag, *id).value_or("");
    TenantNames names;
    // A required list that is missing leaves its table incomplete: references to it stay quiet.
    const auto skills = map.require("skills");
    if (!skills) names.skills.mark_incomplete();
    spec.skills = define_names(diag, skills, names.skills, 1, model::kMaxSkills);
    // `everyone` in a ladder means all agents, so a group of that name would be ambiguous.
    spec.groups =
        define_names(diag, map.find("groups"), names.groups, 0, model::kMaxGroups, "everyone");
    spec.templates = parse_templates(diag, map.find("templates"), names.templates);
    parse_agents(diag, map.find("agents"), spec);
    if (auto policies = map.require("sla_policies")) {
        spec.sla_policies = parse_sla_policies(diag, *policies, names);
    } else {
        names.policies.mark_incomplete();
    }
    if (auto tiers = map.require("tiers")) {
        spec.tiers = parse_tiers(diag, *tiers, names);
    } else {
        names.tiers.mark_incomplete();
    }
    const auto default_tier = parse_default_tier(diag, map.find("default_tier"), names, spec.tiers);
    spec.default_tier = default_tier.value_or(0);
    if (auto queues = map.require("queues")) {
        spec.queues = parse_queues(diag, *queues, names);
    } else {
        names.queues.mark_incomplete();
    }
    spec.default_queue = parse_default_queue(diag, map.find("default_queue"), names).value_or(0);
    if (auto auto_away = map.find("auto_away")) spec.auto_away = parse_auto_away(diag, *auto_away);
    spec.limits = parse_limits(diag, map.find("limits"));
    if (diag.count() == errors_before) assert_complete(spec);
    return spec;
}

}  // namespace switchboard::config
