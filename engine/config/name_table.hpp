// The names of one kind of thing in a config (skills, groups, SLA policies, tiers...) in the order
// they were defined, so that references by name resolve to indexes with a located error. Each
// definition takes the next index even when it is a duplicate or unreadable, so indexes stay equal
// to positions in the spec vectors being built alongside. Internal to engine/config.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/config/diagnostics.hpp"
#include "engine/config/yaml_reader.hpp"

namespace switchboard::config {

class NameTable {
  public:
    // `kind` names the things in messages: "skill", "sla policy", "tenant id".
    explicit NameTable(std::string kind) : kind_(std::move(kind)) {}

    // Defines the next name from `field`, reporting a duplicate with both places. Returns the name,
    // or nullopt when it was unreadable (the table is then incomplete) or a duplicate.
    std::optional<std::string> define(Diagnostics& diag, const Field& field);

    // Index of the name `field` holds; reports "unknown skill 'x' (known: a, b)" when it has none.
    // An incomplete table reports nothing for unknown names: its definition error already explains
    // them, and one mistake should not cascade into dozens of messages.
    std::optional<std::size_t> resolve(Diagnostics& diag, const Field& field) const;

    std::optional<std::size_t> find(std::string_view name) const;

    // For a list whose own shape was wrong, so its names could not be read at all.
    void mark_incomplete() noexcept { complete_ = false; }
    bool complete() const noexcept { return complete_; }
    std::size_t size() const noexcept { return names_.size(); }

  private:
    struct Definition {
        std::size_t index;
        Location where;
    };

    std::string kind_;
    std::vector<std::string> names_;  // "" for an unreadable definition
    std::unordered_map<std::string, Definition> by_name_;
    bool complete_ = true;
};

}  // namespace switchboard::config
