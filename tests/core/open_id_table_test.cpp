#include "engine/core/open_id_table.hpp"

#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace switchboard::core {
namespace {

using model::ConversationId;

// The table stores no names: the test plays the caller, whose "record" for id i holds hash_of[i].
struct Model {
    std::map<std::uint32_t, std::uint64_t> open;  // index -> hash

    std::optional<ConversationId> find(const OpenIdTable& t, std::uint32_t index,
                                       std::uint64_t hash) const {
        return t.find(hash, [&](ConversationId c) { return c.index == index; });
    }
};

ConversationId id_of(std::uint32_t index) { return ConversationId{index, 7}; }

TEST(OpenIdTable, FindsWhatWasInsertedAndForgetsWhatWasErased) {
    OpenIdTable t;
    Model m;
    t.insert(42, id_of(1));
    t.insert(42, id_of(2));  // same hash, different id: told apart by the caller's compare
    EXPECT_EQ(m.find(t, 1, 42), id_of(1));
    EXPECT_EQ(m.find(t, 2, 42), id_of(2));
    t.erase(42, id_of(1));
    EXPECT_EQ(m.find(t, 1, 42), std::nullopt);
    EXPECT_EQ(m.find(t, 2, 42), id_of(2));
    EXPECT_EQ(t.size(), 1u);
}

// Seeded random churn through many growths, with hashes from a small range so that probe runs
// collide and wrap; after every step each open id is found and a few closed ones are not.
TEST(OpenIdTable, MatchesAMapThroughGrowthsUnderChurn) {
    for (const std::uint64_t hash_range : {std::uint64_t{1} << 40, std::uint64_t{64}}) {
        std::mt19937_64 rng(5);
        OpenIdTable t;
        Model m;
        std::vector<std::uint32_t> open;
        std::uint32_t next = 0;
        bool saw_growth = false;
        for (int step = 0; step < 30'000; ++step) {
            if (open.empty() || rng() % 5 < 3) {
                const std::uint64_t hash = rng() % hash_range;
                t.insert(hash, id_of(next));
                m.open[next] = hash;
                open.push_back(next++);
            } else {
                const std::size_t k = rng() % open.size();
                const std::uint32_t index = open[k];
                const std::uint64_t hash = m.open[index];
                t.erase(hash, id_of(index));
                m.open.erase(index);
                open[k] = open.back();
                open.pop_back();
                EXPECT_EQ(m.find(t, index, hash), std::nullopt) << "step " << step;
            }
            saw_growth = saw_growth || t.growing();
            ASSERT_EQ(t.size(), m.open.size()) << "step " << step;
            if (step % 499 == 0) {
                for (const auto& [index, hash] : m.open) {
                    ASSERT_EQ(m.find(t, index, hash), id_of(index)) << "step " << step;
                }
            }
        }
        EXPECT_TRUE(saw_growth);
    }
}

// A growth moves at most kMigrateSlots old slots per later insert or erase, and is over after
// old slots / kMigrateSlots of them: no single event re-inserts the whole table.
TEST(OpenIdTable, AGrowthEndsWithinABoundedNumberOfLaterEvents) {
    OpenIdTable t;
    std::uint32_t next = 0;
    int growths = 0;
    while (growths < 6) {
        const std::uint32_t before = t.size();
        t.insert(0x9E3779B97F4A7C15ull * (next + 1), id_of(next));
        ++next;
        if (!t.growing()) continue;
        ++growths;
        const std::uint32_t old_slots = 2 * before;  // a table grows when it is half full
        std::uint32_t events = 0;
        while (t.growing()) {
            t.insert(0x9E3779B97F4A7C15ull * (next + 1), id_of(next));
            ++next;
            ++events;
        }
        EXPECT_LE(events, old_slots / OpenIdTable::kMigrateSlots) << "growth " << growths;
    }
    for (std::uint32_t i = 0; i < next; ++i) {
        const std::uint64_t hash = 0x9E3779B97F4A7C15ull * (i + 1);
        EXPECT_EQ(t.find(hash, [&](ConversationId c) { return c.index == i; }), id_of(i));
    }
}

}  // namespace
}  // namespace switchboard::core
