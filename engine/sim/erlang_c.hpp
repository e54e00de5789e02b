// The Erlang C formula (M/M/c queue): for Poisson arrivals, exponential handling times and c
// agents each serving one customer at a time, the probability that an arriving customer waits
// and the mean wait. It is the reference the simulator is checked against (tests/sim): a correct
// router on a single-skill pool must reproduce it. Pure functions.
#pragma once

#include <cstdint>

namespace switchboard::sim {

// P(wait > 0) with `agents` agents and `offered_erlangs` = arrival rate x mean handling time.
// Preconditions: agents >= 1, 0 <= offered_erlangs < agents (a stable queue).
double erlang_c(std::uint32_t agents, double offered_erlangs);

// Mean wait in queue (all customers, including those who do not wait), in the unit of
// mean_handling: C / (c / h - lambda). Same preconditions, with lambda = offered / h.
double erlang_c_mean_wait(std::uint32_t agents, double offered_erlangs, double mean_handling);

// P(wait > t) = C * exp(-(c - A) t / h): the service level's complement at threshold t.
double erlang_c_wait_above(std::uint32_t agents, double offered_erlangs, double mean_handling,
                           double t);

}  // namespace switchboard::sim
