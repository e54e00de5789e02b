#include "engine/sim/erlang_c.hpp"

#include <cmath>

#include "engine/base/assert.hpp"

namespace switchboard::sim {

double erlang_c(std::uint32_t agents, double offered_erlangs) {
    SB_ASSERT(agents >= 1);
    SB_ASSERT(offered_erlangs >= 0);
    SB_ASSERT(offered_erlangs < agents);
    // Erlang B by its recursion B(k) = A B(k-1) / (k + A B(k-1)), which never forms A^c or c!
    // and so stays exact for thousands of agents; then C = c B / (c - A (1 - B)).
    double b = 1.0;
    for (std::uint32_t k = 1; k <= agents; ++k) {
        b = offered_erlangs * b / (k + offered_erlangs * b);
    }
    const double c = agents;
    return c * b / (c - offered_erlangs * (1.0 - b));
}

double erlang_c_mean_wait(std::uint32_t agents, double offered_erlangs, double mean_handling) {
    SB_ASSERT(mean_handling > 0);
    const double spare_rate = (agents - offered_erlangs) / mean_handling;  // c mu - lambda
    return erlang_c(agents, offered_erlangs) / spare_rate;
}

double erlang_c_wait_above(std::uint32_t agents, double offered_erlangs, double mean_handling,
                           double t) {
    SB_ASSERT(mean_handling > 0);
    const double spare_rate = (agents - offered_erlangs) / mean_handling;
    return erlang_c(agents, offered_erlangs) * std::exp(-spare_rate * t);
}

}  // namespace switchboard::sim
