#include "engine/routing/agent_heap.hpp"

#include <algorithm>

#include "engine/base/assert.hpp"

namespace switchboard::routing {

void AgentHeap::place(std::uint32_t i, Entry e) noexcept {
    entries_[i] = e;
    pos_[e.member] = i;
}

void AgentHeap::sift_up(std::uint32_t i) noexcept {
    const Entry e = entries_[i];
    while (i > 0) {
        const std::uint32_t parent = (i - 1) / kArity;
        if (!before(e, entries_[parent])) break;
        place(i, entries_[parent]);
        i = parent;
    }
    place(i, e);
}

void AgentHeap::sift_down(std::uint32_t i) noexcept {
    const Entry e = entries_[i];
    const auto n = static_cast<std::uint32_t>(entries_.size());
    while (true) {
        const std::uint64_t first = std::uint64_t{kArity} * i + 1;
        if (first >= n) break;
        const auto last = static_cast<std::uint32_t>(std::min<std::uint64_t>(first + kArity, n));
        auto child = static_cast<std::uint32_t>(first);
        for (std::uint32_t c = child + 1; c < last; ++c) {
            if (before(entries_[c], entries_[child])) child = c;
        }
        if (!before(entries_[child], e)) break;
        place(i, entries_[child]);
        i = child;
    }
    place(i, e);
}

void AgentHeap::upsert(MemberId m, std::uint64_t key) {
    if (m >= pos_.size()) pos_.resize(m + 1, kAbsent);
    if (pos_[m] == kAbsent) {
        entries_.push_back(Entry{key, m});
        pos_[m] = static_cast<std::uint32_t>(entries_.size() - 1);
        sift_up(pos_[m]);
        return;
    }
    const std::uint32_t i = pos_[m];
    const std::uint64_t old_key = entries_[i].key;
    entries_[i].key = key;
    if (key < old_key) {
        sift_up(i);
    } else if (key > old_key) {
        sift_down(i);
    }
}

void AgentHeap::erase(MemberId m) {
    if (!contains(m)) return;
    const std::uint32_t i = pos_[m];
    pos_[m] = kAbsent;
    const Entry last = entries_.back();
    entries_.pop_back();
    if (i == entries_.size()) return;  // m was the last entry
    place(i, last);
    sift_up(i);
    sift_down(pos_[last.member]);
}

MemberId AgentHeap::top() const noexcept {
    SB_ASSERT(!entries_.empty());
    return entries_[0].member;
}

bool AgentHeap::valid() const {
    for (std::uint32_t i = 0; i < entries_.size(); ++i) {
        if (pos_[entries_[i].member] != i) return false;
        if (i > 0 && before(entries_[i], entries_[(i - 1) / kArity])) return false;
    }
    std::uint32_t present = 0;
    for (const std::uint32_t p : pos_) present += (p != kAbsent);
    return present == entries_.size();
}

}  // namespace switchboard::routing
