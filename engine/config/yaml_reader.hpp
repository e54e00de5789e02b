// Typed, located reading of yaml-cpp nodes, for the config parsers. Every reader checks one value
// against the schema and, when it does not fit, reports "PATH: expected X, got Y" at the value's
// line and column and returns nullopt, so a parser can go on and find the next error.
// yaml-cpp is an implementation detail of sb_config: this header is internal to engine/config.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "engine/base/time.hpp"
#include "engine/config/diagnostics.hpp"

namespace switchboard::config {

// Bounds on values no schema key states, so that no later arithmetic can overflow: a year in
// milliseconds still leaves int64 room for `now + deadline`; names end up in metric labels.
inline constexpr std::int64_t kMaxDurationMs = 366LL * 24 * 3600 * 1000;
inline constexpr std::size_t kMaxNameBytes = 128;
inline constexpr std::size_t kMaxTextBytes = 4096;

// A YAML value and where it sits, for located errors.
struct Field {
    YAML::Node node;
    std::string path;  // "tenants[0].tiers[1].priority"; "" for the document
    Location where;
};

// yaml-cpp marks are 0-based and absent on nodes it made up; `fallback` covers the latter.
Location location_of(const YAML::Mark& mark, Location fallback);
std::string child_path(std::string_view parent, std::string_view key);
std::string item_path(std::string_view parent, std::size_t index);

// What the user wrote, for "got Y": "'high'", "a list", "a mapping" or "an empty value".
std::string describe(const YAML::Node& node);

// The readers. Each is a small function object so that MapReader::read() can take any of them.
struct Int {  // a decimal integer in [min, max]
    std::int64_t min;
    std::int64_t max;
    std::optional<std::int64_t> operator()(Diagnostics& diag, const Field& field) const;
};

struct Millis {  // a duration in whole milliseconds in [min_ms, kMaxDurationMs]
    std::int64_t min_ms = 0;
    std::optional<base::Duration> operator()(Diagnostics& diag, const Field& field) const;
};

struct Bool {  // true or false; YAML 1.1's yes/no/on/off are refused as too easy to misread
    std::optional<bool> operator()(Diagnostics& diag, const Field& field) const;
};

struct Fraction {  // a number in [0, 1)
    std::optional<double> operator()(Diagnostics& diag, const Field& field) const;
};

struct Name {  // an identifier: 1..kMaxNameBytes bytes, no spaces or control characters
    std::optional<std::string> operator()(Diagnostics& diag, const Field& field) const;
};

struct Text {  // free text such as an auto-reply: 1..kMaxTextBytes bytes
    std::optional<std::string> operator()(Diagnostics& diag, const Field& field) const;
};

// Index into `names` of the scalar `field` holds; reports "expected one of a|b|c" otherwise.
std::optional<std::size_t> read_choice(Diagnostics& diag, const Field& field,
                                       std::span<const std::string_view> names);

template <typename T>
struct OneOf {  // one of a fixed set of words, mapped to values
    std::span<const std::pair<std::string_view, T>> choices;

    std::optional<T> operator()(Diagnostics& diag, const Field& field) const {
        std::vector<std::string_view> names;
        names.reserve(choices.size());
        for (const auto& choice : choices) names.push_back(choice.first);
        const auto index = read_choice(diag, field, names);
        if (!index) return std::nullopt;
        return choices[*index].second;
    }
};

// The items of a list with min_items..max_items entries, each with its path and place.
std::optional<std::vector<Field>> read_list(Diagnostics& diag, const Field& field,
                                            std::size_t min_items, std::size_t max_items);

// One entry of a mapping: the key as text and as a located field, and the value.
struct MapEntry {
    std::string key;
    Field key_field;
    Field value;
};

// The entries of a mapping whose keys are data (template ids), not schema. Reports a value that is
// not a mapping, non-scalar keys and repeated keys (yaml-cpp keeps both silently); skips those.
std::optional<std::vector<MapEntry>> read_map(Diagnostics& diag, const Field& field);

}  // namespace switchboard::config
