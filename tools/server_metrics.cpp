#include "tools/server_metrics.hpp"

namespace switchboard::tools {

void write_server_metrics(const net::ServerCounters& c, admin::prometheus::Writer& out) {
    out.gauge("switchboard_gateway_connections", "Open gateway connections.",
              static_cast<double>(c.connections_open));
    out.counter("switchboard_gateway_connections_accepted_total", "Gateway connections accepted.",
                c.connections_accepted);
    out.counter("switchboard_gateway_connections_refused_total",
                "Gateway connections refused over server.max_connections.", c.connections_refused);
    out.counter("switchboard_gateway_hello_timeouts_total",
                "Connections closed for sending no Hello in time.", c.hello_timeouts);
    out.counter("switchboard_gateway_overload_closes_total",
                "Connections closed because their unsent output passed the hard limit.",
                c.overload_closes);
    out.counter("switchboard_gateway_error_frames_total", "Error frames sent to gateways.",
                c.error_frames);
    out.counter("switchboard_gateway_bytes_total", "Bytes read from and written to gateways.",
                c.bytes_in, {{"direction", "in"}});
    out.counter("switchboard_gateway_bytes_total", "Bytes read from and written to gateways.",
                c.bytes_out, {{"direction", "out"}});
    out.counter("switchboard_gateway_syscalls_total", "Completed socket reads and writes.", c.reads,
                {{"call", "read"}});
    out.counter("switchboard_gateway_syscalls_total", "Completed socket reads and writes.",
                c.writes, {{"call", "write"}});
    out.counter("switchboard_gateway_frames_in_total", "Frames received from gateways.",
                c.frames_in);
    out.counter("switchboard_gateway_events_in_total", "Events handed to the engine.", c.events_in);
    out.counter("switchboard_gateway_engine_full_total",
                "Times a connection waited for room in the engine (backpressure).", c.engine_full);
    out.counter("switchboard_gateway_outputs_total", "Frames written for engine outputs.",
                c.deliveries_out, {{"kind", "delivery"}});
    out.counter("switchboard_gateway_outputs_total", "Frames written for engine outputs.",
                c.notices_out, {{"kind", "notice"}});
    out.counter("switchboard_gateway_outputs_unrouted_total",
                "Outputs with no open connection: deliveries stay held for Resend, notices drop.",
                c.deliveries_unrouted, {{"kind", "delivery"}});
    out.counter("switchboard_gateway_outputs_unrouted_total",
                "Outputs with no open connection: deliveries stay held for Resend, notices drop.",
                c.notices_unrouted, {{"kind", "notice"}});
    out.gauge("switchboard_gateway_max_buffered_bytes",
              "High-water mark of one connection's unsent output.",
              static_cast<double>(c.max_buffered_bytes));
}

}  // namespace switchboard::tools
