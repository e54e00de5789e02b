#include "tests/core/property_events.hpp"

#include <cstdlib>
#include <sstream>
#include <type_traits>

namespace switchboard::testing {
namespace {

constexpr int kAgentNames = 6;          // one more than the property configs' max_agents
constexpr int kConversationNames = 12;  // a little above their max_conversations
constexpr int kCustomerNames = 5;

std::optional<std::uint64_t> env_number(const char* name) {
    const char* text = std::getenv(name);
    if (text == nullptr || *text == '\0') return std::nullopt;
    return std::strtoull(text, nullptr, 10);
}

std::string list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
    return out + "]";
}

}  // namespace

std::vector<std::uint64_t> property_seeds(std::initializer_list<std::uint64_t> defaults) {
    if (const auto seed = env_number("SB_PROPERTY_SEED")) return {*seed};
    return defaults;
}

std::uint32_t property_steps(std::uint32_t default_steps) {
    const auto steps = env_number("SB_PROPERTY_STEPS");
    return steps ? static_cast<std::uint32_t>(*steps) : default_steps;
}

bool property_trace() { return env_number("SB_PROPERTY_TRACE").value_or(0) != 0; }

EventGenerator::EventGenerator(const model::TenantSpec& spec, std::uint64_t seed)
    : spec_(spec), rng_(seed) {}

std::int64_t EventGenerator::advance_ms(const TimeSteps& steps) {
    if (steps.jump_per_mille > 0 && static_cast<int>(rng_() % 1000) < steps.jump_per_mille) {
        return static_cast<std::int64_t>(3'600'000 + rng_() % (5 * 3'600'000));
    }
    if (chance(steps.zero_percent)) return 0;
    return static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(steps.max_ms + 1));
}

std::string EventGenerator::tenant() { return chance(2) ? "elsewhere" : spec_.id; }

std::string EventGenerator::agent() { return "a" + std::to_string(below(kAgentNames)); }

std::string EventGenerator::conversation() {
    return "c" + std::to_string(below(kConversationNames));
}

std::string EventGenerator::conversation_among(
    const std::function<std::vector<std::string>()>& hinted, int pct) {
    if (hinted && chance(pct)) {
        const std::vector<std::string> names = hinted();
        if (!names.empty()) return names[below(names.size())];
    }
    return conversation();
}

std::string EventGenerator::holder_or_agent(const std::string& conversation, int pct) {
    if (hints_.holder && chance(pct)) {
        std::string holder = hints_.holder(conversation);
        if (!holder.empty()) return holder;
    }
    return agent();
}

std::vector<std::string> EventGenerator::skills_for_message() {
    const int roll = percent();
    if (roll < 15) return {};  // the default queue
    std::vector<std::string> names;
    if (roll < 85) {  // exactly one queue's skills
        spec_.queues[below(spec_.queues.size())].skills.for_each(
            [&](int s) { names.push_back(spec_.skills[static_cast<std::size_t>(s)]); });
        return names;
    }
    if (roll < 95) {  // any combination: often no queue serves it
        for (const std::string& s : spec_.skills) {
            if (chance(35)) names.push_back(s);
        }
        if (names.empty()) names.push_back(spec_.skills.front());
        return names;
    }
    return {"bogus"};
}

std::optional<std::uint32_t> EventGenerator::capacity() {
    const int roll = percent();
    if (roll < 4) return 0;
    if (roll < 7) return spec_.max_capacity + 1;
    if (roll < 25) return std::nullopt;  // the tenant's default
    return static_cast<std::uint32_t>(1 + below(spec_.max_capacity));
}

core::Event EventGenerator::login() {
    core::AgentLogin e{tenant(), agent(), {}, {}, capacity()};
    const std::size_t n = 1 + below(3);
    for (std::size_t i = 0; i < n; ++i) {
        std::string skill = chance(3) ? "bogus" : spec_.skills[below(spec_.skills.size())];
        auto level = static_cast<model::Proficiency>(1 + below(10));
        if (chance(3)) level = chance(50) ? 0 : 11;
        e.skills.push_back(core::SkillGrant{std::move(skill), level});
    }
    for (const std::string& g : spec_.groups) {
        if (chance(30)) e.groups.push_back(g);
    }
    if (chance(3)) e.groups.push_back("nogroup");
    return e;
}

core::Event EventGenerator::status() {
    return core::AgentStatusChange{tenant(), agent(),
                                   chance(50) ? core::Presence::kAway : core::Presence::kAvailable};
}

