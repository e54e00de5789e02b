// Readers shared by the scenario parsers (scenario_parser.cpp, scenario_agents_parser.cpp), on
// top of engine/config's located YAML readers: decimal numbers, random quantities and the
// "where was this written" references that validate_scenario() reports against. Internal to
// engine/sim.
#pragma once

#include <optional>
#include <string_view>

#include "engine/config/diagnostics.hpp"
#include "engine/config/map_reader.hpp"
#include "engine/config/yaml_reader.hpp"
#include "engine/sim/random.hpp"
#include "engine/sim/scenario.hpp"

namespace switchboard::sim {

// A decimal number in [min, max].
struct Number {
    double min;
    double max;
    std::optional<double> operator()(config::Diagnostics& diag, const config::Field& field) const;
};

SourceRef ref_of(const config::Diagnostics& diag, const config::Field& field);

// `unit` is "_ms" for durations (keys mean_ms, median_ms, ...) or "" for plain numbers (mean,
// median, ...). Leaves `out` as it was, after reporting, when the mapping is wrong.
void read_quantity(config::Diagnostics& diag, const config::Field& field, std::string_view unit,
                   RandomQuantity& out);

// As read_quantity, for the value under `key` of `map` when present.
void read_quantity_key(const config::MapReader& map, std::string_view key, std::string_view unit,
                       RandomQuantity& out);

// Parses the agents list (scenario_agents_parser.cpp).
std::vector<AgentGroupSpec> parse_agent_groups(config::Diagnostics& diag,
                                               const config::Field& field);

}  // namespace switchboard::sim
