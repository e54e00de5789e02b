#include "engine/config/map_reader.hpp"

#include <algorithm>
#include <string>

namespace switchboard::config {
namespace {

std::string key_list(std::span<const std::string_view> allowed) {
    std::string list;
    for (const std::string_view key : allowed) {
        if (!list.empty()) list.append(", ");
        list.append(key);
    }
    return list;
}

}  // namespace

MapReader::MapReader(Diagnostics& diag, const Field& field,
                     std::span<const std::string_view> allowed)
    : diag_(&diag), self_(field) {
    auto entries = read_map(diag, field);
    if (!entries) return;
    is_mapping_ = true;
    for (MapEntry& entry : *entries) {
        const auto key = std::find(allowed.begin(), allowed.end(), entry.key);
        if (key == allowed.end()) {
            diag.error(entry.key_field.where, entry.key_field.path,
                       "unknown key, expected one of " + key_list(allowed));
            continue;
        }
        known_.emplace_back(*key, std::move(entry.value));
    }
}

std::optional<Field> MapReader::find(std::string_view key) const {
    for (const auto& [name, value] : known_) {
        if (name == key) return value;
    }
    return std::nullopt;
}

std::optional<Field> MapReader::require(std::string_view key) const {
    auto field = find(key);
    if (!field && is_mapping_) {
        diag_->error(self_.where, self_.path, "missing required key '" + std::string(key) + "'");
    }
    return field;
}

}  // namespace switchboard::config
