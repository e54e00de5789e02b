// The admin server's routing table: (method, path pattern) -> handler. A pattern is a list of
// literal segments and {name} captures ("/api/v1/tenants/{tenant}/state"); a capture matches one
// whole, non-empty segment. The raw path is split at '/' first and each segment percent-decoded
// after, so an encoded "%2F" stays inside its segment (a tenant id may hold a slash).
//
// Built before the server starts, read-only afterwards: resolve() hands out views into the
// table, valid while it is not changed. A handful of routes, so resolve() is a linear scan.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/admin/http_types.hpp"

namespace switchboard::admin {

struct RouteMatch {
    enum class Kind : unsigned char {
        kFound,             // handler and params are set
        kNotFound,          // no pattern matches the path
        kMethodNotAllowed,  // a pattern matches, not with this method; allow lists the methods
        kBadPath,           // not an origin-form path, or a bad percent escape; problem says why
    };
    Kind kind = Kind::kNotFound;
    const Handler* handler = nullptr;
    std::vector<std::pair<std::string_view, std::string>> params;
    std::string allow;    // "GET, POST"
    std::string problem;  // for kBadPath
};

class RouteTable {
  public:
    // Preconditions: `pattern` starts with '/'; captures are "{name}" with a non-empty name;
    // (method, pattern) was not added before.
    void add(http::verb method, std::string_view pattern, Handler handler);

    // `path` is the request target without its query string.
    RouteMatch resolve(http::verb method, std::string_view path) const;

  private:
    struct Segment {
        std::string text;  // literal text, or the capture's name
        bool capture = false;
    };
    struct Route {
        http::verb method;
        std::string pattern;
        std::vector<Segment> segments;
        Handler handler;
    };

    static bool matches(const Route& route, const std::vector<std::string>& segments);

    std::vector<Route> routes_;
};

// "%41b" -> "Ab". nullopt when a '%' is not followed by two hex digits. '+' stays '+': it means
// a space only in form-encoded query strings, never in a path.
std::optional<std::string> percent_decode(std::string_view text);

}  // namespace switchboard::admin
