// One action as a short human-readable line, with the shard's names for agents and conversations
// ("assign c1 -> alice (new)", "queue c2 #3", "warn bob about c7 due 10000"). Used by the demo,
// logs and tests. Call it while the action's records still exist, i.e. from inside
// ActionSink::on_action.
#pragma once

#include <string>

#include "engine/core/actions.hpp"
#include "engine/core/shard.hpp"

namespace switchboard::core {

std::string describe(const Shard& shard, const Action& action);

}  // namespace switchboard::core
