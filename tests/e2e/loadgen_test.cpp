// `switchboard loadgen` as an operator runs it: the real binary against the real
// `switchboard serve` (ephemeral ports), for a small bounded count, checked by its exit code, its
// verdict line and its --json file; silent agents on short reply deadlines; a non-loopback host.
// No timing assertions: only counts and verdicts.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/e2e/serve_process.hpp"

namespace switchboard::e2e {
namespace {

struct CliRun {
    int exit_code = -1;
    std::string output;  // stdout and stderr
};

CliRun run_cli(const std::string& args) {
    CliRun run;
    const std::string command = std::string(SB_SWITCHBOARD_BINARY) + " " + args + " 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return run;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
        run.output.append(buffer, n);
    }
    const int status = ::pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return run;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Both listeners of `yaml` on port 0.
std::string with_ephemeral_ports(std::string yaml) {
    for (const std::string key : {"listen: 127.0.0.1:", "admin_listen: 127.0.0.1:"}) {
        for (auto at = yaml.find(key); at != std::string::npos; at = yaml.find(key, at + 1)) {
            auto end = at + key.size();
            while (end < yaml.size() && yaml[end] >= '0' && yaml[end] <= '9') ++end;
            yaml.replace(at + key.size(), end - at - key.size(), "0");
        }
    }
    return yaml;
}

// Reply deadlines of 300 ms: a silent agent's conversations move on quickly.
constexpr const char* kShortDeadlines = R"(
engine: {log_level: warn}
server: {listen: 127.0.0.1:0, admin_listen: 127.0.0.1:0}
gateways:
  - {id: lg, token: loadgen-test-token-01, tenants: [shop]}
tenants:
  - id: shop
    skills: [s]
    agents: {default_capacity: 5, max_capacity: 10}
    sla_policies:
      - {name: fast, first_reply_ms: 300, next_reply_ms: 300, reassign_on_miss: true,
         max_reassignments: 3}
    tiers: [{name: normal, priority: 1, sla: fast}]
    queues: [{name: q, skills: [s]}]
)";

class LoadgenTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("sb-loadgen-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string write_config(const std::string& yaml) {
        const auto path = (dir_ / "switchboard.yaml").string();
        std::ofstream(path, std::ios::trunc) << yaml;
        return path;
    }

    std::filesystem::path dir_;
};

TEST_F(LoadgenTest, DrivesTheDefaultConfigAndEverythingAddsUp) {
    const std::string config =
        write_config(with_ephemeral_ports(read_file(SB_SOURCE_DIR "/config/default.yaml")));
    ServeProcess serve(SB_SWITCHBOARD_BINARY, config);
    ASSERT_TRUE(serve.running()) << serve.output();
    const std::string json = (dir_ / "result.json").string();

    const CliRun run =
        run_cli("loadgen --config " + config + " --port " + std::to_string(serve.gateway_port()) +
                " --connections 2 --conversations 2000 --reply-delay-ms 0-2"
                " --no-progress --json " +
                json);

    EXPECT_EQ(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find("verdict: PASS: 2000 conversations, 0 lost, 0 duplicated, 0 out of "
                              "sequence"),
              std::string::npos)
        << run.output;
    const std::string result = read_file(json);
    for (const std::string field :
         {"\"verdict\": \"pass\"", "\"opened\": 2000", "\"served\": 2000", "\"closed\": 2000",
          "\"lost\": 0", "\"duplicated\": 0", "\"seq_gaps\": 0", "\"unacked\": 0",
          "\"opened_per_s\": ", "\"routing\": {\"count\": 2000, \"p50\": ", "\"p999\": ",
          "\"relay\": {\"count\": 2000"}) {
        EXPECT_NE(result.find(field), std::string::npos) << field << "\n" << result;
    }
    serve.signal(SIGTERM);
    EXPECT_EQ(serve.wait(std::chrono::seconds(20)), 0) << serve.output();
}

TEST_F(LoadgenTest, SilentAgentsConversationsAreReassignedNotFlagged) {
    const std::string config = write_config(kShortDeadlines);
    ServeProcess serve(SB_SWITCHBOARD_BINARY, config);
    ASSERT_TRUE(serve.running()) << serve.output();
    const std::string json = (dir_ / "result.json").string();

    const CliRun run =
        run_cli("loadgen --config " + config + " --port " + std::to_string(serve.gateway_port()) +
                " --connections 2 --agents 5 --conversations 300 --rate 300"
                " --silent-share 0.2 --reply-delay-ms 0-5 --no-progress --json " +
                json);

    EXPECT_EQ(run.exit_code, 0) << run.output;
    EXPECT_NE(run.output.find("verdict: PASS: 300 conversations, 0 lost"), std::string::npos)
        << run.output;
    const std::string result = read_file(json);
    EXPECT_NE(result.find("\"silent_agents\": 2"), std::string::npos) << result;
    // Two silent agents of ten took work, missed every deadline and had it moved on.
    EXPECT_EQ(result.find("\"missed_reply\": 0"), std::string::npos) << result;
    serve.signal(SIGTERM);
    EXPECT_EQ(serve.wait(std::chrono::seconds(20)), 0) << serve.output();
}

TEST_F(LoadgenTest, RefusesANonLoopbackHost) {
    const CliRun run = run_cli(
        "loadgen --host 192.0.2.10 --port 7400 --gateway g --token t "
        "--tenant shop --skills s");
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_NE(run.output.find("--host 192.0.2.10: refused, loadgen only talks to this machine"),
              std::string::npos)
        << run.output;
}

TEST_F(LoadgenTest, NeedsTheGatewayIdentityWithoutAConfig) {
    const CliRun run = run_cli("loadgen --port 7400");
    EXPECT_EQ(run.exit_code, 2) << run.output;
    EXPECT_NE(run.output.find("without --config, loadgen needs --gateway --token --tenant"),
              std::string::npos)
        << run.output;
}

TEST_F(LoadgenTest, NoServerListeningFailsWithTheReason) {
    const CliRun run =
        run_cli("loadgen --port 1 --gateway g --token t --tenant shop --skills s --no-progress");
    EXPECT_EQ(run.exit_code, 1) << run.output;
    EXPECT_NE(run.output.find("Connection refused"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("verdict: FAIL"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace switchboard::e2e
