// The Erlang C formula against values worked out by hand and from a reference table.
#include "engine/sim/erlang_c.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace switchboard::sim {
namespace {

// The textbook closed form, summing A^k / k!, to check the recursion against where it is exact.
double erlang_c_direct(int c, double a) {
    double sum = 0;
    double term = 1;  // A^k / k!
    for (int k = 0; k < c; ++k) {
        sum += term;
        term *= a / (k + 1);
    }
    const double top = term * c / (c - a);  // A^c / c! * c / (c - A)
    return top / (sum + top);
}

TEST(ErlangC, OneAgentWaitsWithProbabilityRho) {
    // M/M/1: P(wait) = rho, mean wait = rho / (mu - lambda).
    EXPECT_NEAR(erlang_c(1, 0.5), 0.5, 1e-12);
    EXPECT_NEAR(erlang_c_mean_wait(1, 0.5, 10.0), 10.0, 1e-9);
}

TEST(ErlangC, TwoAgentsAtOneErlangWaitOneThirdOfTheTime) {
    EXPECT_NEAR(erlang_c(2, 1.0), 1.0 / 3.0, 1e-12);
    // Mean wait C / (c mu - lambda) with h = 1: (1/3) / (2 - 1).
    EXPECT_NEAR(erlang_c_mean_wait(2, 1.0, 1.0), 1.0 / 3.0, 1e-12);
}

TEST(ErlangC, ThreeAgentsAtTwoErlangsWaitFourNinthsOfTheTime) {
    // The basic example of the Wolfram Language's ErlangC[3, 2] = 4/9; by hand:
    // 1 + 2 + 2 = 5 below c; 2^3/3! * 3/(3-2) = 4 at c: C = 4 / (5 + 4).
    EXPECT_NEAR(erlang_c(3, 2.0), 4.0 / 9.0, 1e-12);
}

TEST(ErlangC, MatchesAnIndependentlyComputedValueForTenAgents) {
    // c = 10, a = 8 Erlangs: 0.409180 from the closed form in arbitrary precision.
    EXPECT_NEAR(erlang_c(10, 8.0), 0.4092, 5e-5);
}

TEST(ErlangC, RecursionAgreesWithTheClosedForm) {
    for (const int c : {1, 2, 5, 15, 40}) {
        for (const double rho : {0.1, 0.5, 0.85, 0.99}) {
            EXPECT_NEAR(erlang_c(c, rho * c), erlang_c_direct(c, rho * c), 1e-10)
                << "c=" << c << " rho=" << rho;
        }
    }
}

TEST(ErlangC, StaysFiniteForThousandsOfAgents) {
    const double p = erlang_c(2000, 1950.0);
    EXPECT_TRUE(std::isfinite(p));
    EXPECT_GT(p, 0.0);
    EXPECT_LT(p, 1.0);
}

TEST(ErlangC, WaitAboveZeroIsTheProbabilityOfWaiting) {
    EXPECT_NEAR(erlang_c_wait_above(2, 1.0, 1.0, 0.0), 1.0 / 3.0, 1e-12);
    EXPECT_NEAR(erlang_c_wait_above(2, 1.0, 1.0, 1.0), std::exp(-1.0) / 3.0, 1e-12);
}

}  // namespace
}  // namespace switchboard::sim
