// Median and range of repeated measurements, for the benchmarks' ratio tables.
#pragma once

#include <algorithm>
#include <vector>

namespace switchboard::bench {

struct Spread {
    double median = 0, min = 0, max = 0;
};

inline Spread spread_of(std::vector<double> values) {
    if (values.empty()) return {};
    std::sort(values.begin(), values.end());
    return {values[values.size() / 2], values.front(), values.back()};
}

}  // namespace switchboard::bench
