#include "engine/base/slot_table.hpp"

#include <string>

#include <gtest/gtest.h>

namespace switchboard::base {
namespace {

struct ThingTag {};
using Table = SlotTable<std::string, ThingTag>;

TEST(SlotTable, InsertedValueIsFoundByItsHandle) {
    Table table(4);
    const auto id = table.insert("alice");
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(table[*id], "alice");
    EXPECT_EQ(table.size(), 1u);
}

TEST(SlotTable, ErasedHandleGoesStaleEvenWhenItsSlotIsReused) {
    Table table(4);
    const auto old_id = *table.insert("alice");
    table.erase(old_id);
    const auto new_id = *table.insert("bob");
    EXPECT_EQ(new_id.index, old_id.index);  // the slot is reused ...
    EXPECT_NE(new_id.generation, old_id.generation);
    EXPECT_FALSE(table.contains(old_id));  // ... but the old handle does not resolve
    EXPECT_EQ(table.find(old_id), nullptr);
    EXPECT_EQ(table[new_id], "bob");
}

TEST(SlotTable, InsertDefaultGivesAnEmptyValueAlsoInAReusedSlot) {
    Table table(4);
    const auto first = *table.insert_default();
    EXPECT_EQ(table[first], "");
    table[first] = "a long name that does not fit in the small-string buffer";
    table.erase(first);
    const auto reused = *table.insert_default();
    EXPECT_EQ(reused.index, first.index);
    EXPECT_NE(reused.generation, first.generation);
    EXPECT_EQ(table[reused], "");
    EXPECT_EQ(table.size(), 1u);
}

TEST(SlotTable, InsertBeyondTheBoundFails) {
    Table table(2);
    EXPECT_TRUE(table.insert("a"));
    EXPECT_TRUE(table.insert("b"));
    EXPECT_FALSE(table.insert("c"));
    EXPECT_EQ(table.size(), 2u);
}

TEST(SlotTable, ForEachVisitsLiveEntriesInSlotOrder) {
    Table table(4);
    const auto a = *table.insert("a");
    table.insert("b");
    table.insert("c");
    table.erase(a);
    std::string seen;
    table.for_each([&](Table::Id, const std::string& v) { seen += v; });
    EXPECT_EQ(seen, "bc");
}

TEST(SlotTable, DefaultHandleIsInvalid) {
    Table table(1);
    EXPECT_FALSE(Table::Id{}.valid());
    EXPECT_FALSE(table.contains(Table::Id{}));
}

}  // namespace
}  // namespace switchboard::base
