#include "tools/demo_traffic.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <queue>
#include <random>
#include <set>
#include <sstream>
#include <variant>
#include <vector>

#include "engine/core/actions.hpp"
#include "engine/net/gateway_client.hpp"

namespace switchboard::tools {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr auto kAckEvery = milliseconds(100);
constexpr auto kWindDown = std::chrono::seconds(6);  // after the last arrival: answers, closes

struct Agent {
    std::string name;
    std::vector<std::string> skills;
    std::vector<std::string> groups;
    bool silent = false;
};

struct Conversation {
    std::string tier;
    Clock::time_point opened{};
    std::uint64_t sent_correlation = 0;
    std::string agent;  // current holder
    bool answered = false;
    bool closed = false;
    int follow_ups = 0;
};

// Percentile of an unsorted sample (nearest rank); 0 for an empty one.
double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(rank, v.size() - 1)];
}

class Traffic {
  public:
    Traffic(const config::Snapshot& config, const DemoTrafficOptions& options)
        : config_(config), options_(options), rng_(options.seed) {}

    base::Result<std::string> run();

  private:
    struct Timed {
        Clock::time_point at;
        std::uint64_t seq;
        std::function<void()> run;
        bool operator>(const Timed& o) const { return at != o.at ? at > o.at : seq > o.seq; }
    };

    void later(Clock::duration delay, std::function<void()> run) {
        timed_.push(Timed{Clock::now() + delay, next_seq_++, std::move(run)});
    }
    milliseconds uniform_ms(int lo, int hi) {
        return milliseconds(std::uniform_int_distribution<int>(lo, hi)(rng_));
    }
    void log_in_agents();
    void arrive();
    void handle(net::ServerMessage& message);
    void on_delivery(const net::DeliveryFrame& frame);
    void on_notice(const runtime::Notice& notice);
    void agent_answers(const std::string& conversation, const std::string& agent);
    void send(runtime::Submission submission) {
        submission.correlation = ++correlation_;
        client_->send(submission);
    }
    void ack_all();
    std::string summary() const;

    const config::Snapshot& config_;
    DemoTrafficOptions options_;
    std::mt19937_64 rng_;
    std::unique_ptr<net::GatewayClient> client_;
    const model::TenantSpec* tenant_ = nullptr;
    std::vector<Agent> agents_;
    std::map<std::string, const Agent*> agent_by_name_;
    std::map<std::string, Conversation> conversations_;
    std::map<std::uint64_t, std::string> opened_by_correlation_;
    std::map<std::string, std::uint64_t> to_ack_;  // agent -> highest seq received
    std::priority_queue<Timed, std::vector<Timed>, std::greater<>> timed_;
    std::uint64_t next_seq_ = 0;
    std::uint64_t correlation_ = 0;
    Clock::time_point arrivals_end_{};
    bool arriving_ = true;

    // What the summary reports.
    std::map<std::string, std::uint64_t> deliveries_;
    std::map<std::string, std::uint64_t> notices_;
    std::map<std::string, std::uint64_t> assign_reasons_;
    std::vector<double> assign_latency_us_;                     // message sent -> ASSIGNED received
    std::map<std::string, std::vector<double>> first_reply_s_;  // tier -> time to first answer
    std::uint64_t opened_ = 0;
    std::uint64_t replies_ = 0;
    std::uint64_t errors_ = 0;
    std::string first_error_;
};

void Traffic::log_in_agents() {
    const auto has_group = [&](std::string_view g) { return tenant_->find_group(g).has_value(); };
    std::vector<std::string> lead_groups;
    for (const char* g : {"vip_team", "senior"}) {
        if (has_group(g)) lead_groups.emplace_back(g);
    }
    std::vector<std::string> front_groups;
    if (has_group("general")) front_groups.emplace_back("general");
    for (const auto& queue : tenant_->queues) {
        std::vector<std::string> skills;
        queue.skills.for_each([&](std::size_t i) { skills.push_back(tenant_->skills[i]); });
        agents_.push_back(Agent{queue.name + "_lead", skills, lead_groups, false});
        agents_.push_back(Agent{queue.name + "_agent", skills, front_groups, false});
    }
    // One agent with every skill who never answers: their conversations miss the reply deadline
    // and the SLA ladder moves them on.
    agents_.push_back(Agent{"silent_sam", tenant_->skills, front_groups, true});
    for (const Agent& a : agents_) {
        agent_by_name_[a.name] = &a;
        std::vector<core::SkillGrant> grants;
        for (const auto& s : a.skills) grants.push_back(core::SkillGrant{s, 5});
        send(runtime::Submission{core::AgentLogin{tenant_->id, a.name, grants, a.groups, {}}, "",
                                 0});
    }
}

