// The fingerprints of a tenant's most recently closed conversation ids, a bounded number of them,
// so that a late reply or close names the conversation "already closed" instead of "unknown".
// Flat and allocation-free after construction: a ring of the last `capacity` closes (oldest
// evicted first) and an open-addressing multiset of the same fingerprints (linear probing,
// backward-shift erase, at most 1/2 full), so remembering a close costs no node allocation and
// a lookup one probe run. An id closed twice within the window is held twice. Shard thread only.
#pragma once

#include <cstdint>
#include <vector>

namespace switchboard::core {

class ClosedIds {
  public:
    // Remembers at most `capacity` closes; 0 remembers none.
    explicit ClosedIds(std::uint32_t capacity);

    // Remembers `print`, forgetting the oldest remembered close when full.
    void remember(std::uint64_t print);
    bool contains(std::uint64_t print) const noexcept;
    std::uint32_t size() const noexcept { return count_; }

  private:
    // 0 marks an empty slot, so a fingerprint of 0 is stored as kZero (one more "closed" alias,
    // the same kind of collision any 64-bit fingerprint already accepts).
    static constexpr std::uint64_t kZero = 1;
    static std::uint64_t stored(std::uint64_t print) noexcept { return print == 0 ? kZero : print; }

    void insert(std::uint64_t value) noexcept;
    void erase_one(std::uint64_t value) noexcept;

    std::vector<std::uint64_t> ring_;   // closes in order, ring_[head_] the oldest when full
    std::vector<std::uint64_t> slots_;  // power-of-two multiset, 0 = empty
    std::uint64_t mask_ = 0;
    std::uint32_t head_ = 0;
    std::uint32_t count_ = 0;
};

}  // namespace switchboard::core
