#include "engine/admin/admin_service.hpp"

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace switchboard::admin {
namespace {

using nlohmann::json;

Response error_response(const base::Error& error) {
    return json_error(status_for(error.code), error.message);
}

Response json_result(const base::Result<json>& result) {
    if (!result.ok()) return error_response(result.error());
    return json_response(http::status::ok, result.value());
}

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        if (!line.empty()) out.emplace_back(line);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return out;
}

// The admin server's own counters, after the backend's samples.
void collect_server(const HttpServerStats& s, prometheus::Writer& out) {
    out.counter("switchboard_admin_connections_accepted_total", "Admin HTTP connections accepted.",
                s.connections_accepted);
    out.counter("switchboard_admin_connections_refused_total",
                "Admin HTTP connections refused with 503 over the connection limit.",
                s.connections_refused);
    out.gauge("switchboard_admin_connections_open", "Admin HTTP connections open now.",
              s.connections_open);
    out.counter("switchboard_admin_requests_total", "Admin HTTP requests answered.", s.requests);
    out.counter("switchboard_admin_bad_requests_total",
                "Admin HTTP requests rejected as malformed or over a size limit.", s.bad_requests);
    out.counter("switchboard_admin_handler_errors_total",
                "Admin HTTP requests that failed with an internal error (500).", s.handler_errors);
    out.counter("switchboard_admin_timeouts_total",
                "Admin HTTP connections closed for exceeding the idle or write timeout.",
                s.timeouts);
}

}  // namespace

http::status status_for(base::ErrorCode code) noexcept {
    switch (code) {
        case base::ErrorCode::kNotFound:
            return http::status::not_found;
        case base::ErrorCode::kInvalidArgument:
            return http::status::bad_request;
        case base::ErrorCode::kAlreadyExists:
        case base::ErrorCode::kFailedPrecondition:
            return http::status::conflict;
        case base::ErrorCode::kResourceExhausted:
            return http::status::service_unavailable;
        case base::ErrorCode::kIo:
        case base::ErrorCode::kInternal:
            break;
    }
    return http::status::internal_server_error;
}

AdminService::AdminService(boost::asio::io_context& io, AdminBackend& backend, HttpLimits limits)
    : backend_(backend), server_(io, limits) {
    server_.route(http::verb::get, "/healthz",
                  [](const Request&) { return text_response(http::status::ok, "ok\n"); });
    server_.route(http::verb::get, "/readyz", [this](const Request&) {
        return backend_.ready() ? text_response(http::status::ok, "ready\n")
                                : text_response(http::status::service_unavailable, "not ready\n");
    });
    server_.route(http::verb::get, "/metrics", [this](const Request&) { return metrics(); });
    server_.route(http::verb::get, "/api/v1/tenants/{tenant}/state",
                  [this](const Request& r) { return tenant_state(r); });
    server_.route(http::verb::get, "/api/v1/tenants/{tenant}/conversations/{conversation}/trace",
                  [this](const Request& r) { return conversation_trace(r); });
    server_.route(http::verb::post, "/api/v1/reload", [this](const Request&) { return reload(); });
}

Response AdminService::metrics() {
    prometheus::Writer out;
    backend_.collect(out);
    collect_server(server_.stats(), out);
    Response r = text_response(http::status::ok, out.text());
    r.content_type = std::string(kMetricsType);
    return r;
}

Response AdminService::tenant_state(const Request& request) {
    return json_result(backend_.tenant_state(request.param("tenant")));
}

Response AdminService::conversation_trace(const Request& request) {
    return json_result(
        backend_.conversation_trace(request.param("tenant"), request.param("conversation")));
}

Response AdminService::reload() {
    base::Result<std::uint64_t> version = backend_.reload();
    if (version.ok()) return json_response(http::status::ok, json{{"version", version.value()}});
    const base::Error& error = version.error();
    std::vector<std::string> lines = lines_of(error.message);
    const std::size_t n = lines.size();
    json body{
        {"error", "reload failed with " + std::to_string(n) + (n == 1 ? " problem" : " problems") +
                      "; the running configuration stays in force"},
        {"errors", std::move(lines)}};
    // A file that is invalid, unreadable or not reloadable is the request's problem, not the
    // server's: 422. Not now (stopping) or a failure of ours keep their usual status.
    const bool file_problem = error.code == base::ErrorCode::kInvalidArgument ||
                              error.code == base::ErrorCode::kIo ||
                              error.code == base::ErrorCode::kNotFound ||
                              error.code == base::ErrorCode::kFailedPrecondition;
    return json_response(file_problem ? http::status::unprocessable_entity : status_for(error.code),
                         body);
}

}  // namespace switchboard::admin
