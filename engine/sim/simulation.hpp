// One simulation run (simulator.hpp's simulate() builds one and runs it): the simulated
// customers and agents, the time-ordered task queue of their next actions, the shard they talk
// to, and the KPI recorder. It is the shard's ActionSink: every action is both measured and
// answered (an assignment makes the agent plan a reply, a reassignment cancels the old agent's
// plans, an offer is accepted after a while, ...). Internal to engine/sim; one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <queue>
#include <string>
#include <vector>

#include "engine/core/shard.hpp"
#include "engine/sim/arrival_process.hpp"
#include "engine/sim/kpi_recorder.hpp"
#include "engine/sim/random.hpp"
#include "engine/sim/scenario.hpp"
#include "engine/sim/sim_result.hpp"

namespace switchboard::sim {

class Simulation final : public core::ActionSink {
  public:
    // Preconditions: validate_scenario(scenario, *config) is ok.
    Simulation(std::shared_ptr<const config::Snapshot> config, const ScenarioSpec& scenario);

    void run();
    // Precondition: run() returned.
    SimResult result();
    std::string check_invariants() const { return shard_.check_invariants(); }

    void on_action(const core::Action& action) override;

  private:
    static constexpr std::uint32_t kNone = ~std::uint32_t{0};
    // No drawn delay exceeds a year (the config's own bound on durations): times stay far from
    // int64 overflow whatever a distribution's tail produces.
    static constexpr std::int64_t kMaxDelayMs = 366LL * 24 * 3'600'000;

    enum class TaskKind : unsigned char {
        // A customer (subject: conversation).
        kArrival,
        kFollowUp,
        kAbandon,
        // An agent on a conversation (subject: conversation; dropped when its epoch is stale).
        kReply,
        kAccept,
        kClose,
        // An agent (subject: agent).
        kLogin,
        kBreakStart,
        kBreakEnd,
        kShiftEnd,
        kLogout,
        kAwayReturn,
        // The end of arrivals, and the end of the drain.
        kStop,
    };
    struct Task {
        std::int64_t at_ms;
        std::uint64_t seq;  // ties in time run in the order they were planned
        TaskKind kind;
        std::uint32_t subject;  // conversation or agent index
        std::uint32_t epoch;    // conversation tasks: valid while the conversation's epoch is it
        bool operator>(const Task& o) const {
            return at_ms != o.at_ms ? at_ms > o.at_ms : seq > o.seq;
        }
    };
    struct SimConversation {
        std::string name;
        std::int64_t arrived_ms = 0;
        std::int64_t awaiting_since_ms = 0;
        model::TierIndex tier = 0;
        model::QueueIndex queue = 0;
        std::uint32_t follow_ups_left = 0;
        std::uint32_t answers = 0;
        std::uint32_t holder = kNone;  // agent index while offered or assigned
        std::uint32_t epoch = 0;       // bumped whenever the holder changes or it closes
        bool open = true;
        bool offered = false;
        bool awaiting = true;  // a customer message waits for a real answer
        bool answered = false;
        bool assigned_once = false;
        bool waited = false;
        bool waiting_now = false;
        bool reply_planned = false;
        bool force_real_reply = false;  // after a canned reply that did not count
    };
    struct SimAgent {
        std::string name;
        std::uint32_t group = 0;
        std::uint32_t capacity = 0;
        double speed = 1;
        std::uint64_t phrase_hash = 0;  // the agent's favourite quick phrase
        bool silent = false;
        bool logged_in = false;
        bool available = false;  // logged in and status available (what the router sees)
        bool on_break = false;
        bool leaving = false;  // shift over, finishing open conversations
        std::int64_t first_break_ms = -1;
        std::uint32_t load = 0;
        std::int64_t since_ms = 0;  // last change of load or login, for the integrals
        double load_ms = 0;         // integral of load over time
        double logged_in_ms = 0;
        AgentKpis kpis;
    };
    struct SlotRef {
        std::uint32_t generation = 0;
        std::uint32_t index = kNone;
    };

    // simulation.cpp: the loop and the action dispatch.
    void plan(std::int64_t at_ms, TaskKind kind, std::uint32_t subject, std::uint32_t epoch = 0);
    void apply(const core::Event& event);
    void run_task(const Task& task);
    std::uint32_t conversation_of(core::ConversationId id);
    std::uint32_t agent_of(core::AgentId id);
    void on_assigned(std::uint32_t c, std::uint32_t a, bool offer);
    void on_unassigned(const core::Unassigned& u);
    void on_closed(std::uint32_t c);
    void set_holder(std::uint32_t c, std::uint32_t a);

    // simulation_customers.cpp
    void plan_next_arrival(double after_ms);
    void arrive();
    void follow_up(std::uint32_t c);
    void abandon(std::uint32_t c);
    model::TierIndex draw_tier();
    model::QueueIndex draw_queue();

    // simulation_agents.cpp
    void create_agents();
    void start_work(std::uint32_t c);
    void plan_reply(std::uint32_t c);
    void reply(std::uint32_t c);
    void after_answer(std::uint32_t c);
    void accept(std::uint32_t c);
    void close_by_agent(std::uint32_t c);
    void login(std::uint32_t a);
    void logout(std::uint32_t a);
    void start_break(std::uint32_t a);
    void end_break(std::uint32_t a);
    void end_shift(std::uint32_t a);
    void return_from_auto_away(std::uint32_t a);
    void set_available(std::uint32_t a, bool available);
    void change_load(std::uint32_t a, int delta);
    void settle_agent(SimAgent& agent);
    std::int64_t shift_end_ms(const SimAgent& agent) const;

    std::shared_ptr<const config::Snapshot> config_;
    const ScenarioSpec& scenario_;
    const model::TenantSpec& tenant_;
    core::Shard shard_;
    // Two streams, so that comparing configs compares them on the same customers: every arrival
    // (time, tier, queue, follow-up count, patience) comes from traffic_rng_ in arrival order,
    // whatever the routing does; agents' and customers' reactions (reply, think, accept and close
    // times, quick phrases) come from behaviour_rng_, whose draws depend on who got what.
    Random traffic_rng_;
    Random behaviour_rng_;
    ArrivalProcess arrivals_;
    KpiRecorder kpis_;
    std::priority_queue<Task, std::vector<Task>, std::greater<>> tasks_;
    std::uint64_t seq_ = 0;
    std::int64_t now_ms_ = 0;
    std::int64_t last_tick_ms_ = -1;  // the last Tick since the last task, -1 = none
    double arrival_clock_ms_ = 0;     // exact time of the planned arrival (tasks are whole ms)
    bool stopped_ = false;
    std::vector<SimConversation> conversations_;
    std::vector<SimAgent> agents_;
    std::vector<SlotRef> conversation_slots_;      // by ConversationId::index
    std::vector<SlotRef> agent_slots_;             // by AgentId::index
    std::uint32_t creating_conversation_ = kNone;  // the one being opened by this apply()
    std::uint32_t creating_agent_ = kNone;         // the one logging in by this apply()
    std::uint32_t open_conversations_ = 0;
    std::vector<std::vector<std::string>> queue_skills_;  // skill names per queue
    std::vector<double> tier_cumulative_;   // normalised cumulative weights per tier index
    std::vector<double> queue_cumulative_;  // per queue index
    SimResult totals_;                      // counters filled as actions come
};

}  // namespace switchboard::sim
