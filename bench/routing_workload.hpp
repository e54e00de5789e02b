// The workload of routing_bench: one tenant "shop" with 8 skills, 8 single-skill queues and 2
// two-skill queues, three tiers with SLA reply deadlines, warnings and idle closes switched on, and
// agents logged in with 2-3 seeded random skills each (capacity 5), so a single-skill queue has
// about N/3 eligible agents and a two-skill queue about N/14.
//
// SteadyState keeps about half of the agents' total capacity in use: every step opens one new
// conversation (random tier and skill class, so routed to an agent or, rarely, queued) and closes
// the oldest open one, advancing engine time by 1 ms. All events are built up front in a ring, so
// a step does no string construction of its own. Bench binaries only; single-threaded.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/base/time.hpp"
#include "engine/core/actions.hpp"
#include "engine/core/events.hpp"
#include "engine/core/hint_window.hpp"
#include "engine/core/shard.hpp"

namespace switchboard::bench {

inline constexpr std::uint32_t kAgentCapacity = 5;

struct WorkloadSpec {
    std::string_view strategy = "least_loaded";  // queue strategy, the same for every queue
    std::uint32_t agents = 1000;
    std::uint32_t max_conversations = 1'000'000;  // tenant limits: never reached by the workload
    std::uint32_t max_queue_length = 1'000'000;
};

// The YAML text of the benchmark config.
std::string workload_yaml(const WorkloadSpec& spec);

// A shard routing workload_yaml(spec), with spec.agents logged in at `now` (seeded by `seed`).
// Aborts with the parser's message if the config is invalid.
std::unique_ptr<core::Shard> make_shard(const WorkloadSpec& spec, base::Time now,
                                        std::uint64_t seed);

// A customer message opening conversation "c<id>" of customer "u<id>", with a tier and skill class
// drawn from the workload's traffic mix by a generator seeded with `id`.
core::Event open_event(std::uint64_t id);

// Counts actions by kind and does nothing else.
class CountingSink final : public core::ActionSink {
  public:
    void on_action(const core::Action& action) override { ++counts_[action.index()]; }

    template <typename A>
    std::uint64_t count() const noexcept {
        return counts_[core::Action(A{}).index()];
    }

  private:
    std::array<std::uint64_t, std::variant_size_v<core::Action>> counts_{};
};

class SteadyState {
  public:
    // Logs in the agents, opens agents * capacity / 2 conversations, then runs `ring` steps so
    // that the id directory's tombstone memory is full (its steady state).
    SteadyState(std::string_view strategy, std::uint32_t agents);

    // One decision is open_next() then close_oldest() at now(), then tick(). Each advances its
    // own position in the ring, so a run may also batch several opens before their closes.
    void open_next(CountingSink& sink) {
        shard_->apply(opens_[open_at_], now_, sink);
        open_at_ = open_at_ + 1 == opens_.size() ? 0 : open_at_ + 1;
    }
    void close_oldest(CountingSink& sink) {
        shard_->apply(closes_[close_at_], now_, sink);
        close_at_ = close_at_ + 1 == closes_.size() ? 0 : close_at_ + 1;
    }
    void tick() noexcept { now_ += base::Duration{1}; }
    // The same steps as a shard draining a ring batch takes them: each event hinted
    // core::HintWindow::kDepth events ahead of its apply() (routing_bench's pair runs).
    void open_next_hinted(CountingSink& sink) {
        hints_.advance(*shard_, &ahead(core::HintWindow::kDepth, true));
        open_next(sink);
    }
    void close_oldest_hinted(CountingSink& sink) {
        hints_.advance(*shard_, &ahead(core::HintWindow::kDepth, false));
        close_oldest(sink);
    }

    const core::Shard& shard() const noexcept { return *shard_; }
    std::uint32_t open_target() const noexcept { return open_target_; }

  private:
    // The event `k` places after the next one, which is an open when `open_next`.
    const core::Event& ahead(std::size_t k, bool open_next) const noexcept {
        if ((k % 2 == 0) == open_next) return opens_[(open_at_ + k / 2) % opens_.size()];
        return closes_[(close_at_ + k / 2) % closes_.size()];
    }
    core::HintWindow hints_;

    std::unique_ptr<core::Shard> shard_;
    std::vector<core::Event> opens_;   // ring of ids c0..c(K-1): K = open target + tombstones
    std::vector<core::Event> closes_;  // closes_[i] closes the conversation opens_[i] opened
    std::uint32_t open_target_;
    std::size_t open_at_ = 0;
    std::size_t close_at_ = 0;
    base::Time now_;
};

}  // namespace switchboard::bench
