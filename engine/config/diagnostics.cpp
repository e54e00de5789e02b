#include "engine/config/diagnostics.hpp"

#include <algorithm>
#include <utility>

#include "engine/base/assert.hpp"

namespace switchboard::config {

void Diagnostics::error(Location where, std::string_view path, std::string what) {
    ++total_;
    if (entries_.size() == kMaxErrors) return;
    std::string text;
    if (!path.empty()) {
        text.append(path);
        text.append(": ");
    }
    text.append(what);
    entries_.push_back(Entry{where, std::move(text)});
}

std::string Diagnostics::at(Location where) const {
    return source_ + ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
}

std::string Diagnostics::render() const {
    SB_ASSERT(!entries_.empty());
    std::vector<const Entry*> sorted;
    sorted.reserve(entries_.size());
    for (const Entry& e : entries_) sorted.push_back(&e);
    // Stable, so two errors at one place keep the order they were found in.
    std::stable_sort(sorted.begin(), sorted.end(), [](const Entry* a, const Entry* b) {
        if (a->where.line != b->where.line) return a->where.line < b->where.line;
        return a->where.column < b->where.column;
    });
    std::string out;
    for (const Entry* e : sorted) {
        if (!out.empty()) out.push_back('\n');
        out.append(at(e->where));
        out.append(": ");
        out.append(e->text);
    }
    if (total_ > entries_.size()) {
        out.append("\n" + source_ + ": " + std::to_string(total_ - entries_.size()) +
                   " more errors not shown (at most " + std::to_string(kMaxErrors) + ")");
    }
    return out;
}

}  // namespace switchboard::config
