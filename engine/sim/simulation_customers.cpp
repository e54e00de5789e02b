// The simulated customers: arrivals (the scenario's Poisson process, tier and queue mix),
// follow-up messages after each answer, and leaving when their patience runs out before the
// first answer.
#include <algorithm>
#include <cmath>

#include "engine/sim/simulation.hpp"

namespace switchboard::sim {
namespace {

std::size_t draw_index(const std::vector<double>& cumulative, double u) {
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
    // Rounding can leave the last cumulative weight a hair under 1; u then falls past it.
    const auto index = static_cast<std::size_t>(it - cumulative.begin());
    return std::min(index, cumulative.size() - 1);
}

}  // namespace

model::TierIndex Simulation::draw_tier() {
    return static_cast<model::TierIndex>(draw_index(tier_cumulative_, traffic_rng_.uniform01()));
}

model::QueueIndex Simulation::draw_queue() {
    return static_cast<model::QueueIndex>(draw_index(queue_cumulative_, traffic_rng_.uniform01()));
}

void Simulation::plan_next_arrival(double after_ms) {
    const auto end = static_cast<double>(scenario_.duration_ms);
    const std::optional<double> next = arrivals_.next_after(after_ms, end, traffic_rng_);
    if (!next) return;
    arrival_clock_ms_ = *next;
    plan(static_cast<std::int64_t>(std::floor(*next)), TaskKind::kArrival, 0);
}

void Simulation::arrive() {
    const auto c = static_cast<std::uint32_t>(conversations_.size());
    SimConversation conv;
    conv.name = "c" + std::to_string(c);
    conv.arrived_ms = now_ms_;
    conv.awaiting_since_ms = now_ms_;
    conv.tier = draw_tier();
    conv.queue = draw_queue();
    conv.follow_ups_left = traffic_rng_.sample_count(scenario_.customers.follow_ups);
    conversations_.push_back(conv);
    ++open_conversations_;
    kpis_.arrival(conv.tier, now_ms_);
    if (!scenario_.customers.patient) {
        const std::int64_t patience =
            traffic_rng_.sample_ms(scenario_.customers.patience_ms, kMaxDelayMs);
        plan(now_ms_ + patience, TaskKind::kAbandon, c);
    }
    const std::uint64_t rejected_before = totals_.rejected;
    creating_conversation_ = c;
    apply(core::CustomerMessage{tenant_.id, conv.name, "u" + std::to_string(c),
                                tenant_.tiers[conv.tier].name, queue_skills_[conv.queue]});
    creating_conversation_ = kNone;
    if (totals_.rejected != rejected_before && conversations_[c].open) {
        // Refused at the door (e.g. limits.max_conversations): it never opened.
        conversations_[c].open = false;
        --open_conversations_;
    }
    plan_next_arrival(arrival_clock_ms_);
}

void Simulation::follow_up(std::uint32_t c) {
    SimConversation& conv = conversations_[c];
    if (!conv.open) return;
    --conv.follow_ups_left;
    conv.awaiting = true;
    conv.awaiting_since_ms = now_ms_;
    apply(core::CustomerMessage{tenant_.id, conv.name, {}, {}, {}});
    if (conv.holder != kNone && !conv.offered) plan_reply(c);
}

void Simulation::abandon(std::uint32_t c) {
    SimConversation& conv = conversations_[c];
    if (!conv.open || conv.answered) return;
    kpis_.abandoned(conv.tier, conv.arrived_ms);
    apply(core::CloseConversation{tenant_.id, conv.name});
}

}  // namespace switchboard::sim
