// Deletion without tombstones for a linear-probing table of power-of-two size: after the entry
// at `hole` is taken out, each later entry of the same probe run moves back into the hole unless
// its home lies cyclically in (hole, j], where a probe from its home would never pass the hole.
// Shared by the open-id table and the closed-id set, which store different entries.
#pragma once

#include <cstdint>

namespace switchboard::core {

// `occupied(j)`: slot j holds an entry; `home_of(j)`: the home slot of that entry;
// `move(from, to)`: copies the entry of slot `from` into slot `to`. Returns the slot left
// vacant at the end, which the caller marks empty.
template <typename Occupied, typename HomeOf, typename Move>
std::uint64_t shift_back(std::uint64_t hole, std::uint64_t mask, Occupied&& occupied,
                         HomeOf&& home_of, Move&& move) {
    for (std::uint64_t j = (hole + 1) & mask; occupied(j); j = (j + 1) & mask) {
        const std::uint64_t from_home = (j - home_of(j)) & mask;
        const std::uint64_t from_hole = (j - hole) & mask;
        if (from_home >= from_hole) {
            move(j, hole);
            hole = j;
        }
    }
    return hole;
}

}  // namespace switchboard::core
