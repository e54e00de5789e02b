// engine.io_cpus on the gateway server: the I/O thread pins itself when it starts serving, and a
// CPU this process may not use fails Server::create with the key's name.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "engine/runtime/cpu_affinity.hpp"

#include "tests/net/server_harness.hpp"
#include "tests/runtime/thread_cpus.hpp"

namespace switchboard::net::testing {
namespace {

using ::testing::HasSubstr;

std::string yaml_with_io_cpus(const std::string& list) {
    std::string yaml = server_yaml();
    const std::string at = "idle_spin_us: 20";
    yaml.replace(yaml.find(at), at.size(), at + "\n  io_cpus: " + list);
    return yaml;
}

TEST(ServerPlacement, TheIoThreadRunsOnItsConfiguredCpu) {
    const std::uint32_t cpu = runtime::allowed_cpus().back();
    RunningServer server(yaml_with_io_cpus("[" + std::to_string(cpu) + "]"));
    EXPECT_EQ(switchboard::testing::cpus_of_thread("sb-io"), std::vector<std::uint32_t>{cpu});
    auto client = server.login();
    client->send(Ping{7});
    ASSERT_TRUE(client->flush().ok());
    const auto pong = wait_for<Pong>(*client);
    ASSERT_TRUE(pong.has_value());
    EXPECT_EQ(pong->correlation, 7u);
}

TEST(ServerPlacement, ACpuThisProcessMayNotUseFailsCreateNamingTheKey) {
    const auto snapshot = snapshot_of(yaml_with_io_cpus("[1023]"));
    auto engine = runtime::Engine::start(snapshot);
    ASSERT_TRUE(engine.ok()) << engine.error().message;
    auto server = Server::create(engine.value(), snapshot, "test");
    ASSERT_FALSE(server.ok());
    EXPECT_THAT(server.error().message,
                HasSubstr("engine.io_cpus[0]: CPU 1023 is not one this process may run on"));
}

}  // namespace
}  // namespace switchboard::net::testing
