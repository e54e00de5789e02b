#include "tools/demo_script.hpp"

#include <algorithm>
#include <cstdio>
#include <type_traits>

#include "engine/core/describe.hpp"

namespace switchboard::tools {
namespace {

constexpr std::int64_t kTickMs = 500;

std::string clock_text(std::int64_t ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%03lld",
                  static_cast<long long>(ms / 3'600'000), static_cast<long long>(ms / 60'000 % 60),
                  static_cast<long long>(ms / 1000 % 60), static_cast<long long>(ms % 1000));
    return buf;
}

std::string kind_of(const core::Action& action) {
    static constexpr const char* kKinds[] = {"assigned",  "offered",   "queued",   "unassigned",
                                             "closed",    "rejected",  "warned",   "escalated",
                                             "autoreply", "auto_away", "restored", "overflowed"};
    return kKinds[action.index()];
}

}  // namespace

DemoScript::DemoScript(core::Shard& shard, const model::TenantSpec& tenant, std::uint64_t seed,
                       bool verbose)
    : shard_(shard), tenant_(tenant), rng_(seed), verbose_(verbose) {}

std::int64_t DemoScript::uniform_ms(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
}

void DemoScript::later(std::int64_t delay_ms, std::function<void()> run) {
    pending_.push(Pending{now_ms_ + delay_ms, seq_++, std::move(run)});
}

void DemoScript::apply(const core::Event& event) {
    shard_.apply(event, base::time_from_ms(now_ms_), *this);
}

void DemoScript::log_in_agents() {
    // Two agents per queue (front line, then senior), plus a VIP desk of two agents with every
    // skill. Group names are used only when the config defines them.
    const auto group = [&](const char* name) {
        return tenant_.find_group(name) ? std::vector<std::string>{name}
                                        : std::vector<std::string>{};
    };
    for (const model::QueueSpec& queue : tenant_.queues) {
        for (int k = 1; k <= 2; ++k) {
            core::AgentLogin login{tenant_.id, queue.name + "-" + std::to_string(k), {}, {}, {}};
            queue.skills.for_each([&](int s) {
                login.skills.push_back(
                    {tenant_.skills[s], static_cast<model::Proficiency>(4 + 3 * k)});
            });
            login.groups = group(k == 1 ? "general" : "senior");
            agents_.push_back(login.agent);
            apply(login);
        }
    }
    for (int k = 1; k <= 2; ++k) {
        core::AgentLogin login{
            tenant_.id, "vip-desk-" + std::to_string(k), {}, group("vip_team"), {}};
        for (const std::string& skill : tenant_.skills) login.skills.push_back({skill, 8});
        agents_.push_back(login.agent);
        apply(login);
    }
    totals_.agents = static_cast<std::uint32_t>(agents_.size());
    // One agent never answers: the reply deadlines find them out.
    if (agents_.size() > 3) silent_agents_.insert(agents_[3]);
}

void DemoScript::schedule_arrivals(std::uint32_t count) {
    std::exponential_distribution<double> gap(1.0 / 4000.0);  // a new chat every ~4 s
    std::int64_t at = 1000;
    for (std::uint32_t i = 0; i < count; ++i) {
        at += static_cast<std::int64_t>(gap(rng_));
        const model::TierSpec& tier = tenant_.tiers[rng_() % tenant_.tiers.size()];
        const model::QueueSpec& queue = tenant_.queues[rng_() % tenant_.queues.size()];
        core::CustomerMessage msg{tenant_.id,
                                  "chat-" + std::to_string(1000 + i),
                                  "cust-" + std::to_string(rng_() % (count / 2 + 1)),
                                  tier.name,
                                  {}};
        queue.skills.for_each([&](int s) { msg.skills.push_back(tenant_.skills[s]); });
        conversations_[msg.conversation] =
            ConversationScript{tier.name, at, false, static_cast<int>(rng_() % 3)};
        pending_.push(Pending{at, seq_++, [this, msg] { apply(msg); }});
    }
    // Mid-run, a front-line agent logs out for two minutes: their chats go back to the queue head.
    const std::string leaver = agents_.empty() ? "" : agents_[0];
    pending_.push(Pending{at / 2, seq_++, [this, leaver] {
                              apply(core::AgentLogout{tenant_.id, leaver});
                          }});
    pending_.push(Pending{at / 2 + 120'000, seq_++, [this, leaver] {
                              core::AgentLogin login{tenant_.id, leaver, {}, {}, {}};
                              tenant_.queues[0].skills.for_each([&](int s) {
                                  login.skills.push_back({tenant_.skills[s], 7});
                              });
                              apply(login);
                          }});
}

