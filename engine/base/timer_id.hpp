// The handle of an armed timer (sla::TimingWheel). Declared here, below every folder that stores
// timer handles, so that model records can hold one without depending on the wheel itself.
#pragma once

#include "engine/base/handle.hpp"

namespace switchboard::base {

struct TimerTag {};
using TimerId = Handle<TimerTag>;

}  // namespace switchboard::base
