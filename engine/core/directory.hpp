// The edge of the core: gateway string ids <-> handles, for one tenant. Closed conversations
// leave a tombstone for a bounded number of later closes, so that a late reply or close names
// the conversation "already closed" instead of "unknown". Shard thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/core/open_id_table.hpp"
#include "engine/model/agent.hpp"

namespace switchboard::core {

// Not noexcept on purpose: libstdc++ then stores each node's hash code, so lookups and erases
// compare cached hashes instead of re-hashing neighbouring keys (measured: -7.5% instructions
// per routing decision).
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

enum class Lookup : unsigned char { kOpen, kClosed, kUnknown };

class Directory {
  public:
    explicit Directory(std::uint32_t closed_memory) : closed_memory_(closed_memory) {}

    std::optional<model::AgentId> find_agent(std::string_view name) const;
    void add_agent(std::string_view name, model::AgentId id);
    void remove_agent(std::string_view name);

    // kOpen with the handle, kClosed for a recently closed id, kUnknown otherwise.
    // `name_of(id)` is the name held by the record of open conversation `id`: the directory keeps
    // only hashes and handles, and confirms a hash match against the record.
    template <typename NameOf>
    Lookup find_conversation(std::string_view name, NameOf&& name_of,
                             model::ConversationId* id) const;
    // Opens `name` as `id`. Precondition: `name` is not open; from now until the close, the
    // record of `id` holds `name` (what name_of answers).
    void add_conversation(std::string_view name, model::ConversationId id);
    // Forgets the open id and remembers it as closed; the oldest closed id beyond the limit is
    // forgotten. Precondition: `name` is open as `id`.
    void close_conversation(std::string_view name, model::ConversationId id);

    std::size_t agents() const noexcept { return agents_.size(); }

  private:
    // One hash of the id serves both the open table and the closed fingerprints.
    static std::uint64_t fingerprint(std::string_view name) noexcept;

    StringMap<model::AgentId> agents_;
    OpenIdTable open_;  // open conversations only
    // Recently closed ids, as 64-bit fingerprints kept apart from the open table so that it stays
    // small and cache-friendly. A fingerprint collision could only turn an "unknown" rejection
    // into a "closed" one. closed_order_ is the ring of closes, oldest first.
    std::unordered_map<std::uint64_t, std::uint32_t> closed_counts_;
    std::deque<std::uint64_t> closed_order_;
    std::uint32_t closed_memory_;
};

template <typename NameOf>
Lookup Directory::find_conversation(std::string_view name, NameOf&& name_of,
                                    model::ConversationId* id) const {
    const std::uint64_t print = fingerprint(name);
    const std::optional<model::ConversationId> open =
        open_.find(print, [&](model::ConversationId c) { return name_of(c) == name; });
    if (open) {
        *id = *open;
        return Lookup::kOpen;
    }
    return closed_counts_.contains(print) ? Lookup::kClosed : Lookup::kUnknown;
}

}  // namespace switchboard::core