void Traffic::arrive() {
    if (Clock::now() >= arrivals_end_) {
        arriving_ = false;
        return;
    }
    const std::size_t q =
        std::uniform_int_distribution<std::size_t>(0, tenant_->queues.size() - 1)(rng_);
    // Tiers are sorted highest priority first: fewer customers in the higher tiers.
    std::vector<double> weights;
    for (std::size_t i = 0; i < tenant_->tiers.size(); ++i) weights.push_back(double(i + 1));
    const std::size_t t =
        std::discrete_distribution<std::size_t>(weights.begin(), weights.end())(rng_);
    std::vector<std::string> skills;
    tenant_->queues[q].skills.for_each(
        [&](std::size_t i) { skills.push_back(tenant_->skills[i]); });
    const std::string id = "demo-" + std::to_string(++opened_);
    const std::string customer = "customer-" + std::to_string(opened_ % 40);
    Conversation c;
    c.tier = tenant_->tiers[t].name;
    c.opened = Clock::now();
    send(runtime::Submission{core::CustomerMessage{tenant_->id, id, customer, c.tier, skills},
                             "Hello, I have a question about " + tenant_->queues[q].name, 0});
    c.sent_correlation = correlation_;
    opened_by_correlation_[correlation_] = id;
    conversations_.emplace(id, std::move(c));
    const double mean_gap_ms = 1000.0 / options_.arrivals_per_second;
    const double gap = std::exponential_distribution<double>(1.0 / mean_gap_ms)(rng_);
    later(milliseconds(static_cast<std::int64_t>(gap)), [this] { arrive(); });
}

void Traffic::agent_answers(const std::string& id, const std::string& agent) {
    auto it = conversations_.find(id);
    if (it == conversations_.end() || it->second.closed || it->second.agent != agent) return;
    Conversation& c = it->second;
    send(runtime::Submission{
        core::AgentReply{tenant_->id, agent, id, false, static_cast<std::uint64_t>(rng_())}, "",
        0});
    ++replies_;
    if (!c.answered) {
        c.answered = true;
        first_reply_s_[c.tier].push_back(
            std::chrono::duration<double>(Clock::now() - c.opened).count());
    }
    if (c.follow_ups < 1 && std::bernoulli_distribution(0.5)(rng_)) {
        ++c.follow_ups;
        later(uniform_ms(1500, 4000), [this, id] {
            auto found = conversations_.find(id);
            if (found == conversations_.end() || found->second.closed) return;
            send(runtime::Submission{core::CustomerMessage{tenant_->id, id, "", "", {}},
                                     "Thanks, one more thing...", 0});
        });
    } else {
        later(uniform_ms(1000, 3000), [this, id] {
            auto found = conversations_.find(id);
            if (found == conversations_.end() || found->second.closed) return;
            send(runtime::Submission{core::CloseConversation{tenant_->id, id}, "", 0});
        });
    }
}

void Traffic::on_delivery(const net::DeliveryFrame& frame) {
    const runtime::Delivery& d = frame.delivery;
    ++deliveries_[std::string(runtime::to_string(d.kind))];
    auto& acked = to_ack_[frame.agent];
    acked = std::max(acked, d.seq);
    auto it = conversations_.find(d.conversation);
    if (d.kind == runtime::DeliveryKind::kAssigned && it != conversations_.end()) {
        Conversation& c = it->second;
        c.agent = frame.agent;
        ++assign_reasons_[std::string(core::to_string(static_cast<core::AssignReason>(d.reason)))];
        if (d.correlation == c.sent_correlation && c.sent_correlation != 0) {
            assign_latency_us_.push_back(
                std::chrono::duration<double, std::micro>(Clock::now() - c.opened).count());
        }
        const Agent* agent = agent_by_name_.at(frame.agent);
        if (!agent->silent) {
            const std::string id = d.conversation;
            const std::string name = frame.agent;
            later(uniform_ms(1000, 6000), [this, id, name] { agent_answers(id, name); });
        }
    } else if (d.kind == runtime::DeliveryKind::kOffered && it != conversations_.end()) {
        // Offer/accept queues: a working agent accepts within a second or two, then answers.
        if (!agent_by_name_.at(frame.agent)->silent) {
            const std::string id = d.conversation;
            const std::string name = frame.agent;
            later(uniform_ms(300, 1500), [this, id, name] {
                send(runtime::Submission{core::AcceptOffer{tenant_->id, name, id}, "", 0});
                conversations_.at(id).agent = name;
                later(uniform_ms(1000, 5000), [this, id, name] { agent_answers(id, name); });
            });
        }
    } else if (d.kind == runtime::DeliveryKind::kUnassigned && it != conversations_.end()) {
        if (it->second.agent == frame.agent) it->second.agent.clear();
    } else if (d.kind == runtime::DeliveryKind::kCustomerMessage && it != conversations_.end()) {
        const Agent* agent = agent_by_name_.at(frame.agent);
        if (!agent->silent) {
            const std::string id = d.conversation;
            const std::string name = frame.agent;
            later(uniform_ms(800, 3000), [this, id, name] { agent_answers(id, name); });
        }
    }
}

