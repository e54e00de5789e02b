#include "tests/core/scenario.hpp"

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <type_traits>

#include "engine/config/parse_config.hpp"

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

std::string when(base::Time t) { return std::to_string(base::to_ms(t)); }

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

std::string describe(const core::Shard& shard, const core::Action& action) {
    std::ostringstream out;
    const auto conv = [&](core::ConversationId c) { return std::string(shard.conversation_name(c)); };
    const auto agent = [&](core::AgentId a) { return std::string(shard.agent_name(a)); };
    std::visit(
        [&](const auto& a) {
            using A = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<A, core::Assigned>) {
                out << "assign " << conv(a.conversation) << " -> " << agent(a.agent) << " ("
                    << to_string(a.reason) << ")";
            } else if constexpr (std::is_same_v<A, core::Offered>) {
                out << "offer " << conv(a.conversation) << " -> " << agent(a.agent) << " until "
                    << when(a.expires_at);
            } else if constexpr (std::is_same_v<A, core::Queued>) {
                out << "queue " << conv(a.conversation) << " #" << a.position;
            } else if constexpr (std::is_same_v<A, core::Unassigned>) {
                out << "unassign " << conv(a.conversation) << " from " << agent(a.agent) << " ("
                    << to_string(a.reason) << ")";
            } else if constexpr (std::is_same_v<A, core::Closed>) {
                out << "close " << conv(a.conversation) << " (" << to_string(a.reason) << ")";
            } else if constexpr (std::is_same_v<A, core::Rejected>) {
                out << "reject " << a.event << " " << to_string(a.reason);
            } else if constexpr (std::is_same_v<A, core::ReplyWarning>) {
                out << "warn " << agent(a.agent) << " about " << conv(a.conversation) << " due "
                    << when(a.deadline);
            } else if constexpr (std::is_same_v<A, core::SupervisorEscalation>) {
                out << "escalate " << conv(a.conversation) << " after " << a.missed_hops
                    << " hops";
            } else if constexpr (std::is_same_v<A, core::AutoReply>) {
                out << "autoreply " << conv(a.conversation) << " " << a.template_id;
                if (a.position > 0) out << " #" << a.position << " ~" << a.estimated_wait.count();
            } else if constexpr (std::is_same_v<A, core::AgentAutoAway>) {
                out << "auto_away " << agent(a.agent) << " after " << a.recent_misses << " misses";
            } else if constexpr (std::is_same_v<A, core::AgentRestored>) {
                out << "restore " << agent(a.agent);
            } else if constexpr (std::is_same_v<A, core::Overflowed>) {
                out << "overflow " << conv(a.conversation) << " "
                    << (a.action == model::OverflowAction::kBot ? "bot" : "leave_message");
            }
        },
        action);
    return out.str();
}

void Recorder::on_action(const core::Action& action) {
    lines_.push_back(describe(shard_, action));
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
                                         std::uint32_t capacity,
                                         std::vector<std::string> groups) {
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

std::vector<std::string> Scenario::message(const std::string& conversation,
                                           const std::string& tier,
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
