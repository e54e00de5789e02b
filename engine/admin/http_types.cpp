#include "engine/admin/http_types.hpp"

#include <nlohmann/json.hpp>

#include "engine/base/assert.hpp"

namespace switchboard::admin {

const std::string& Request::param(std::string_view name) const {
    for (const auto& [key, value] : params) {
        if (key == name) return value;
    }
    base::assert_fail("the route pattern has a segment {name}", __FILE__, __LINE__);
}

Response text_response(http::status status, std::string body) {
    Response r;
    r.status = status;
    r.content_type = std::string(kTextType);
    r.body = std::move(body);
    return r;
}

Response json_response(http::status status, const nlohmann::json& body) {
    Response r;
    r.status = status;
    r.content_type = std::string(kJsonType);
    r.body = dump_json(body);
    return r;
}

Response json_error(http::status status, std::string_view message) {
    return json_response(status, nlohmann::json{{"error", message}});
}

std::string dump_json(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace switchboard::admin
