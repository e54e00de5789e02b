// The admin HTTP endpoints (DESIGN.md §6) on an HttpServer, answered through an AdminBackend:
//
//   GET  /healthz                                          200 "ok" while the process runs
//   GET  /readyz                                           200 "ready" / 503 "not ready"
//   GET  /metrics                                          Prometheus text format 0.0.4
//   GET  /api/v1/tenants/{tenant}/state                    JSON, admin::tenant_state_json
//   GET  /api/v1/tenants/{tenant}/conversations/{conversation}/trace   JSON decision trace
//   POST /api/v1/reload                                    200 {"version": N} or
//                                                          422 {"error": ..., "errors": [...]}
//                                                          (503 while stopping, 500 if ours)
//
// Path segments are percent-decoded ("/api/v1/tenants/shop%207/state" is tenant "shop 7").
// Backend errors map to statuses: kNotFound 404, kInvalidArgument 400, kFailedPrecondition and
// kAlreadyExists 409, kResourceExhausted 503, others 500; every error body is {"error": "..."}.
//
// Threads: as HttpServer. The backend is called on the io thread and must outlive the service.
#pragma once

#include <cstdint>

#include <boost/asio/io_context.hpp>

#include "engine/admin/admin_backend.hpp"
#include "engine/admin/http_server.hpp"
#include "engine/base/result.hpp"
#include "engine/config/snapshot.hpp"

namespace switchboard::admin {

inline constexpr std::string_view kMetricsType = "text/plain; version=0.0.4; charset=utf-8";

class AdminService {
  public:
    AdminService(boost::asio::io_context& io, AdminBackend& backend, HttpLimits limits = {});

    // See HttpServer::start. Usually config::ServerSpec::admin (loopback by default).
    base::Result<std::uint16_t> start(const config::ListenAddress& at) { return server_.start(at); }
    void stop() { server_.stop(); }
    std::uint16_t port() const noexcept { return server_.port(); }
    const HttpServerStats& server_stats() const noexcept { return server_.stats(); }

  private:
    Response metrics();
    Response tenant_state(const Request& request);
    Response conversation_trace(const Request& request);
    Response reload();

    AdminBackend& backend_;
    HttpServer server_;
};

// The HTTP status for a backend error.
http::status status_for(base::ErrorCode code) noexcept;

}  // namespace switchboard::admin
