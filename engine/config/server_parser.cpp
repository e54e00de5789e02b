#include "engine/config/server_parser.hpp"

#include <array>
#include <charconv>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "engine/config/map_reader.hpp"

namespace switchboard::config {
namespace {

constexpr auto kServerKeys =
    std::to_array<std::string_view>({"listen", "admin_listen", "max_frame_bytes", "max_connections",
                                     "max_buffered_bytes", "hello_timeout_ms"});
constexpr auto kGatewayKeys = std::to_array<std::string_view>({"id", "token", "tenants"});
constexpr std::size_t kMaxGateways = 1000;
constexpr std::size_t kMinTokenBytes = 16;
constexpr std::size_t kMaxTokenBytes = 256;

// Four decimal octets 0..255, or "localhost".
bool is_ipv4_host(std::string_view host) {
    if (host == "localhost") return true;
    int octets = 0;
    while (!host.empty()) {
        const auto dot = host.find('.');
        const std::string_view part = host.substr(0, dot);
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || part.size() > 3 || ec != std::errc{} ||
            end != part.data() + part.size() || value > 255) {
            return false;
        }
        ++octets;
        if (dot == std::string_view::npos) break;
        host.remove_prefix(dot + 1);
        if (host.empty()) return false;  // trailing dot
    }
    return octets == 4;
}

// "HOST:PORT" -> ListenAddress.
struct Listen {
    std::optional<ListenAddress> operator()(Diagnostics& diag, const Field& field) const {
        if (!field.node.IsScalar()) {
            diag.error(field.where, field.path, "expected HOST:PORT, got " + describe(field.node));
            return std::nullopt;
        }
        const std::string text = field.node.Scalar();
        const auto colon = text.rfind(':');
        const std::string_view host = std::string_view(text).substr(0, colon);
        const std::string_view port_text = colon == std::string::npos
                                               ? std::string_view{}
                                               : std::string_view(text).substr(colon + 1);
        unsigned port = 0;
        const auto [end, ec] =
            std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
        if (colon == std::string::npos || !is_ipv4_host(host) || port_text.empty() ||
            ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) {
            diag.error(field.where, field.path,
                       "expected HOST:PORT with an IPv4 address or localhost and a port 0..65535, "
                       "got '" +
                           text + "'");
            return std::nullopt;
        }
        return ListenAddress{std::string(host), static_cast<std::uint16_t>(port)};
    }
};

// A token: kMinTokenBytes..kMaxTokenBytes printable ASCII bytes, no spaces.
struct Token {
    std::optional<std::string> operator()(Diagnostics& diag, const Field& field) const {
        if (!field.node.IsScalar()) {
            diag.error(field.where, field.path, "expected a token, got " + describe(field.node));
            return std::nullopt;
        }
        const std::string& text = field.node.Scalar();
        bool printable = true;
        for (const char c : text) printable = printable && c > ' ' && c < 0x7f;
        if (text.size() < kMinTokenBytes || text.size() > kMaxTokenBytes || !printable) {
            diag.error(field.where, field.path,
                       "expected a token of " + std::to_string(kMinTokenBytes) + ".." +
                           std::to_string(kMaxTokenBytes) +
                           " printable ASCII characters without spaces, got " +
                           std::to_string(text.size()) + " bytes" +
                           (printable ? "" : " with a space or control character"));
            return std::nullopt;
        }
        return text;
    }
};

// Tokens already defined, with where: a repeated token is an error that must not print it.
using TokenPlaces = std::unordered_map<std::string, Location>;

GatewaySpec parse_gateway(Diagnostics& diag, const Field& item, NameTable& ids, TokenPlaces& tokens,
                          const NameTable& tenant_ids) {
    GatewaySpec gateway;
    const MapReader map(diag, item, kGatewayKeys);
    if (auto id = map.require("id")) gateway.id = ids.define(diag, *id).value_or("");
    if (auto field = map.require("token")) {
        if (auto token = Token{}(diag, *field)) {
            const auto [it, fresh] = tokens.emplace(*token, field->where);
            if (fresh) {
                gateway.token = std::move(*token);
            } else {
                diag.error(field->where, field->path,
                           "the same token as the gateway at line " +
                               std::to_string(it->second.line) +
                               ": each gateway needs its own token");
            }
        }
    }
    if (auto tenants = map.require("tenants")) {
        const auto items = read_list(diag, *tenants, 1, tenant_ids.size() + 1);
        for (const Field& t : items.value_or(std::vector<Field>{})) {
            if (auto index = tenant_ids.resolve(diag, t))
                gateway.tenants.push_back(t.node.Scalar());
        }
    }
    return gateway;
}

}  // namespace

ServerSpec parse_server(Diagnostics& diag, const std::optional<Field>& field) {
    ServerSpec server;
    if (!field) return server;
    const MapReader map(diag, *field, kServerKeys);
    map.read("listen", server.listen, Listen{});
    map.read("admin_listen", server.admin, Listen{});
    map.read("max_frame_bytes", server.max_frame_bytes, Int{64, 64 << 20});
    map.read("max_connections", server.max_connections, Int{1, 100'000});
    map.read("max_buffered_bytes", server.max_buffered_bytes, Int{4096, 1 << 30});
    map.read("hello_timeout_ms", server.hello_timeout_ms, Int{1, 600'000});
    return server;
}

std::vector<GatewaySpec> parse_gateways(Diagnostics& diag, const std::optional<Field>& field,
                                        const NameTable& tenant_ids) {
    std::vector<GatewaySpec> gateways;
    if (!field) return gateways;
    const auto items = read_list(diag, *field, 0, kMaxGateways);
    if (!items) return gateways;
    NameTable ids("gateway id");
    TokenPlaces tokens;
    for (const Field& item : *items) {
        gateways.push_back(parse_gateway(diag, item, ids, tokens, tenant_ids));
    }
    return gateways;
}

}  // namespace switchboard::config