void Traffic::on_notice(const runtime::Notice& notice) {
    ++notices_[std::string(runtime::to_string(notice.kind))];
    if (notice.kind == runtime::NoticeKind::kClosed) {
        auto it = conversations_.find(notice.conversation);
        if (it != conversations_.end()) it->second.closed = true;
    }
}

void Traffic::handle(net::ServerMessage& message) {
    if (auto* d = std::get_if<net::DeliveryFrame>(&message)) {
        on_delivery(*d);
    } else if (auto* n = std::get_if<runtime::Notice>(&message)) {
        on_notice(*n);
    } else if (auto* e = std::get_if<net::ErrorFrame>(&message)) {
        if (errors_++ == 0) first_error_ = e->message;
    }
}

void Traffic::ack_all() {
    for (const auto& [agent, seq] : to_ack_) {
        client_->send(net::Ack{tenant_->id, agent, seq, 0});
    }
    to_ack_.clear();
    later(kAckEvery, [this] { ack_all(); });
}

base::Result<std::string> Traffic::run() {
    if (config_.gateways.empty() || config_.gateways[0].tenants.empty()) {
        return base::Error{base::ErrorCode::kInvalidArgument,
                           "demo traffic: the config has no gateway with a tenant"};
    }
    const config::GatewaySpec& gateway = config_.gateways[0];
    tenant_ = config_.find_tenant(gateway.tenants[0]);
    auto client = net::GatewayClient::connect("127.0.0.1", options_.port);
    if (!client.ok()) return client.error();
    client_ = std::move(client).value();
    if (auto ok = client_->hello(gateway.id, gateway.token); !ok.ok()) return ok.error();

    log_in_agents();
    arrivals_end_ = Clock::now() + options_.duration;
    arrive();
    later(kAckEvery, [this] { ack_all(); });
    const auto end = arrivals_end_ + kWindDown;
    bool closing_sent = false;
    while (Clock::now() < end + std::chrono::seconds(1)) {
        if (!closing_sent && Clock::now() >= end) {
            // Close whatever is still open, so the server's state ends clean.
            for (auto& [id, c] : conversations_) {
                if (!c.closed)
                    send(runtime::Submission{core::CloseConversation{tenant_->id, id}, "", 0});
            }
            closing_sent = true;
        }
        while (!timed_.empty() && timed_.top().at <= Clock::now()) {
            auto run = timed_.top().run;
            timed_.pop();
            run();
        }
        if (auto sent = client_->flush(); !sent.ok()) return sent.error();
        const auto wait =
            timed_.empty()
                ? milliseconds(50)
                : std::chrono::duration_cast<milliseconds>(timed_.top().at - Clock::now());
        auto next = client_->next(std::clamp(wait, milliseconds(0), milliseconds(50)));
        if (!next.ok()) return next.error();
        while (next.ok() && next.value()) {
            handle(*next.value());
            next = client_->poll();
        }
    }
    ack_all();
    (void)client_->flush();
    return summary();
}

std::string Traffic::summary() const {
    std::ostringstream out;
    out << "demo traffic (tenant " << tenant_->id << ", " << agents_.size()
        << " agents, one of them silent): " << opened_ << " conversations opened, " << replies_
        << " agent replies sent\n";
    out << "  deliveries:";
    for (const auto& [kind, n] : deliveries_) out << " " << kind << "=" << n;
    out << "\n  assignments by reason:";
    for (const auto& [reason, n] : assign_reasons_) out << " " << reason << "=" << n;
    out << "\n  notices:";
    for (const auto& [kind, n] : notices_) out << " " << kind << "=" << n;
    out << "\n  message sent -> assignment received over TCP: p50 "
        << static_cast<std::int64_t>(percentile(assign_latency_us_, 0.5)) << " us, p99 "
        << static_cast<std::int64_t>(percentile(assign_latency_us_, 0.99)) << " us ("
        << assign_latency_us_.size() << " immediate assignments)\n";
    for (const auto& [tier, samples] : first_reply_s_) {
        out << "  first reply, tier " << tier << ": p50 " << percentile(samples, 0.5) << " s, p90 "
            << percentile(samples, 0.9) << " s (" << samples.size() << " answered)\n";
    }
    if (errors_ > 0)
        out << "  protocol errors: " << errors_ << " (first: " << first_error_ << ")\n";
    return out.str();
}

}  // namespace

base::Result<std::string> run_demo_traffic(const config::Snapshot& config,
                                           const DemoTrafficOptions& options) {
    Traffic traffic(config, options);
    return traffic.run();
}

}  // namespace switchboard::tools
