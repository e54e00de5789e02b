#include "engine/routing/pool.hpp"

#include <algorithm>

#include "engine/base/assert.hpp"

namespace switchboard::routing {
namespace {

// load/capacity in kRatioBits bits. Ready agents have load < capacity <= 1000, and two different
// such ratios differ by at least 1/(1000*999) > 2^-20, so 20 bits order them exactly.
constexpr int kRatioBits = 20;
constexpr int kSeqBits = 40;  // assignment counter; wraps after 10^12 assignments
constexpr std::uint64_t kSeqMask = (std::uint64_t{1} << kSeqBits) - 1;
static_assert(4 + kRatioBits + kSeqBits <= 64, "most_proficient key layout");

std::uint64_t load_ratio(const model::Agent& agent) noexcept {
    SB_ASSERT(agent.capacity > 0);
    const std::uint64_t ratio = (std::uint64_t{agent.load} << kRatioBits) / agent.capacity;
    return std::min<std::uint64_t>(ratio, (std::uint64_t{1} << kRatioBits) - 1);
}

model::Proficiency weakest_skill(model::SkillSet skills, const model::Agent& agent) noexcept {
    model::Proficiency weakest = model::kMaxProficiency;
    skills.for_each([&](int s) { weakest = std::min(weakest, agent.proficiency[s]); });
    return weakest;
}

}  // namespace

std::uint64_t strategy_key(model::Strategy strategy, model::SkillSet skills,
                           const model::Agent& agent) noexcept {
    const std::uint64_t seq = agent.last_assign_seq & kSeqMask;
    switch (strategy) {
        case model::Strategy::kLeastLoaded:
            return (load_ratio(agent) << kSeqBits) | seq;
        case model::Strategy::kLongestIdle: {
            const std::int64_t idle_ms = base::to_ms(agent.idle_since);
            SB_ASSERT(idle_ms >= 0);
            return static_cast<std::uint64_t>(idle_ms);
        }
        case model::Strategy::kRoundRobin:
            return agent.last_assign_seq;
        case model::Strategy::kMostProficient: {
            const std::uint64_t gap = model::kMaxProficiency - weakest_skill(skills, agent);
            return (gap << (kRatioBits + kSeqBits)) | (load_ratio(agent) << kSeqBits) | seq;
        }
    }
    return 0;
}

bool Pool::admits(const model::Agent& agent) const noexcept {
    return agent.skills.contains_all(filter_.skills) &&
           (filter_.everyone || agent.groups.intersects(filter_.groups));
}

MemberId Pool::add(AgentIndex agent) {
    MemberId m;
    if (!free_members_.empty()) {
        m = free_members_.back();
        free_members_.pop_back();
        agent_of_[m] = agent;
    } else {
        m = static_cast<MemberId>(agent_of_.size());
        agent_of_.push_back(agent);
    }
    ++members_;
    return m;
}

void Pool::remove(MemberId m) {
    SB_ASSERT(m < agent_of_.size());
    SB_ASSERT(agent_of_[m] != kFreeMember);
    ready_.erase(m);
    agent_of_[m] = kFreeMember;
    free_members_.push_back(m);
    --members_;
}

void Pool::refresh(MemberId m, const model::Agent& agent) {
    SB_ASSERT(m < agent_of_.size());
    SB_ASSERT(agent_of_[m] != kFreeMember);
    if (agent.takes_new_work()) {
        ready_.upsert(m, strategy_key(strategy_, filter_.skills, agent));
    } else {
        ready_.erase(m);
    }
}

std::optional<AgentIndex> Pool::best(std::span<const AgentIndex> excluded) const {
    if (ready_.empty()) return std::nullopt;
    if (excluded.empty()) return agent_of_[ready_.top()];
    const auto is_excluded = [&](MemberId m) {
        return std::find(excluded.begin(), excluded.end(), agent_of_[m]) != excluded.end();
    };
    // The best-first walk pops entries in preference order and each excluded agent is popped at
    // most once, so excluded.size() + 1 visits reach the best agent that is not excluded.
    const auto visits = static_cast<std::uint32_t>(excluded.size() + 1);
    const MemberId m = ready_.best_where_not(is_excluded, visits);
    if (m == AgentHeap::kAbsent) return std::nullopt;
    return agent_of_[m];
}

}  // namespace switchboard::routing
