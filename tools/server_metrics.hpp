// The gateway server's counters as Prometheus samples (switchboard_gateway_*), added to the
// admin endpoint's /metrics by `switchboard serve`.
#pragma once

#include "engine/admin/prometheus.hpp"
#include "engine/net/server_stats.hpp"

namespace switchboard::tools {

void write_server_metrics(const net::ServerCounters& c, admin::prometheus::Writer& out);

}  // namespace switchboard::tools
