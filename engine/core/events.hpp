// Events into the shard (DESIGN.md §1). They carry the gateway's string ids; the shard interns
// them into handles at its entry and works on handles from there on. Texts never enter the core:
// the gateway (or the net layer) passes a hash of a reply's text for the canned-reply guard.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/model/skill_set.hpp"

namespace switchboard::core {

struct SkillGrant {
    std::string skill;
    model::Proficiency level = model::kMinProficiency;
};

struct AgentLogin {
    std::string tenant;
    std::string agent;
    std::vector<SkillGrant> skills;
    std::vector<std::string> groups;
    std::optional<std::uint32_t> capacity;  // tenant default when absent
};

struct AgentLogout {
    std::string tenant;
    std::string agent;
};

enum class Presence : unsigned char { kAvailable, kAway };

struct AgentStatusChange {
    std::string tenant;
    std::string agent;
    Presence presence = Presence::kAvailable;
};

struct AgentCapacityChange {
    std::string tenant;
    std::string agent;
    std::uint32_t capacity = 0;
};

// Opens the conversation when its id is new; otherwise a follow-up message (tier and skills are
// then ignored). Empty tier / skills mean the tenant's default tier / queue.
struct CustomerMessage {
    std::string tenant;
    std::string conversation;
    std::string customer;
    std::string tier;
    std::vector<std::string> skills;
};

struct AgentReply {
    std::string tenant;
    std::string agent;
    std::string conversation;
    bool quick_phrase = false;    // the gateway marks replies sent from a phrase library
    std::uint64_t text_hash = 0;  // hash of the reply text (byte-identical replies hash equal)
};

struct AcceptOffer {
    std::string tenant;
    std::string agent;
    std::string conversation;
};

// Moves a conversation to another skill class (to_skills) or to a named agent (to_agent);
// exactly one of the two is set. `agent` is the agent handing it over, or empty for a supervisor.
struct Transfer {
    std::string tenant;
    std::string conversation;
    std::string agent;
    std::vector<std::string> to_skills;
    std::string to_agent;
};

struct CloseConversation {
    std::string tenant;
    std::string conversation;
};

// Advances time only (fires due timers).
struct Tick {};

using Event =
    std::variant<AgentLogin, AgentLogout, AgentStatusChange, AgentCapacityChange, CustomerMessage,
                 AgentReply, AcceptOffer, Transfer, CloseConversation, Tick>;

// "agent_login", "customer_message", ... for traces and rejections.
std::string_view event_name(const Event& event) noexcept;

}  // namespace switchboard::core
