// The `server` and `gateways` sections: listeners, connection bounds, gateway tokens and tenants.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/config/config_test_support.hpp"

namespace switchboard::config::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// One minimal tenant after the given sections.
std::string with_tenant(const std::string& sections) {
    return sections + R"(
tenants:
  - id: shop7
    skills: [presales]
    sla_policies:
      - name: basic
    tiers:
      - name: normal
        priority: 1
        sla: basic
    queues:
      - name: presales
        skills: [presales]
)";
}

TEST(ServerConfig, LoopbackDefaultsWhenAbsent) {
    auto snapshot = parse(with_tenant(""));
    ASSERT_TRUE(snapshot.ok()) << snapshot.error().message;
    EXPECT_EQ(snapshot->server.listen.host, "127.0.0.1");
    EXPECT_EQ(snapshot->server.listen.port, 7400);
    EXPECT_EQ(snapshot->server.admin.port, 7401);
    EXPECT_TRUE(snapshot->gateways.empty());
}

TEST(ServerConfig, ReadsListenersBoundsAndGateways) {
    auto snapshot = parse(with_tenant(R"(
server:
  listen: 0.0.0.0:9000
  admin_listen: localhost:0
  max_frame_bytes: 4096
  max_connections: 8
  max_buffered_bytes: 65536
  hello_timeout_ms: 250
gateways:
  - id: webchat
    token: s3cret-token-for-webchat
    tenants: [shop7])"));
    ASSERT_TRUE(snapshot.ok()) << snapshot.error().message;
    EXPECT_EQ(snapshot->server.listen.host, "0.0.0.0");
    EXPECT_EQ(snapshot->server.listen.port, 9000);
    EXPECT_EQ(snapshot->server.admin.host, "localhost");
    EXPECT_EQ(snapshot->server.admin.port, 0);
    EXPECT_EQ(snapshot->server.max_frame_bytes, 4096u);
    EXPECT_EQ(snapshot->server.max_connections, 8u);
    EXPECT_EQ(snapshot->server.max_buffered_bytes, 65536u);
    EXPECT_EQ(snapshot->server.hello_timeout_ms, 250);
    ASSERT_EQ(snapshot->gateways.size(), 1u);
    EXPECT_EQ(snapshot->gateways[0].id, "webchat");
    EXPECT_EQ(snapshot->gateways[0].token, "s3cret-token-for-webchat");
    EXPECT_EQ(snapshot->gateways[0].tenants, std::vector<std::string>{"shop7"});
}

TEST(ServerConfig, RejectsListenWithoutAValidPort) {
    EXPECT_EQ(error_of(with_tenant("server:\n  listen: 127.0.0.1:70000")),
              "t.yaml:2:11: server.listen: expected HOST:PORT with an IPv4 address or localhost "
              "and a port 0..65535, got '127.0.0.1:70000'");
}

TEST(ServerConfig, RejectsListenOnAHostName) {
    EXPECT_THAT(error_of(with_tenant("server:\n  admin_listen: example.com:80")),
                HasSubstr("server.admin_listen: expected HOST:PORT"));
    EXPECT_THAT(error_of(with_tenant("server:\n  admin_listen: 10.0.0:80")),
                HasSubstr("server.admin_listen: expected HOST:PORT"));
}

TEST(ServerConfig, RejectsGatewayForUnknownTenant) {
    EXPECT_THAT(error_of(with_tenant(R"(
gateways:
  - id: webchat
    token: s3cret-token-for-webchat
    tenants: [shop8])")),
                HasSubstr("t.yaml:4:15: gateways[0].tenants[0]: unknown tenant id 'shop8'"));
}

TEST(ServerConfig, RejectsShortToken) {
    EXPECT_THAT(error_of(with_tenant(R"(
gateways:
  - id: webchat
    token: short
    tenants: [shop7])")),
                HasSubstr("gateways[0].token: expected a token of 16..256 printable ASCII "
                          "characters without spaces, got 5 bytes"));
}

TEST(ServerConfig, RejectsRepeatedTokenWithoutPrintingIt) {
    const std::string message = error_of(with_tenant(R"(
gateways:
  - id: webchat
    token: s3cret-token-for-webchat
    tenants: [shop7]
  - id: app
    token: s3cret-token-for-webchat
    tenants: [shop7])"));
    EXPECT_THAT(message, HasSubstr("gateways[1].token: the same token as the gateway at line 3"));
    EXPECT_THAT(message, Not(HasSubstr("s3cret")));
}

TEST(ServerConfig, RejectsRepeatedGatewayId) {
    EXPECT_THAT(error_of(with_tenant(R"(
gateways:
  - id: webchat
    token: s3cret-token-for-webchat
    tenants: [shop7]
  - id: webchat
    token: another-token-for-webchat
    tenants: [shop7])")),
                HasSubstr("gateways[1].id"));
}

}  // namespace
}  // namespace switchboard::config::test
