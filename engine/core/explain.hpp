// The decision trace of one conversation (DESIGN.md §3): the strategy, ladder step and pool size
// recorded when its agent was chosen, and for every agent of the tenant the reason it was or was
// not a candidate, evaluated when asked.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/model/agent.hpp"
#include "engine/model/conversation.hpp"

namespace switchboard::core {

enum class Verdict : unsigned char {
    kChosen,         // holds the conversation now
    kCandidate,      // could take it, ranked behind the chosen agent by the strategy
    kFull,           // load >= capacity
    kAway,           // away by their own choice
    kAutoAway,       // sent away after missed replies
    kLacksSkill,     // lacks one of the queue's skills
    kOutsideLadder,  // not in the groups of the tier's ladder step in force
    kMissedBefore,   // missed this conversation already; never offered it again
};

std::string_view to_string(Verdict v) noexcept;

struct CandidateVerdict {
    model::AgentId agent;
    Verdict verdict = Verdict::kCandidate;
};

struct Explanation {
    model::ConversationId conversation;
    model::ConversationState state = model::ConversationState::kWaiting;
    model::QueueIndex queue = 0;
    model::TierIndex tier = 0;
    model::DecisionTrace trace;                // as recorded at the last decision
    std::vector<CandidateVerdict> candidates;  // as of the time explain() is called
    bool truncated = false;                    // more agents than max_candidates
};

}  // namespace switchboard::core
