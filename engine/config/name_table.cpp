#include "engine/config/name_table.hpp"

namespace switchboard::config {

std::optional<std::string> NameTable::define(Diagnostics& diag, const Field& field) {
    auto name = Name{}(diag, field);
    const std::size_t index = names_.size();
    names_.push_back(name.value_or(std::string{}));
    if (!name) {
        complete_ = false;
        return std::nullopt;
    }
    const auto [first, inserted] = by_name_.emplace(*name, Definition{index, field.where});
    if (!inserted) {
        diag.error(field.where, field.path,
                   "duplicate " + kind_ + " '" + *name + "', first defined at " +
                       diag.at(first->second.where));
        return std::nullopt;
    }
    return name;
}

std::optional<std::size_t> NameTable::resolve(Diagnostics& diag, const Field& field) const {
    const auto name = Name{}(diag, field);
    if (!name) return std::nullopt;
    if (auto index = find(*name)) return index;
    if (!complete_) return std::nullopt;
    std::string known;
    for (std::size_t i = 0; i < names_.size(); ++i) {
        if (find(names_[i]) != i) continue;  // a duplicate; listed once
        if (!known.empty()) known.append(", ");
        known.append(names_[i]);
    }
    if (known.empty()) known = "none defined";
    diag.error(field.where, field.path,
               "unknown " + kind_ + " '" + *name + "' (known: " + known + ")");
    return std::nullopt;
}

std::optional<std::size_t> NameTable::find(std::string_view name) const {
    const auto it = by_name_.find(std::string(name));
    if (it == by_name_.end()) return std::nullopt;
    return it->second.index;
}

}  // namespace switchboard::config
