// The admin HTTP layer's request and response as plain values, so that route handlers (and their
// tests) never touch Beast's message types or a socket. A handler is called on the server's io
// thread with a Request that lives for the call, and returns the whole Response: the admin
// endpoints answer small documents, so no streaming body is needed.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/beast/http/status.hpp>
#include <boost/beast/http/verb.hpp>
#include <nlohmann/json_fwd.hpp>

namespace switchboard::admin {

namespace http = boost::beast::http;

inline constexpr std::string_view kJsonType = "application/json";
inline constexpr std::string_view kTextType = "text/plain; charset=utf-8";

struct Request {
    http::verb method = http::verb::get;
    std::string_view path;  // the target without its query string, still percent-encoded
    std::string_view body;
    // The pattern's {name} segments, percent-decoded, in pattern order.
    std::vector<std::pair<std::string_view, std::string>> params;

    // The decoded value of {name}. Precondition: the route's pattern has a segment {name}.
    const std::string& param(std::string_view name) const;
};

struct Response {
    http::status status = http::status::ok;
    std::string content_type = std::string(kTextType);
    std::string body;
    // Extra header fields (e.g. Allow on a 405); Content-Type, Content-Length, Connection and
    // Server are set by the server.
    std::vector<std::pair<std::string, std::string>> headers;
};

using Handler = std::function<Response(const Request&)>;

Response text_response(http::status status, std::string body);
Response json_response(http::status status, const nlohmann::json& body);
// {"error": message}, the body of every error the admin endpoints return.
Response json_error(http::status status, std::string_view message);

// Serialises `value` compactly. Strings that are not valid UTF-8 (a tenant name decoded from
// "%FF" in a path, say) are written with U+FFFD in place of the bad bytes instead of throwing.
std::string dump_json(const nlohmann::json& value);

}  // namespace switchboard::admin