core::Event EventGenerator::message() {
    std::string tier;
    const int roll = percent();
    if (roll < 75) {
        tier = spec_.tiers[below(spec_.tiers.size())].name;
    } else if (roll < 97) {
        tier = "";  // the default tier
    } else {
        tier = "gold";
    }
    std::string customer = chance(10) ? "" : "u" + std::to_string(below(kCustomerNames));
    return core::CustomerMessage{tenant(), conversation(), std::move(customer), std::move(tier),
                                 skills_for_message()};
}

core::Event EventGenerator::reply() {
    std::string conv = conversation_among(hints_.assigned, 60);
    std::string who = holder_or_agent(conv, 75);
    // Three texts only, so that a reply often repeats the previous one word for word.
    return core::AgentReply{tenant(), std::move(who), std::move(conv), chance(20), 1 + rng_() % 3};
}

core::Event EventGenerator::accept() {
    std::string conv = conversation_among(hints_.offered, 80);
    std::string who = holder_or_agent(conv, 70);
    return core::AcceptOffer{tenant(), std::move(who), std::move(conv)};
}

core::Event EventGenerator::transfer() {
    core::Transfer e{tenant(), conversation(), "", {}, ""};
    if (chance(50)) e.agent = holder_or_agent(e.conversation, 80);
    const int roll = percent();
    if (roll < 50 || roll >= 95) {
        spec_.queues[below(spec_.queues.size())].skills.for_each(
            [&](int s) { e.to_skills.push_back(spec_.skills[static_cast<std::size_t>(s)]); });
        if (chance(5)) e.to_skills = {"bogus"};
    }
    if (roll >= 50) e.to_agent = agent();  // both targets when roll >= 95
    if (roll >= 97) {                      // no target at all
        e.to_skills.clear();
        e.to_agent.clear();
    }
    return e;
}

core::Event EventGenerator::next() {
    // Offers expire within seconds: accept one now and then while some are open.
    if (hints_.offered && chance(35) && !hints_.offered().empty()) return accept();
    const int roll = percent();
    if (roll < 10) return login();
    if (roll < 15) return core::AgentLogout{tenant(), agent()};
    if (roll < 23) return status();
    if (roll < 28) {
        const auto cap = capacity();
        return core::AgentCapacityChange{tenant(), agent(), cap.value_or(spec_.default_capacity)};
    }
    if (roll < 58) return message();
    if (roll < 72) return reply();
    if (roll < 75) return accept();
    if (roll < 83) return transfer();
    if (roll < 95) return core::CloseConversation{tenant(), conversation()};
    return core::Tick{};
}

std::string describe_event(const core::Event& event) {
    std::ostringstream out;
    std::visit(
        [&](const auto& e) {
            using E = std::decay_t<decltype(e)>;
            out << core::event_name(event);
            if constexpr (!std::is_same_v<E, core::Tick>) out << " @" << e.tenant;
            if constexpr (std::is_same_v<E, core::AgentLogin>) {
                out << " " << e.agent << " [";
                for (const auto& g : e.skills) out << g.skill << ":" << int{g.level} << " ";
                out << "] groups" << list(e.groups) << " cap "
                    << (e.capacity ? std::to_string(*e.capacity) : "default");
            } else if constexpr (std::is_same_v<E, core::AgentLogout>) {
                out << " " << e.agent;
            } else if constexpr (std::is_same_v<E, core::AgentStatusChange>) {
                out << " " << e.agent
                    << (e.presence == core::Presence::kAway ? " away" : " available");
            } else if constexpr (std::is_same_v<E, core::AgentCapacityChange>) {
                out << " " << e.agent << " " << e.capacity;
            } else if constexpr (std::is_same_v<E, core::CustomerMessage>) {
                out << " " << e.conversation << " customer '" << e.customer << "' tier '" << e.tier
                    << "' skills" << list(e.skills);
            } else if constexpr (std::is_same_v<E, core::AgentReply>) {
                out << " " << e.agent << " on " << e.conversation << " text " << e.text_hash
                    << (e.quick_phrase ? " quick" : "");
            } else if constexpr (std::is_same_v<E, core::AcceptOffer>) {
                out << " " << e.agent << " on " << e.conversation;
            } else if constexpr (std::is_same_v<E, core::Transfer>) {
                out << " " << e.conversation << " from '" << e.agent << "' to skills"
                    << list(e.to_skills) << " to agent '" << e.to_agent << "'";
            } else if constexpr (std::is_same_v<E, core::CloseConversation>) {
                out << " " << e.conversation;
            }
        },
        event);
    return out.str();
}

}  // namespace switchboard::testing
