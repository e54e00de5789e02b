// Collects every error found in one configuration file, with its place, so that an operator fixes
// a file in one round instead of one error per reload. Rendered as one error per line:
//   FILE:LINE:COL: PATH: WHAT, expected X, got Y
// Lines and columns are 1-based. At most kMaxErrors are kept; the rest are only counted, because
// past that point the file is most likely not a Switchboard config at all.
// Owned by one parse_config() call; not shared between threads.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace switchboard::config {

// A 1-based position in the source text.
struct Location {
    int line = 1;
    int column = 1;
};

class Diagnostics {
  public:
    static constexpr std::size_t kMaxErrors = 50;

    explicit Diagnostics(std::string_view source_name) : source_(source_name) {}

    // `path` is the dotted key path (e.g. "tenants[0].tiers[1].priority"); "" for the document.
    void error(Location where, std::string_view path, std::string what);

    bool empty() const noexcept { return total_ == 0; }
    std::size_t count() const noexcept { return total_; }

    // "FILE:LINE:COL", for messages that point at a second place (the first of two duplicates).
    std::string at(Location where) const;

    // Every kept error, ordered by position, one per line without a trailing newline.
    // Precondition: !empty().
    std::string render() const;

  private:
    struct Entry {
        Location where;
        std::string text;  // "PATH: WHAT" or just "WHAT"
    };

    std::string source_;
    std::vector<Entry> entries_;
    std::size_t total_ = 0;
};

}  // namespace switchboard::config
