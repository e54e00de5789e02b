// A schema-checked view of one YAML mapping: the parsers ask it for keys by name, in whatever
// order their references need, and it has already reported everything wrong with the mapping
// itself (not a mapping, unknown keys, repeated keys). Internal to engine/config.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/config/diagnostics.hpp"
#include "engine/config/yaml_reader.hpp"

namespace switchboard::config {

class MapReader {
  public:
    // Reports, at their own place: `field` not being a mapping, and every key not in `allowed`
    // ("unknown key, expected one of ..."), non-text or repeated.
    MapReader(Diagnostics& diag, const Field& field, std::span<const std::string_view> allowed);

    // False when the value was not a mapping: every lookup then finds nothing, silently, because
    // that one error already says what is wrong.
    bool is_mapping() const noexcept { return is_mapping_; }
    const Field& self() const noexcept { return self_; }
    Diagnostics& diag() const noexcept { return *diag_; }

    std::optional<Field> find(std::string_view key) const;
    // As find(), and reports "missing required key 'x'" at this mapping when it is absent.
    std::optional<Field> require(std::string_view key) const;

    // Stores the value under `key`, read by `reader` (yaml_reader.hpp), in `out`. Leaves `out`
    // unchanged when the key is absent or its value is wrong (then reported). Returns whether it
    // stored.
    template <typename T, typename Reader>
    bool read(std::string_view key, T& out, const Reader& reader) const {
        return store(find(key), out, reader);
    }

    // As read(), and reports a missing key.
    template <typename T, typename Reader>
    bool read_required(std::string_view key, T& out, const Reader& reader) const {
        return store(require(key), out, reader);
    }

  private:
    template <typename T, typename Reader>
    bool store(const std::optional<Field>& field, T& out, const Reader& reader) const {
        if (!field) return false;
        auto value = reader(*diag_, *field);
        if (!value) return false;
        out = static_cast<T>(std::move(*value));
        return true;
    }

    Diagnostics* diag_;
    Field self_;
    bool is_mapping_ = false;
    std::vector<std::pair<std::string_view, Field>> known_;  // keys point into `allowed`
};

}  // namespace switchboard::config
