// The simulated agents: shifts (log in, finish open work at the end, log out), breaks (away,
// no new work), replies after a drawn reply time scaled by the agent's speed, quick phrases,
// accepting offers, closing finished conversations, and the silent share who never do any of it.
#include <algorithm>
#include <cmath>

#include "engine/base/assert.hpp"
#include "engine/sim/simulation.hpp"

namespace switchboard::sim {
namespace {

// A speed factor near 0 would make an agent answer in no time at all: floor it.
constexpr double kMinSpeedFactor = 0.05;

}  // namespace

void Simulation::create_agents() {
    for (std::uint32_t g = 0; g < scenario_.agents.size(); ++g) {
        const AgentGroupSpec& spec = scenario_.agents[g];
        for (std::uint32_t k = 0; k < spec.count; ++k) {
            SimAgent agent;
            agent.name = spec.name + "-" + std::to_string(k + 1);
            agent.group = g;
            agent.capacity = spec.capacity != 0 ? spec.capacity : tenant_.default_capacity;
            agent.speed = std::max(kMinSpeedFactor, behaviour_rng_.sample(spec.speed_factor));
            agent.phrase_hash = behaviour_rng_.bits();
            // Exactly round(share x count) silent agents, spread evenly through the group.
            const auto silent_before = [&](std::uint32_t n) {
                return static_cast<std::int64_t>(std::floor(n * spec.silent_share + 0.5));
            };
            agent.silent = silent_before(k + 1) > silent_before(k);
            agent.kpis.agent = agent.name;
            agent.kpis.silent = agent.silent;
            if (spec.breaks.every_ms > 0) {
                const double place = spec.breaks.staggered ? (k + 0.5) / spec.count : 0.5;
                agent.first_break_ms =
                    spec.shift_start_ms +
                    static_cast<std::int64_t>(place * static_cast<double>(spec.breaks.every_ms));
            }
            const auto a = static_cast<std::uint32_t>(agents_.size());
            agents_.push_back(std::move(agent));
            plan(spec.shift_start_ms, TaskKind::kLogin, a);
            if (spec.shift_end_ms >= 0) plan(spec.shift_end_ms, TaskKind::kShiftEnd, a);
        }
    }
}

std::int64_t Simulation::shift_end_ms(const SimAgent& agent) const {
    const std::int64_t end = scenario_.agents[agent.group].shift_end_ms;
    return end >= 0 ? end : scenario_.duration_ms + scenario_.drain_ms;
}

void Simulation::settle_agent(SimAgent& agent) {
    const auto dt = static_cast<double>(now_ms_ - agent.since_ms);
    agent.load_ms += agent.load * dt;
    if (agent.logged_in) agent.logged_in_ms += dt;
    agent.since_ms = now_ms_;
}

void Simulation::change_load(std::uint32_t a, int delta) {
    SimAgent& agent = agents_[a];
    settle_agent(agent);
    SB_ASSERT(delta > 0 || agent.load > 0);
    agent.load = static_cast<std::uint32_t>(static_cast<int>(agent.load) + delta);
    kpis_.change_load(delta);
}

void Simulation::set_available(std::uint32_t a, bool available) {
    if (agents_[a].available == available) return;
    agents_[a].available = available;
    kpis_.change_available_agents(available ? +1 : -1);
}

void Simulation::login(std::uint32_t a) {
    SimAgent& agent = agents_[a];
    const AgentGroupSpec& spec = scenario_.agents[agent.group];
    core::AgentLogin event{tenant_.id, agent.name, {}, spec.groups, agent.capacity};
    for (const SkillLevel& s : spec.skills) {
        event.skills.push_back(core::SkillGrant{s.skill, static_cast<model::Proficiency>(s.level)});
    }
    settle_agent(agent);
    // Logged in before the event: work the login itself assigns counts as logged-in time.
    agent.logged_in = true;
    kpis_.change_online_capacity(static_cast<int>(agent.capacity));
    set_available(a, true);
    const std::uint64_t rejected_before = totals_.rejected;
    creating_agent_ = a;
    apply(event);
    creating_agent_ = kNone;
    if (totals_.rejected != rejected_before) {
        agent.logged_in = false;
        kpis_.change_online_capacity(-static_cast<int>(agent.capacity));
        set_available(a, false);
        return;
    }
    const std::optional<core::AgentId> id = shard_.find_agent(tenant_.id, agent.name);
    SB_ASSERT(id.has_value());
    if (agent_slots_.size() <= id->index) agent_slots_.resize(id->index + 1);
    agent_slots_[id->index] = SlotRef{id->generation, a};
    if (agent.first_break_ms >= now_ms_ && agent.first_break_ms < shift_end_ms(agent)) {
        plan(agent.first_break_ms, TaskKind::kBreakStart, a);
    }
}

void Simulation::logout(std::uint32_t a) {
    SimAgent& agent = agents_[a];
    if (!agent.logged_in) return;
    apply(core::AgentLogout{tenant_.id, agent.name});  // puts open work back at the queue head
    settle_agent(agent);
    agent.logged_in = false;
    kpis_.change_online_capacity(-static_cast<int>(agent.capacity));
    set_available(a, false);
}

void Simulation::start_break(std::uint32_t a) {
    SimAgent& agent = agents_[a];
    if (!agent.logged_in || agent.leaving) return;
    const BreakSpec& b = scenario_.agents[agent.group].breaks;
    if (now_ms_ + b.every_ms < shift_end_ms(agent)) {
        plan(now_ms_ + b.every_ms, TaskKind::kBreakStart, a);
    }
    plan(now_ms_ + b.length_ms, TaskKind::kBreakEnd, a);
    // Away, not logged out: the agent takes no new work but finishes the open conversations,
    // as a chat agent does before stepping away.
    agent.on_break = true;
    apply(core::AgentStatusChange{tenant_.id, agent.name, core::Presence::kAway});
    set_available(a, false);
}

void Simulation::end_break(std::uint32_t a) {
    SimAgent& agent = agents_[a];
    if (!agent.logged_in || !agent.on_break) return;
    agent.on_break = false;
    if (agent.leaving) return;
    apply(core::AgentStatusChange{tenant_.id, agent.name, core::Presence::kAvailable});
    set_available(a, true);
}

void Simulation::end_shift(std::uint32_t a) {
    SimAgent& agent = agents_[a];
    if (!agent.logged_in) return;
    agent.leaving = true;
    apply(core::AgentStatusChange{tenant_.id, agent.name, core::Presence::kAway});
    set_available(a, false);
    if (agent.load == 0) {
        logout(a);
        return;
    }
    // Wrap-up: what is still open when it ends goes back to the queue with the logout.
    plan(now_ms_ + scenario_.agents[agent.group].wrap_up_ms, TaskKind::kLogout, a);
}

void Simulation::return_from_auto_away(std::uint32_t a) {
    SimAgent& agent = agents_[a];
    if (!agent.logged_in || agent.on_break || agent.leaving || agent.available) return;
    apply(core::AgentStatusChange{tenant_.id, agent.name, core::Presence::kAvailable});
    set_available(a, true);
}

void Simulation::start_work(std::uint32_t c) {
    SimConversation& conv = conversations_[c];
    SB_ASSERT(conv.holder != kNone);
    if (agents_[conv.holder].silent) return;
    const HandlingSpec& h = scenario_.handling;
    if (h.kind == HandlingKind::kHandlingTime) {
        plan(now_ms_ + behaviour_rng_.sample_ms(h.handling_time_ms, kMaxDelayMs), TaskKind::kClose,
             c, conv.epoch);
    }
    if (conv.awaiting) {
        plan_reply(c);
        return;
    }
    // Taken over after the last answer (e.g. the previous agent logged out): close it.
    const bool more = conv.follow_ups_left > 0 &&
                      (h.close_after_exchanges == 0 || conv.answers < h.close_after_exchanges);
    if (h.kind == HandlingKind::kExchanges && conv.answered && !more) {
        plan(now_ms_ + behaviour_rng_.sample_ms(h.close_delay_ms, kMaxDelayMs), TaskKind::kClose, c,
             conv.epoch);
    }
}

void Simulation::plan_reply(std::uint32_t c) {
    SimConversation& conv = conversations_[c];
    const SimAgent& agent = agents_[conv.holder];
    if (conv.reply_planned || agent.silent) return;
    const RandomQuantity& reply_time = scenario_.agents[agent.group].reply_time_ms;
    const double delay = std::floor(behaviour_rng_.sample(reply_time) * agent.speed + 0.5);
    const auto delay_ms =
        static_cast<std::int64_t>(std::clamp(delay, 0.0, static_cast<double>(kMaxDelayMs)));
    conv.reply_planned = true;
    plan(now_ms_ + delay_ms, TaskKind::kReply, c, conv.epoch);
}

void Simulation::reply(std::uint32_t c) {
    SimConversation& conv = conversations_[c];
    SimAgent& agent = agents_[conv.holder];
    conv.reply_planned = false;
    const bool quick = !conv.force_real_reply &&
                       behaviour_rng_.chance(scenario_.agents[agent.group].quick_phrase_share);
    const std::uint64_t hash = quick ? agent.phrase_hash : behaviour_rng_.bits();
    const std::uint64_t canned_before = shard_.stats().canned_replies;
    const std::uint64_t rejected_before = totals_.rejected;
    apply(core::AgentReply{tenant_.id, agent.name, conv.name, quick, hash});
    if (totals_.rejected != rejected_before) return;
    ++agent.kpis.replies;
    if (shard_.stats().canned_replies != canned_before) {
        // The policy does not count it: the customer still waits, and the agent writes a real
        // answer after another reply time.
        conv.force_real_reply = true;
        plan_reply(c);
        return;
    }
    conv.force_real_reply = false;
    conv.awaiting = false;
    if (!conv.answered) {
        conv.answered = true;
        kpis_.first_reply(conv.tier, conv.queue, conv.arrived_ms);
    } else {
        kpis_.next_reply(conv.tier, conv.queue, conv.arrived_ms, now_ms_ - conv.awaiting_since_ms);
    }
    ++conv.answers;
    after_answer(c);
}

void Simulation::after_answer(std::uint32_t c) {
    const SimConversation& conv = conversations_[c];
    const HandlingSpec& h = scenario_.handling;
    const bool capped = h.kind == HandlingKind::kExchanges && h.close_after_exchanges != 0 &&
                        conv.answers >= h.close_after_exchanges;
    if (conv.follow_ups_left > 0 && !capped) {
        plan(now_ms_ + behaviour_rng_.sample_ms(scenario_.customers.think_time_ms, kMaxDelayMs),
             TaskKind::kFollowUp, c);
        return;
    }
    if (h.kind == HandlingKind::kExchanges) {
        plan(now_ms_ + behaviour_rng_.sample_ms(h.close_delay_ms, kMaxDelayMs), TaskKind::kClose, c,
             conv.epoch);
    }
}

void Simulation::accept(std::uint32_t c) {
    const SimConversation& conv = conversations_[c];
    if (!conv.offered || conv.holder == kNone) return;
    apply(core::AcceptOffer{tenant_.id, agents_[conv.holder].name, conv.name});
}

void Simulation::close_by_agent(std::uint32_t c) {
    apply(core::CloseConversation{tenant_.id, conversations_[c].name});
}

}  // namespace switchboard::sim
