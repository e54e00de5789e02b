// The `agents` list of a scenario file: groups of agents who behave alike (skills, capacity,
// reply times, silent share, breaks, shift).
#include <array>
#include <string>
#include <vector>

#include "engine/sim/scenario_reader.hpp"

namespace switchboard::sim {
namespace {

using config::Diagnostics;
using config::Field;
using config::MapReader;

constexpr std::size_t kMaxGroups = 1000;
constexpr std::int64_t kMaxAgentsPerGroup = 100'000;

constexpr auto kGroupKeys = std::to_array<std::string_view>(
    {"name", "count", "skills", "groups", "capacity", "reply_time", "speed_factor", "accept_time",
     "away_return", "silent_share", "quick_phrase_share", "breaks", "shift"});
constexpr auto kBreakKeys = std::to_array<std::string_view>({"every_ms", "length_ms", "staggered"});
constexpr auto kShiftKeys = std::to_array<std::string_view>({"start_ms", "end_ms", "wrap_up_ms"});

std::vector<SkillLevel> parse_skills(Diagnostics& diag, const Field& field) {
    std::vector<SkillLevel> skills;
    const auto entries = config::read_map(diag, field);
    if (!entries) return skills;
    for (const config::MapEntry& e : *entries) {
        const auto level = config::Int{1, 10}(diag, e.value);
        if (!level) continue;
        skills.push_back(
            SkillLevel{e.key, static_cast<std::uint32_t>(*level), ref_of(diag, e.key_field)});
    }
    if (skills.empty() && entries->empty()) {
        diag.error(field.where, field.path, "expected at least one skill: level");
    }
    return skills;
}

void parse_groups(Diagnostics& diag, const Field& field, AgentGroupSpec& g) {
    const auto items = config::read_list(diag, field, 0, 32);
    if (!items) return;
    for (const Field& item : *items) {
        if (auto name = config::Name{}(diag, item)) {
            g.groups.push_back(*name);
            g.group_refs.push_back(ref_of(diag, item));
        }
    }
}

BreakSpec parse_breaks(Diagnostics& diag, const Field& field) {
    BreakSpec b;
    const MapReader map(diag, field, kBreakKeys);
    base::Duration every{0};
    base::Duration length{0};
    map.read_required("every_ms", every, config::Millis{1});
    map.read_required("length_ms", length, config::Millis{1});
    map.read("staggered", b.staggered, config::Bool{});
    if (length >= every && every.count() > 0) {
        diag.error(field.where, field.path, "length_ms must be shorter than every_ms");
    }
    b.every_ms = every.count();
    b.length_ms = length.count();
    return b;
}

void parse_shift(Diagnostics& diag, const Field& field, AgentGroupSpec& g) {
    const MapReader map(diag, field, kShiftKeys);
    base::Duration start{0};
    base::Duration end{0};
    base::Duration wrap_up{g.wrap_up_ms};
    map.read("start_ms", start, config::Millis{0});
    const bool has_end = map.read("end_ms", end, config::Millis{1});
    map.read("wrap_up_ms", wrap_up, config::Millis{0});
    if (has_end && end <= start) {
        diag.error(field.where, field.path, "end_ms must be after start_ms");
    }
    g.shift_start_ms = start.count();
    g.shift_end_ms = has_end ? end.count() : -1;
    g.wrap_up_ms = wrap_up.count();
}

AgentGroupSpec parse_group(Diagnostics& diag, const Field& field) {
    AgentGroupSpec g;
    g.ref = ref_of(diag, field);
    const MapReader map(diag, field, kGroupKeys);
    map.read_required("name", g.name, config::Name{});
    map.read_required("count", g.count, config::Int{1, kMaxAgentsPerGroup});
    if (const auto f = map.require("skills")) g.skills = parse_skills(diag, *f);
    if (const auto f = map.find("groups")) parse_groups(diag, *f, g);
    map.read("capacity", g.capacity, config::Int{1, 1000});
    read_quantity_key(map, "reply_time", "_ms", g.reply_time_ms);
    read_quantity_key(map, "speed_factor", "", g.speed_factor);
    read_quantity_key(map, "accept_time", "_ms", g.accept_time_ms);
    read_quantity_key(map, "away_return", "_ms", g.away_return_ms);
    map.read("silent_share", g.silent_share, Number{0, 1});
    map.read("quick_phrase_share", g.quick_phrase_share, Number{0, 1});
    if (const auto f = map.find("breaks")) g.breaks = parse_breaks(diag, *f);
    if (const auto f = map.find("shift")) parse_shift(diag, *f, g);
    return g;
}

}  // namespace

std::vector<AgentGroupSpec> parse_agent_groups(Diagnostics& diag, const Field& field) {
    std::vector<AgentGroupSpec> groups;
    const auto items = config::read_list(diag, field, 1, kMaxGroups);
    if (!items) return groups;
    for (const Field& item : *items) groups.push_back(parse_group(diag, item));
    for (std::size_t i = 0; i < groups.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (!groups[i].name.empty() && groups[i].name == groups[j].name) {
                diag.error((*items)[i].where, (*items)[i].path + ".name",
                           "duplicate agent group name '" + groups[i].name + "', first at " +
                               groups[j].ref.at);
            }
        }
    }
    return groups;
}

}  // namespace switchboard::sim
