// The edge of the core: gateway string ids <-> handles, for one tenant. Closed conversations
// leave a tombstone for a bounded number of later closes, so that a late reply or close names
// the conversation "already closed" instead of "unknown". Shard thread only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/base/assert.hpp"
#include "engine/core/closed_ids.hpp"
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
    explicit Directory(std::uint32_t closed_memory) : closed_(closed_memory) {}

    std::optional<model::AgentId> find_agent(std::string_view name) const;
    void add_agent(std::string_view name, model::AgentId id);
    void remove_agent(std::string_view name);

    // The hash of a conversation id under which the directory files it. A caller that opens or
    // closes the id computes it once (the shard keeps it in the conversation's record).
    static std::uint64_t fingerprint(std::string_view name) noexcept;

    // kOpen with the handle, kClosed for a recently closed id, kUnknown otherwise.
    // `name_of(id)` is the name held by the record of open conversation `id`: the directory keeps
    // only hashes and handles, and confirms a hash match against the record.
    // Precondition: print == fingerprint(name).
    template <typename NameOf>
    Lookup find_conversation(std::string_view name, std::uint64_t print, NameOf&& name_of,
                             model::ConversationId* id) const;
    template <typename NameOf>
    Lookup find_conversation(std::string_view name, NameOf&& name_of,
                             model::ConversationId* id) const {
        return find_conversation(name, fingerprint(name), name_of, id);
    }
    // Opens the id hashed to `print` as `id`. Precondition: it is not open; from now until the
    // close, the record of `id` holds its name (what name_of answers).
    void add_conversation(std::uint64_t print, model::ConversationId id);
    // Forgets the open id and remembers it as closed; the oldest closed id beyond the limit is
    // forgotten. Precondition: the id hashed to `print` is open as `id`.
    void close_conversation(std::uint64_t print, model::ConversationId id);

    // Cache hints (Shard::prefetch): load the open-table line of the id hashed to `print`; the
    // open conversation most likely filed under it (unconfirmed by name).
    void prefetch_conversation(std::uint64_t print) const noexcept { open_.prefetch(print); }
    std::optional<model::ConversationId> guess_conversation(std::uint64_t print) const noexcept {
        return open_.guess(print);
    }

    std::size_t agents() const noexcept { return agents_.size(); }

  private:
    StringMap<model::AgentId> agents_;
    OpenIdTable open_;  // open conversations only
    // Recently closed ids, as 64-bit fingerprints kept apart from the open table so that it stays
    // small and cache-friendly. A fingerprint collision could only turn an "unknown" rejection
    // into a "closed" one.
    ClosedIds closed_;
};

template <typename NameOf>
Lookup Directory::find_conversation(std::string_view name, std::uint64_t print, NameOf&& name_of,
                                    model::ConversationId* id) const {
    SB_DEBUG_ASSERT(print == fingerprint(name));
    const std::optional<model::ConversationId> open =
        open_.find(print, [&](model::ConversationId c) { return name_of(c) == name; });
    if (open) {
        *id = *open;
        return Lookup::kOpen;
    }
    return closed_.contains(print) ? Lookup::kClosed : Lookup::kUnknown;
}

}  // namespace switchboard::core
