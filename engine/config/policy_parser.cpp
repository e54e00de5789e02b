#include "engine/config/policy_parser.hpp"

#include <array>
#include <string_view>

#include "engine/config/map_reader.hpp"

namespace switchboard::config {
namespace {

constexpr auto kPolicyKeys = std::to_array<std::string_view>({
    "name",
    "first_reply_ms",
    "next_reply_ms",
    "warn_at",
    "reassign_on_miss",
    "max_reassignments",
    "escalate_to_supervisor",
    "apology_template",
    "quick_phrase_stops_clock",
    "repeated_reply_stops_clock",
});

constexpr auto kAutoAwayKeys =
    std::to_array<std::string_view>({"max_misses", "window_ms", "cooldown_ms"});

model::SlaPolicy parse_policy(Diagnostics& diag, const Field& field, TenantNames& names) {
    model::SlaPolicy policy;
    const MapReader map(diag, field, kPolicyKeys);
    if (!map.is_mapping()) {
        names.policies.mark_incomplete();
        return policy;
    }
    if (auto name = map.require("name")) {
        policy.name = names.policies.define(diag, *name).value_or("");
    } else {
        names.policies.mark_incomplete();
    }
    map.read("first_reply_ms", policy.first_reply, Millis{});
    map.read("next_reply_ms", policy.next_reply, Millis{});
    map.read("warn_at", policy.warn_fraction, Fraction{});
    map.read("reassign_on_miss", policy.reassign_on_miss, Bool{});
    map.read("max_reassignments", policy.max_reassignments, Int{0, kMaxReassignments});
    map.read("escalate_to_supervisor", policy.escalate_to_supervisor, Bool{});
    map.read("quick_phrase_stops_clock", policy.quick_phrase_stops_clock, Bool{});
    map.read("repeated_reply_stops_clock", policy.repeated_reply_stops_clock, Bool{});
    if (auto apology = map.find("apology_template")) {
        // Stored by name: the shard looks templates up by id when it sends the auto-reply.
        if (names.templates.resolve(diag, *apology))
            policy.apology_template = apology->node.Scalar();
    }
    return policy;
}

}  // namespace

std::vector<model::SlaPolicy> parse_sla_policies(Diagnostics& diag, const Field& list,
                                                 TenantNames& names) {
    std::vector<model::SlaPolicy> policies;
    const auto items = read_list(diag, list, 1, kMaxSlaPolicies);
    if (!items) {
        names.policies.mark_incomplete();
        return policies;
    }
    for (const Field& item : *items) policies.push_back(parse_policy(diag, item, names));
    return policies;
}

model::AutoAwayPolicy parse_auto_away(Diagnostics& diag, const Field& field) {
    model::AutoAwayPolicy policy;
    const MapReader map(diag, field, kAutoAwayKeys);
    map.read("max_misses", policy.max_misses, Int{0, kMaxAutoAwayMisses});
    map.read("cooldown_ms", policy.cooldown, Millis{});
    const bool has_window = map.read("window_ms", policy.window, Millis{});
    if (policy.max_misses == 0 || policy.window.count() > 0) return policy;
    // Misses are counted per window: without one, "3 misses" never expires.
    const auto window = map.find("window_ms");
    if (!window) {
        diag.error(field.where, field.path,
                   "missing required key 'window_ms', expected > 0 when max_misses > 0");
    } else if (has_window) {
        diag.error(window->where, window->path,
                   "expected > 0 when max_misses > 0, got " + window->node.Scalar());
    }
    return policy;
}

}  // namespace switchboard::config
