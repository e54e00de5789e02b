#include "tests/core/scenario.hpp"

#include <cstdio>
#include <cstdlib>

#include "engine/config/parse_config.hpp"
#include "engine/core/describe.hpp"

namespace switchboard::testing {
namespace {

constexpr std::string_view kDefaultPolicies = R"(
    sla_policies:
      - name: relaxed
        first_reply_ms: 0
        next_reply_ms: 0
)";

constexpr std::string_view kDefaultTiers = R"(
    tiers:
      - name: vip
        priority: 100
        sla: relaxed
      - name: member
        priority: 50
        sla: relaxed
      - name: normal
        priority: 10
        sla: relaxed
)";

constexpr std::string_view kDefaultQueues = R"(
    queues:
      - name: presales
        skills: [presales]
        strategy: least_loaded
      - name: returns
        skills: [returns]
        strategy: least_loaded
      - name: complaints
        skills: [complaints]
        strategy: least_loaded
)";

}  // namespace

std::string shop_yaml(std::string_view policies_yaml, std::string_view tiers_yaml,
                      std::string_view queues_yaml, std::string_view extra_yaml) {
    std::string yaml = R"(
tenants:
  - id: shop
    skills: [presales, returns, complaints]
    groups: [vip_team, senior]
    agents:
      default_capacity: 2
      max_capacity: 20
)";
    yaml += policies_yaml.empty() ? kDefaultPolicies : policies_yaml;
    yaml += tiers_yaml.empty() ? kDefaultTiers : tiers_yaml;
    yaml += queues_yaml.empty() ? kDefaultQueues : queues_yaml;
    yaml += extra_yaml;
    return yaml;
}

void Recorder::on_action(const core::Action& action) {
    lines_.push_back(core::describe(shard_, action));
    raw_.push_back(action);
}

std::vector<std::string> Recorder::take() {
    std::vector<std::string> out;
    out.swap(lines_);
    raw_.clear();
    return out;
}

Scenario::Scenario(std::string_view yaml, std::int64_t start_ms) : now_ms_(start_ms) {
    base::Result<config::Snapshot> parsed = config::parse_config(yaml, "scenario.yaml");
    if (!parsed.ok()) {
        std::fprintf(stderr, "scenario config invalid:\n%s\n", parsed.error().message.c_str());
        std::abort();
    }
    auto snapshot = std::make_shared<const config::Snapshot>(std::move(parsed).value());
    shard_ = std::make_unique<core::Shard>(std::move(snapshot), base::time_from_ms(start_ms));
}

std::vector<std::string> Scenario::at(std::int64_t at_ms, const core::Event& event) {
    now_ms_ = at_ms;
    Recorder recorder(*shard_);
    shard_->apply(event, base::time_from_ms(at_ms), recorder);
    return recorder.take();
}

std::vector<std::string> Scenario::login(const std::string& agent, std::vector<std::string> skills,
                                         std::uint32_t capacity, std::vector<std::string> groups) {
    core::AgentLogin e{"shop", agent, {}, std::move(groups), capacity};
    for (std::string& s : skills) e.skills.push_back(core::SkillGrant{std::move(s), 5});
    return send(e);
}

std::vector<std::string> Scenario::logout(const std::string& agent) {
    return send(core::AgentLogout{"shop", agent});
}

std::vector<std::string> Scenario::away(const std::string& agent) {
    return send(core::AgentStatusChange{"shop", agent, core::Presence::kAway});
}

std::vector<std::string> Scenario::available(const std::string& agent) {
    return send(core::AgentStatusChange{"shop", agent, core::Presence::kAvailable});
}

std::vector<std::string> Scenario::message(const std::string& conversation, const std::string& tier,
                                           std::vector<std::string> skills,
                                           const std::string& customer) {
    return send(core::CustomerMessage{"shop", conversation,
                                      customer.empty() ? "cust-" + conversation : customer, tier,
                                      std::move(skills)});
}

std::vector<std::string> Scenario::reply(const std::string& agent, const std::string& conversation,
                                         std::uint64_t text_hash, bool quick_phrase) {
    return send(core::AgentReply{"shop", agent, conversation, quick_phrase, text_hash});
}

std::vector<std::string> Scenario::close(const std::string& conversation) {
    return send(core::CloseConversation{"shop", conversation});
}

}  // namespace switchboard::testing
