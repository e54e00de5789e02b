#include "tools/loadgen_ledger.hpp"

#include <algorithm>

#include "engine/base/assert.hpp"

namespace switchboard::tools {
namespace {

constexpr auto kRelaxed = std::memory_order_relaxed;

template <typename T>
void bump(std::atomic<T>& cell) noexcept {
    cell.fetch_add(1, kRelaxed);
}

}  // namespace

Ledger::Ledger(std::uint32_t openers, std::uint64_t per_opener)
    : openers_(openers),
      per_opener_(per_opener),
      slots_(new Slot[openers * per_opener]),
      counts_(new Counts[openers]) {
    SB_ASSERT(openers >= 1);
    SB_ASSERT(per_opener >= 1);
}

void Ledger::opened(std::uint64_t slot, std::int64_t now_ns) noexcept {
    SB_ASSERT(contains(slot));
    Counts& counts = counts_[opener_of(slot)];
    SB_ASSERT(slot == opener_of(slot) * per_opener_ + counts.opened.load(kRelaxed));
    slots_[slot].opened_ns.store(now_ns, kRelaxed);
    slots_[slot].flags.fetch_or(kOpened, kRelaxed);
    counts.opened.store(counts.opened.load(kRelaxed) + 1, kRelaxed);  // one writer: the opener
}

Ledger::Slot& Ledger::at(std::uint64_t slot) const noexcept {
    SB_ASSERT(contains(slot));
    return slots_[slot];
}

void Ledger::routed(std::uint64_t slot, bool is_new) noexcept {
    bump(at(slot).routes);
    if (is_new) bump(at(slot).new_routes);
}

void Ledger::accepted(std::uint64_t slot) noexcept { bump(at(slot).accepts); }
void Ledger::unassigned(std::uint64_t slot) noexcept { bump(at(slot).unassigns); }
void Ledger::queued(std::uint64_t slot) noexcept { bump(at(slot).queued); }
void Ledger::relayed(std::uint64_t slot) noexcept { bump(at(slot).relays); }

void Ledger::overflowed(std::uint64_t slot) noexcept {
    at(slot).flags.fetch_or(kOverflowed, kRelaxed);
}

bool Ledger::finish(std::uint64_t slot, Flag why) noexcept {
    const auto bits = static_cast<std::uint8_t>(why | kFinished);
    const std::uint8_t before = at(slot).flags.fetch_or(bits, kRelaxed);
    if ((before & kFinished) != 0) return false;
    bump(counts_[opener_of(slot)].finished);
    return true;
}

bool Ledger::closed(std::uint64_t slot) noexcept {
    bump(at(slot).closes);
    return finish(slot, kFinished);  // kFinished alone: closed, neither refused nor overflowed
}

bool Ledger::open_rejected(std::uint64_t slot) noexcept { return finish(slot, kRejected); }

void Ledger::follow_up_sent(std::uint64_t slot, std::int64_t now_ns) noexcept {
    at(slot).follow_up_ns.store(now_ns, kRelaxed);
    bump(at(slot).follow_ups);
}

bool Ledger::finished(std::uint64_t slot) const noexcept {
    return (at(slot).flags.load(kRelaxed) & kFinished) != 0;
}

std::uint32_t Ledger::follow_ups_sent(std::uint64_t slot) const noexcept {
    return at(slot).follow_ups.load(kRelaxed);
}

std::int64_t Ledger::opened_at_ns(std::uint64_t slot) const noexcept {
    return at(slot).opened_ns.load(kRelaxed);
}

std::int64_t Ledger::follow_up_at_ns(std::uint64_t slot) const noexcept {
    return at(slot).follow_up_ns.load(kRelaxed);
}

std::uint64_t Ledger::opened_count(std::uint32_t opener) const noexcept {
    return counts_[opener].opened.load(kRelaxed);
}

std::uint64_t Ledger::finished_count(std::uint32_t opener) const noexcept {
    return counts_[opener].finished.load(kRelaxed);
}

std::uint64_t Ledger::in_flight() const noexcept {
    std::uint64_t n = 0;
    for (std::uint32_t o = 0; o < openers_; ++o) {
        // Read finished first: it never passes opened, so the difference is never negative.
        const std::uint64_t done = finished_count(o);
        n += opened_count(o) - std::min(done, opened_count(o));
    }
    return n;
}

void Ledger::judge(std::uint64_t s, LedgerVerdict& v, std::vector<Problem>& bad) const {
    const Slot& slot = slots_[s];
    const std::uint8_t flags = slot.flags.load(kRelaxed);
    const std::uint32_t routes = slot.routes.load(kRelaxed);
    const std::uint32_t unassigns = slot.unassigns.load(kRelaxed);
    const std::uint32_t closes = slot.closes.load(kRelaxed);
    const std::uint32_t follow_ups = slot.follow_ups.load(kRelaxed);
    const std::uint32_t relays = slot.relays.load(kRelaxed);
    const bool was_queued = slot.queued.load(kRelaxed) > 0;
    const auto problem = [&](std::uint64_t& counter, const char* what) {
        ++counter;
        bad.emplace_back(s, what);
    };
    ++v.opened;
    v.routed += routes > 0;
    v.queued += was_queued;
    v.moved += unassigns > 0;
    v.closed += closes > 0;
    if ((flags & kRejected) != 0) {
        ++v.rejected;
        if (routes > 0) problem(v.duplicated, "routed although the open was refused");
        return;
    }
    const bool overflowed = (flags & kOverflowed) != 0;
    v.overflowed += overflowed;
    if (routes == 0 && !was_queued && !overflowed) problem(v.lost, "never assigned nor queued");
    if (closes == 0) problem(v.unclosed, "no CLOSED notice after its close");
    if (closes > 1) problem(v.duplicated, "closed twice");
    if (slot.new_routes.load(kRelaxed) > 1) problem(v.duplicated, "routed as new twice");
    if (routes > unassigns + 1) problem(v.duplicated, "held by two agents at once");
    if (unassigns > routes) problem(v.out_of_order, "taken from an agent who did not hold it");
    if (slot.accepts.load(kRelaxed) > routes) problem(v.out_of_order, "accepted, never offered");
    if (relays > follow_ups) problem(v.relays_duplicated, "a follow-up relayed twice");
    if (relays < follow_ups && routes == 1 && unassigns == 0) {
        problem(v.relays_lost, "a follow-up never relayed to its agent");
    }
}

SequenceCheck::Seq SequenceCheck::check(std::size_t agent, std::uint64_t seq) noexcept {
    SB_ASSERT(agent < last_.size());
    std::uint64_t& last = last_[agent];
    if (seq == last + 1) {
        last = seq;
        return Seq::kNext;
    }
    if (seq <= last) {
        ++duplicates_;
        return Seq::kDuplicate;
    }
    ++gaps_;
    last = seq;
    return Seq::kGap;
}

}  // namespace switchboard::tools
