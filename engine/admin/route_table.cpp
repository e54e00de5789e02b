#include "engine/admin/route_table.hpp"

#include <algorithm>

#include "engine/base/assert.hpp"

namespace switchboard::admin {
namespace {

std::vector<std::string_view> split_segments(std::string_view path) {
    // Precondition: path starts with '/'. "/" is one empty segment, "/a/b" is {"a", "b"}.
    std::vector<std::string_view> out;
    std::size_t start = 1;
    while (true) {
        const std::size_t slash = path.find('/', start);
        if (slash == std::string_view::npos) {
            out.push_back(path.substr(start));
            return out;
        }
        out.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_capture(std::string_view segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;
        const int high = hex_value(text[i + 1]);
        const int low = hex_value(text[i + 2]);
        if (high < 0 || low < 0) return std::nullopt;
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
    }
    return out;
}

void RouteTable::add(http::verb method, std::string_view pattern, Handler handler) {
    SB_ASSERT(!pattern.empty() && pattern.front() == '/');
    SB_ASSERT(handler != nullptr);
    for (const Route& r : routes_) SB_ASSERT(!(r.method == method && r.pattern == pattern));
    Route route{method, std::string(pattern), {}, std::move(handler)};
    for (std::string_view s : split_segments(pattern)) {
        const bool capture = is_capture(s);
        if (capture) s = s.substr(1, s.size() - 2);
        route.segments.push_back(Segment{std::string(s), capture});
    }
    routes_.push_back(std::move(route));
}

bool RouteTable::matches(const Route& route, const std::vector<std::string>& segments) {
    if (route.segments.size() != segments.size()) return false;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const Segment& s = route.segments[i];
        if (s.capture ? segments[i].empty() : s.text != segments[i]) return false;
    }
    return true;
}

RouteMatch RouteTable::resolve(http::verb method, std::string_view path) const {
    RouteMatch out;
    if (path.empty() || path.front() != '/') {
        out.kind = RouteMatch::Kind::kBadPath;
        out.problem = "the request target must be a path starting with '/'";
        return out;
    }
    std::vector<std::string> segments;
    for (std::string_view raw : split_segments(path)) {
        std::optional<std::string> decoded = percent_decode(raw);
        if (!decoded) {
            out.kind = RouteMatch::Kind::kBadPath;
            out.problem = "bad percent-encoding in path segment '" + std::string(raw) + "'";
            return out;
        }
        segments.push_back(std::move(*decoded));
    }
    for (const Route& route : routes_) {
        if (!matches(route, segments)) continue;
        if (route.method != method) {
            if (!out.allow.empty()) out.allow += ", ";
            out.allow += std::string(http::to_string(route.method));
            out.kind = RouteMatch::Kind::kMethodNotAllowed;
            continue;
        }
        out.kind = RouteMatch::Kind::kFound;
        out.handler = &route.handler;
        out.allow.clear();
        for (std::size_t i = 0; i < segments.size(); ++i) {
            if (!route.segments[i].capture) continue;
            out.params.emplace_back(route.segments[i].text, std::move(segments[i]));
        }
        return out;
    }
    return out;
}

}  // namespace switchboard::admin
