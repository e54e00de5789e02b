// Skills and agent groups as small bitsets. Skill names are interned per tenant by the config
// (index = position in the tenant's skill list), so a SkillSet is only meaningful together with
// its tenant. Same for groups (for example "vip_team", "senior") used by tier widening ladders.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

#include "engine/base/assert.hpp"

namespace switchboard::model {

inline constexpr std::size_t kMaxSkills = 64;
inline constexpr std::size_t kMaxGroups = 32;

using SkillIndex = std::uint8_t;
using GroupIndex = std::uint8_t;

// Proficiency of an agent in one skill: 1 (novice) .. 10 (expert); 0 means "does not have it".
using Proficiency = std::uint8_t;
inline constexpr Proficiency kMinProficiency = 1;
inline constexpr Proficiency kMaxProficiency = 10;

template <typename Word, std::size_t kBits>
class BitSet {
  public:
    constexpr BitSet() = default;
    static constexpr BitSet from_bits(Word bits) noexcept { return BitSet{bits}; }
    static constexpr BitSet all() noexcept { return BitSet{~Word{0}}; }

    constexpr void set(std::size_t i) noexcept {
        SB_ASSERT(i < kBits);
        bits_ |= Word{1} << i;
    }
    constexpr bool test(std::size_t i) const noexcept {
        SB_ASSERT(i < kBits);
        return (bits_ >> i) & 1u;
    }
    constexpr bool contains_all(BitSet other) const noexcept {
        return (bits_ & other.bits_) == other.bits_;
    }
    constexpr bool intersects(BitSet other) const noexcept { return (bits_ & other.bits_) != 0; }
    constexpr bool empty() const noexcept { return bits_ == 0; }
    constexpr int count() const noexcept { return std::popcount(bits_); }
    constexpr Word bits() const noexcept { return bits_; }

    template <typename F>
    constexpr void for_each(F&& f) const {
        for (Word rest = bits_; rest != 0; rest &= rest - 1) f(std::countr_zero(rest));
    }

    friend constexpr bool operator==(BitSet, BitSet) = default;

  private:
    constexpr explicit BitSet(Word bits) : bits_(bits) {}
    Word bits_ = 0;
};

using SkillSet = BitSet<std::uint64_t, kMaxSkills>;
using GroupSet = BitSet<std::uint32_t, kMaxGroups>;

}  // namespace switchboard::model
