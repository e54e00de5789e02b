// The simulation's loop and the dispatch of the core's actions. Customers are in
// simulation_customers.cpp, agents in simulation_agents.cpp.
#include "engine/sim/simulation.hpp"

#include <algorithm>
#include <utility>

#include "engine/base/assert.hpp"

namespace switchboard::sim {
namespace {

std::vector<double> cumulative(const std::vector<NamedShare>& mix, std::size_t n,
                               std::size_t fallback,
                               std::optional<std::size_t> (*find)(const model::TenantSpec&,
                                                                  std::string_view),
                               const model::TenantSpec& tenant) {
    std::vector<double> weights(n, 0.0);
    double total = 0;
    for (const NamedShare& share : mix) {
        const std::optional<std::size_t> index = find(tenant, share.name);
        SB_ASSERT(index.has_value());  // validate_scenario checked every name
        weights[*index] += share.weight;
        total += share.weight;
    }
    if (total <= 0) {
        weights[fallback] = 1;
        total = 1;
    }
    double running = 0;
    for (double& w : weights) {
        running += w / total;
        w = running;
    }
    return weights;
}

std::optional<std::size_t> find_tier(const model::TenantSpec& t, std::string_view name) {
    return t.find_tier(name);
}

std::optional<std::size_t> find_queue(const model::TenantSpec& t, std::string_view name) {
    return t.find_queue(name);
}

}  // namespace

Simulation::Simulation(std::shared_ptr<const config::Snapshot> config, const ScenarioSpec& scenario)
    : config_(std::move(config)),
      scenario_(scenario),
      tenant_(*config_->find_tenant(scenario.tenant)),
      shard_(config_, base::time_from_ms(0)),
      traffic_rng_(scenario.seed),
      behaviour_rng_(Random::derived_seed(scenario.seed)),
      arrivals_(scenario.arrivals),
      kpis_(tenant_, timeline_bucket_ms(scenario.duration_ms), scenario.warmup_ms) {
    for (const model::QueueSpec& queue : tenant_.queues) {
        std::vector<std::string> names;
        queue.skills.for_each([&](int s) { names.push_back(tenant_.skills[s]); });
        queue_skills_.push_back(std::move(names));
    }
    tier_cumulative_ = cumulative(scenario.tier_mix, tenant_.tiers.size(), tenant_.default_tier,
                                  find_tier, tenant_);
    queue_cumulative_ = cumulative(scenario.queue_mix, tenant_.queues.size(), tenant_.default_queue,
                                   find_queue, tenant_);
}

void Simulation::plan(std::int64_t at_ms, TaskKind kind, std::uint32_t subject,
                      std::uint32_t epoch) {
    SB_ASSERT(at_ms >= now_ms_);
    tasks_.push(Task{at_ms, seq_++, kind, subject, epoch});
}

void Simulation::apply(const core::Event& event) {
    ++totals_.events_applied;
    shard_.apply(event, base::time_from_ms(now_ms_), *this);
}

void Simulation::run() {
    create_agents();
    plan_next_arrival(0);
    plan(scenario_.duration_ms, TaskKind::kStop, 0);
    plan(scenario_.duration_ms + scenario_.drain_ms, TaskKind::kStop, 0);
    while (!tasks_.empty() && !stopped_) {
        const std::int64_t next_ms = tasks_.top().at_ms;
        // Timers first, each at its own bound: the wheel's bound is never after its earliest
        // deadline, so no timer fires late and no millisecond is polled in between. A tick's
        // actions may plan tasks before next_ms: the loop looks at the queue again after each.
        // Timers due at the task's own millisecond go first too, as the shard would fire them
        // first inside the task's event: a reply planned for the very millisecond of its
        // deadline is then seen to be too late (its conversation has moved) and not sent.
        if (const auto bound = shard_.next_timer_bound(); bound && base::to_ms(*bound) <= next_ms) {
            // After a tick at t nothing is due at or before t, so until a task arms something
            // the next bound is later: one that did not move would loop forever.
            SB_ASSERT(base::to_ms(*bound) > last_tick_ms_);
            last_tick_ms_ = base::to_ms(*bound);
            now_ms_ = std::max(now_ms_, base::to_ms(*bound));
            kpis_.advance(now_ms_);
            apply(core::Tick{});
            continue;
        }
        const Task task = tasks_.top();
        tasks_.pop();
        now_ms_ = task.at_ms;
        kpis_.advance(now_ms_);
        run_task(task);
        last_tick_ms_ = -1;
    }
}

void Simulation::run_task(const Task& task) {
    const std::uint32_t s = task.subject;
    const bool current = task.kind >= TaskKind::kReply && task.kind <= TaskKind::kClose
                             ? conversations_[s].epoch == task.epoch && conversations_[s].open
                             : true;
    if (!current) return;  // the conversation moved or closed since this was planned
    switch (task.kind) {
        case TaskKind::kArrival:
            arrive();
            break;
        case TaskKind::kFollowUp:
            follow_up(s);
            break;
        case TaskKind::kAbandon:
            abandon(s);
            break;
        case TaskKind::kReply:
            reply(s);
            break;
        case TaskKind::kAccept:
            accept(s);
            break;
        case TaskKind::kClose:
            close_by_agent(s);
            break;
        case TaskKind::kLogin:
            login(s);
            break;
        case TaskKind::kBreakStart:
            start_break(s);
            break;
        case TaskKind::kBreakEnd:
            end_break(s);
            break;
        case TaskKind::kShiftEnd:
            end_shift(s);
            break;
        case TaskKind::kLogout:
            logout(s);
            break;
        case TaskKind::kAwayReturn:
            return_from_auto_away(s);
            break;
        case TaskKind::kStop:
            // The first stop ends arrivals' period; the run goes on while conversations are open.
            stopped_ =
                open_conversations_ == 0 || now_ms_ >= scenario_.duration_ms + scenario_.drain_ms;
            break;
    }
    if (now_ms_ >= scenario_.duration_ms && open_conversations_ == 0) stopped_ = true;
}

std::uint32_t Simulation::conversation_of(core::ConversationId id) {
    if (conversation_slots_.size() <= id.index) conversation_slots_.resize(id.index + 1);
    SlotRef& ref = conversation_slots_[id.index];
    if (ref.index == kNone || ref.generation != id.generation) {
        // Only the message that opens a conversation makes actions about a handle not yet seen.
        SB_ASSERT(creating_conversation_ != kNone);
        ref = SlotRef{id.generation, creating_conversation_};
    }
    return ref.index;
}

std::uint32_t Simulation::agent_of(core::AgentId id) {
    if (agent_slots_.size() <= id.index) agent_slots_.resize(id.index + 1);
    SlotRef& ref = agent_slots_[id.index];
    if (ref.index == kNone || ref.generation != id.generation) {
        SB_ASSERT(creating_agent_ != kNone);  // as above, for the agent logging in
        ref = SlotRef{id.generation, creating_agent_};
    }
    return ref.index;
}

void Simulation::set_holder(std::uint32_t c, std::uint32_t a) {
    SimConversation& conv = conversations_[c];
    if (conv.holder != kNone) change_load(conv.holder, -1);
    conv.holder = a;
    if (a != kNone) change_load(a, +1);
    ++conv.epoch;
    conv.reply_planned = false;
}

void Simulation::on_assigned(std::uint32_t c, std::uint32_t a, bool offer) {
    SimConversation& conv = conversations_[c];
    const bool accepted_offer = !offer && conv.offered && conv.holder == a;
    if (conv.waiting_now) {
        conv.waiting_now = false;
        kpis_.change_waiting(-1);
    }
    if (!conv.assigned_once) {
        conv.assigned_once = true;
        kpis_.assigned_first(conv.tier, conv.arrived_ms, conv.waited);
    }
    if (!accepted_offer) {
        set_holder(c, a);
        ++agents_[a].kpis.handled;
    }
    conv.offered = offer;
    if (offer) {
        if (!agents_[a].silent) {
            const RandomQuantity& accept_time = scenario_.agents[agents_[a].group].accept_time_ms;
            plan(now_ms_ + behaviour_rng_.sample_ms(accept_time, kMaxDelayMs), TaskKind::kAccept, c,
                 conv.epoch);
        }
        return;
    }
    start_work(c);
}

void Simulation::on_unassigned(const core::Unassigned& u) {
    const std::uint32_t c = conversation_of(u.conversation);
    const std::uint32_t a = agent_of(u.agent);
    if (u.reason == core::UnassignReason::kMissedReply ||
        u.reason == core::UnassignReason::kOfferTimeout) {
        ++totals_.reassignments;
        ++agents_[a].kpis.missed_replies;
    }
    conversations_[c].offered = false;
    set_holder(c, kNone);
    if (agents_[a].leaving && agents_[a].load == 0) plan(now_ms_, TaskKind::kLogout, a);
}

void Simulation::on_closed(std::uint32_t c) {
    SimConversation& conv = conversations_[c];
    const std::uint32_t a = conv.holder;
    if (conv.waiting_now) {
        conv.waiting_now = false;
        kpis_.change_waiting(-1);
    }
    set_holder(c, kNone);
    conv.open = false;
    --open_conversations_;
    if (a != kNone && agents_[a].leaving && agents_[a].load == 0) {
        plan(now_ms_, TaskKind::kLogout, a);
    }
}

void Simulation::on_action(const core::Action& action) {
    // Timers act at their own millisecond inside a tick; measure at that moment.
    now_ms_ = std::max(now_ms_, base::to_ms(shard_.action_time()));
    kpis_.advance(now_ms_);
    if (const auto* a = std::get_if<core::Assigned>(&action)) {
        on_assigned(conversation_of(a->conversation), agent_of(a->agent), false);
    } else if (const auto* o = std::get_if<core::Offered>(&action)) {
        on_assigned(conversation_of(o->conversation), agent_of(o->agent), true);
    } else if (const auto* q = std::get_if<core::Queued>(&action)) {
        SimConversation& conv = conversations_[conversation_of(q->conversation)];
        conv.waited = conv.waited || !conv.assigned_once;
        if (!conv.waiting_now) kpis_.change_waiting(+1);
        conv.waiting_now = true;
    } else if (const auto* u = std::get_if<core::Unassigned>(&action)) {
        on_unassigned(*u);
    } else if (const auto* c = std::get_if<core::Closed>(&action)) {
        const std::uint32_t index = conversation_of(c->conversation);
        on_closed(index);
        conversation_slots_[c->conversation.index].index = kNone;
    } else if (const auto* r = std::get_if<core::Rejected>(&action)) {
        if (totals_.rejected++ == 0) totals_.first_rejection = r->detail;
    } else if (std::holds_alternative<core::ReplyWarning>(action)) {
        ++totals_.warnings;
    } else if (std::holds_alternative<core::SupervisorEscalation>(action)) {
        ++totals_.escalations;
    } else if (const auto* away = std::get_if<core::AgentAutoAway>(&action)) {
        const std::uint32_t a = agent_of(away->agent);
        ++totals_.auto_away;
        ++agents_[a].kpis.auto_away;
        set_available(a, false);
        if (tenant_.auto_away.cooldown.count() == 0) {
            const auto& spec = scenario_.agents[agents_[a].group];
            plan(now_ms_ + behaviour_rng_.sample_ms(spec.away_return_ms, kMaxDelayMs),
                 TaskKind::kAwayReturn, a);
        }
    } else if (const auto* restored = std::get_if<core::AgentRestored>(&action)) {
        const std::uint32_t a = agent_of(restored->agent);
        set_available(a, !agents_[a].on_break && !agents_[a].leaving);
    } else if (const auto* over = std::get_if<core::Overflowed>(&action)) {
        const SimConversation& conv = conversations_[conversation_of(over->conversation)];
        kpis_.overflowed(conv.tier, conv.arrived_ms);
    }
}

SimResult Simulation::result() {
    SimResult out = std::move(totals_);
    out.scenario = scenario_.name;
    out.config_source = config_->source;
    out.seed = scenario_.seed;
    out.simulated_ms = now_ms_;
    out.agents = static_cast<std::uint32_t>(agents_.size());
    out.canned_replies = shard_.stats().canned_replies;
    out.open_at_end = open_conversations_;
    kpis_.finish(out);
    std::vector<double> occupancy;
    std::vector<double> handled;
    for (SimAgent& agent : agents_) {
        settle_agent(agent);
        agent.kpis.logged_in_ms = agent.logged_in_ms;
        agent.kpis.occupancy =
            agent.logged_in_ms > 0 ? agent.load_ms / (agent.logged_in_ms * agent.capacity) : 0.0;
        out.agents_kpis.push_back(agent.kpis);
        if (agent.silent || agent.logged_in_ms <= 0) continue;
        occupancy.push_back(agent.kpis.occupancy);
        handled.push_back(static_cast<double>(agent.kpis.handled));
    }
    fill_fairness(out, occupancy, handled);
    return out;
}

}  // namespace switchboard::sim
