// The traffic of `switchboard demo`: agents of every queue log in, customers of every tier write
// in (Poisson arrivals), agents answer after a few seconds and customers follow up, one agent
// never answers (to show reply deadlines and reassignment) and one logs out mid-run (to show
// conversations going back to the head of the queue). Everything runs on virtual time through
// the deterministic core: the same seed gives the same run.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <queue>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engine/core/shard.hpp"

namespace switchboard::tools {

struct DemoTotals {
    std::map<std::string, std::uint64_t> actions;                     // action kind -> count
    std::map<std::string, std::vector<std::int64_t>> first_reply_ms;  // tier -> FRT samples
    std::uint32_t agents = 0;
    std::int64_t ended_at_ms = 0;
};

class DemoScript final : public core::ActionSink {
  public:
    DemoScript(core::Shard& shard, const model::TenantSpec& tenant, std::uint64_t seed,
               bool verbose);

    void log_in_agents();
    void schedule_arrivals(std::uint32_t conversations);
    // Runs every scheduled event in time order, with a clock tick every 500 ms in between.
    void run();
    const DemoTotals& totals() const noexcept { return totals_; }

    void on_action(const core::Action& action) override;

  private:
    struct Pending {
        std::int64_t at_ms;
        std::uint64_t seq;
        std::function<void()> run;
        bool operator>(const Pending& o) const {
            return at_ms != o.at_ms ? at_ms > o.at_ms : seq > o.seq;
        }
    };
    struct ConversationScript {
        std::string tier;
        std::int64_t opened_ms = 0;
        bool answered = false;
        int follow_ups_left = 0;
    };

    void later(std::int64_t delay_ms, std::function<void()> run);
    void apply(const core::Event& event);
    void on_assigned(const std::string& conversation, const std::string& agent);
    void agent_answers(const std::string& conversation, const std::string& agent);
    bool holds(const std::string& conversation, const std::string& agent) const;
    // Prints the decision trace of a reassigned conversation (agents lacking the skill omitted).
    void print_why(core::ConversationId id) const;
    // describe() plus tier, queue and how the decision was made.
    std::string explain_line(const core::Action& action) const;
    std::int64_t uniform_ms(std::int64_t lo, std::int64_t hi);

    core::Shard& shard_;
    const model::TenantSpec& tenant_;
    std::mt19937_64 rng_;
    bool verbose_;
    std::int64_t now_ms_ = 0;
    std::uint64_t seq_ = 0;
    std::priority_queue<Pending, std::vector<Pending>, std::greater<>> pending_;
    std::map<std::string, ConversationScript> conversations_;
    std::set<std::string> silent_agents_;
    std::vector<std::string> agents_;
    DemoTotals totals_;
};

}  // namespace switchboard::tools
