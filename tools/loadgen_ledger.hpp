// The load generator's verification ledger: what happened to every conversation of the run, so
// the end of the run can prove that nothing was lost and nothing duplicated (issue 7, item 4).
//
// One slot per conversation the run may open (the --conversations bound, split evenly over the
// connections: connection c opens slots [c * per_opener, (c + 1) * per_opener)). Outputs of a
// conversation arrive on the connection of the agent holding it, which may be any connection, so
// several threads write one slot: every field is a relaxed atomic bumped where it is seen. The
// counters only grow; verdict() reads them after every writer thread has been joined. About 40
// bytes per slot.
//
// SequenceCheck, below, is per connection (an agent's deliveries all arrive on its home
// connection) and owned by that connection's thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchboard::tools {

struct LedgerVerdict {
    std::uint64_t opened = 0;
    std::uint64_t routed = 0;      // assigned or offered at least once
    std::uint64_t queued = 0;      // waited in a queue at least once
    std::uint64_t moved = 0;       // taken from an agent at least once (missed reply, logout, ...)
    std::uint64_t rejected = 0;    // the open was refused by the router (a limit)
    std::uint64_t overflowed = 0;  // the router gave up waiting (leave-a-message / bot)
    std::uint64_t closed = 0;      // a CLOSED notice arrived
    std::uint64_t lost = 0;        // opened, never routed, queued, overflowed nor refused
    std::uint64_t unclosed = 0;    // no CLOSED notice by the end, though every one was closed
    std::uint64_t duplicated = 0;  // routed as new twice, held by two agents, closed twice
    std::uint64_t out_of_order = 0;  // taken away more often than given, accepted unoffered
    std::uint64_t relays_lost = 0;   // follow-ups of a never-moved conversation not relayed
    std::uint64_t relays_duplicated = 0;
    std::vector<std::string> examples;  // the first few problems, with the conversation id

    bool ok() const noexcept {
        return lost + unclosed + duplicated + out_of_order + relays_lost + relays_duplicated == 0;
    }
};

class Ledger {
  public:
    // Precondition: openers >= 1, per_opener >= 1.
    Ledger(std::uint32_t openers, std::uint64_t per_opener);

    std::uint64_t per_opener() const noexcept { return per_opener_; }
    std::uint64_t slot_count() const noexcept { return per_opener_ * openers_; }
    std::uint32_t opener_of(std::uint64_t slot) const noexcept {
        return static_cast<std::uint32_t>(slot / per_opener_);
    }
    bool contains(std::uint64_t slot) const noexcept { return slot < slot_count(); }

    // The opener's thread, slots in order. Precondition: the slot is its next one.
    void opened(std::uint64_t slot, std::int64_t now_ns) noexcept;
    // Any thread. Precondition of each: contains(slot).
    void routed(std::uint64_t slot, bool is_new) noexcept;  // ASSIGNED directly, or OFFERED
    void accepted(std::uint64_t slot) noexcept;             // ASSIGNED after our accept
    void unassigned(std::uint64_t slot) noexcept;
    void queued(std::uint64_t slot) noexcept;
    void overflowed(std::uint64_t slot) noexcept;
    // Both return true for the call that finished the conversation (the first).
    bool closed(std::uint64_t slot) noexcept;
    bool open_rejected(std::uint64_t slot) noexcept;
    void follow_up_sent(std::uint64_t slot, std::int64_t now_ns) noexcept;
    void relayed(std::uint64_t slot) noexcept;

    bool finished(std::uint64_t slot) const noexcept;
    std::uint32_t follow_ups_sent(std::uint64_t slot) const noexcept;
    std::int64_t opened_at_ns(std::uint64_t slot) const noexcept;
    std::int64_t follow_up_at_ns(std::uint64_t slot) const noexcept;

    // Conversations opened and finished by (opened by) one connection; in flight = the difference.
    std::uint64_t opened_count(std::uint32_t opener) const noexcept;
    std::uint64_t finished_count(std::uint32_t opener) const noexcept;
    std::uint64_t in_flight() const noexcept;

    // After every writer has been joined. `id_of(slot)` names a slot in the examples.
    template <typename IdOf>
    LedgerVerdict verdict(IdOf&& id_of) const;

  private:
    struct Slot;
    struct Counts;
    enum Flag : std::uint8_t { kOpened = 1, kRejected = 2, kOverflowed = 4, kFinished = 8 };

    using Problem = std::pair<std::uint64_t, const char*>;  // slot, what is wrong
    void judge(std::uint64_t slot, LedgerVerdict& v, std::vector<Problem>& bad) const;
    bool finish(std::uint64_t slot, Flag why) noexcept;
    Slot& at(std::uint64_t slot) const noexcept;  // asserts contains(slot)

    std::uint32_t openers_;
    std::uint64_t per_opener_;
    std::unique_ptr<Slot[]> slots_;
    std::unique_ptr<Counts[]> counts_;
};

// Per-agent delivery sequence numbers of one connection: each must be the previous one plus one
// (proto/README.md "seq starts at 1 and grows by one"). One thread.
class SequenceCheck {
  public:
    enum class Seq { kNext, kDuplicate, kGap };

    explicit SequenceCheck(std::size_t agents) : last_(agents, 0) {}

    // Precondition: agent < agents. A gap moves the expectation past it, so one lost delivery
    // counts once.
    Seq check(std::size_t agent, std::uint64_t seq) noexcept;
    std::uint64_t last(std::size_t agent) const noexcept { return last_[agent]; }
    std::uint64_t duplicates() const noexcept { return duplicates_; }
    std::uint64_t gaps() const noexcept { return gaps_; }

  private:
    std::vector<std::uint64_t> last_;
    std::uint64_t duplicates_ = 0;
    std::uint64_t gaps_ = 0;
};

struct Ledger::Slot {
    std::atomic<std::int64_t> opened_ns{0};
    std::atomic<std::int64_t> follow_up_ns{0};
    std::atomic<std::uint16_t> routes{0};
    std::atomic<std::uint16_t> new_routes{0};
    std::atomic<std::uint16_t> accepts{0};
    std::atomic<std::uint16_t> unassigns{0};
    std::atomic<std::uint16_t> queued{0};
    std::atomic<std::uint16_t> closes{0};
    std::atomic<std::uint16_t> follow_ups{0};
    std::atomic<std::uint16_t> relays{0};
    std::atomic<std::uint8_t> flags{0};
};

struct Ledger::Counts {
    std::atomic<std::uint64_t> opened{0};
    std::atomic<std::uint64_t> finished{0};
};

template <typename IdOf>
LedgerVerdict Ledger::verdict(IdOf&& id_of) const {
    constexpr std::size_t kExamples = 5;
    LedgerVerdict v;
    std::vector<Problem> bad;
    for (std::uint32_t o = 0; o < openers_; ++o) {
        const std::uint64_t first = o * per_opener_;
        const std::uint64_t n = counts_[o].opened.load(std::memory_order_relaxed);
        for (std::uint64_t s = first; s < first + n; ++s) judge(s, v, bad);
    }
    for (std::size_t i = 0; i < bad.size() && i < kExamples; ++i) {
        v.examples.push_back(id_of(bad[i].first) + ": " + bad[i].second);
    }
    return v;
}

}  // namespace switchboard::tools