void DemoScript::run() {
    // After the last scheduled event, ten more minutes let deadlines and idle closes play out;
    // anything scheduled meanwhile still runs.
    std::int64_t last = now_ms_;
    for (auto copy = pending_; !copy.empty(); copy.pop()) last = std::max(last, copy.top().at_ms);
    pending_.push(Pending{last + 600'000, seq_++, [] {}});
    while (!pending_.empty()) {
        // A tick's actions may schedule work earlier than what was next: look again each time.
        while (now_ms_ + kTickMs < pending_.top().at_ms) {
            now_ms_ += kTickMs;
            apply(core::Tick{});
        }
        Pending p = pending_.top();
        pending_.pop();
        now_ms_ = p.at_ms;
        p.run();
    }
    totals_.ended_at_ms = now_ms_;
}

std::string DemoScript::explain_line(const core::Action& action) const {
    std::string line = core::describe(shard_, action);
    if (const auto* r = std::get_if<core::Rejected>(&action)) return line + ": " + r->detail;
    core::ConversationId id;
    if (const auto* a = std::get_if<core::Assigned>(&action)) id = a->conversation;
    if (const auto* q = std::get_if<core::Queued>(&action)) id = q->conversation;
    const model::Conversation* conv = shard_.conversation(id);
    if (conv == nullptr) return line;
    line += "  [" + tenant_.tiers[conv->tier].name + ", " + tenant_.queues[conv->queue].name;
    if (std::holds_alternative<core::Assigned>(action)) {
        line += conv->trace.sticky_hit ? ", sticky"
                                       : ", " + std::string(to_string(conv->trace.strategy));
        line += ", step " + std::to_string(conv->trace.ladder_step) + ", " +
                std::to_string(conv->trace.ready_in_pool) + " ready";
    }
    return line + "]";
}

void DemoScript::print_why(core::ConversationId id) const {
    // The decision trace: how every agent of the shop stands towards this conversation now.
    const std::optional<core::Explanation> why = shard_.explain(id, 64);
    if (!why) return;
    std::string line = "               why:";
    for (const core::CandidateVerdict& c : why->candidates) {
        if (c.verdict == core::Verdict::kLacksSkill) continue;  // most of the shop; not news
        line += " " + std::string(shard_.agent_name(c.agent)) + "=" +
                std::string(core::to_string(c.verdict));
    }
    std::printf("%s\n", line.c_str());
}

bool DemoScript::holds(const std::string& conversation, const std::string& agent) const {
    const auto c = shard_.find_conversation(tenant_.id, conversation);
    if (!c) return false;
    const model::Conversation* conv = shard_.conversation(*c);
    return conv->state == model::ConversationState::kAssigned &&
           shard_.agent_name(conv->agent) == agent;
}

void DemoScript::on_assigned(const std::string& conversation, const std::string& agent) {
    if (silent_agents_.count(agent) != 0) return;
    later(uniform_ms(2'000, 12'000),
          [this, conversation, agent] { agent_answers(conversation, agent); });
}

void DemoScript::agent_answers(const std::string& conversation, const std::string& agent) {
    if (!holds(conversation, agent)) return;  // moved on meanwhile
    ConversationScript& script = conversations_[conversation];
    apply(core::AgentReply{tenant_.id, agent, conversation, false, rng_()});
    if (!script.answered) {
        script.answered = true;
        totals_.first_reply_ms[script.tier].push_back(now_ms_ - script.opened_ms);
    }
    if (script.follow_ups_left-- > 0) {
        later(uniform_ms(5'000, 20'000), [this, conversation, agent] {
            if (!shard_.find_conversation(tenant_.id, conversation)) return;  // closed meanwhile
            apply(core::CustomerMessage{tenant_.id, conversation, "", "", {}});
            on_assigned(conversation, agent);
        });
        return;
    }
    later(10'000, [this, conversation] {
        if (shard_.find_conversation(tenant_.id, conversation)) {
            apply(core::CloseConversation{tenant_.id, conversation});
        }
    });
}

void DemoScript::on_action(const core::Action& action) {
    ++totals_.actions[kind_of(action)];
    if (verbose_) {
        std::printf("[%s] %s\n", clock_text(base::to_ms(shard_.action_time())).c_str(),
                    explain_line(action).c_str());
    }
    if (const auto* a = std::get_if<core::Assigned>(&action)) {
        if (verbose_ && a->reason == core::AssignReason::kMissedReply) print_why(a->conversation);
        on_assigned(std::string(shard_.conversation_name(a->conversation)),
                    std::string(shard_.agent_name(a->agent)));
    } else if (const auto* o = std::get_if<core::Offered>(&action)) {
        const std::string conversation(shard_.conversation_name(o->conversation));
        const std::string agent(shard_.agent_name(o->agent));
        if (silent_agents_.count(agent) == 0) {
            later(2'000, [this, conversation, agent] {
                const auto c = shard_.find_conversation(tenant_.id, conversation);
                const model::Conversation* conv = c ? shard_.conversation(*c) : nullptr;
                if (conv != nullptr && conv->state == model::ConversationState::kOffered &&
                    shard_.agent_name(conv->agent) == agent) {
                    apply(core::AcceptOffer{tenant_.id, agent, conversation});
                }
            });
        }
    }
}

}  // namespace switchboard::tools
