#include "engine/core/describe.hpp"

#include <sstream>
#include <string>
#include <type_traits>

namespace switchboard::core {
namespace {

std::string when(base::Time t) { return std::to_string(base::to_ms(t)); }

}  // namespace

std::string describe(const Shard& shard, const Action& action) {
    std::ostringstream out;
    const auto conv = [&](ConversationId c) { return std::string(shard.conversation_name(c)); };
    const auto agent = [&](AgentId a) { return std::string(shard.agent_name(a)); };
    std::visit(
        [&](const auto& a) {
            using A = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<A, Assigned>) {
                out << "assign " << conv(a.conversation) << " -> " << agent(a.agent) << " ("
                    << to_string(a.reason) << ")";
            } else if constexpr (std::is_same_v<A, Offered>) {
                out << "offer " << conv(a.conversation) << " -> " << agent(a.agent) << " until "
                    << when(a.expires_at);
            } else if constexpr (std::is_same_v<A, Queued>) {
                out << "queue " << conv(a.conversation) << " #" << a.position;
            } else if constexpr (std::is_same_v<A, Unassigned>) {
                out << "unassign " << conv(a.conversation) << " from " << agent(a.agent) << " ("
                    << to_string(a.reason) << ")";
            } else if constexpr (std::is_same_v<A, Closed>) {
                out << "close " << conv(a.conversation) << " (" << to_string(a.reason) << ")";
            } else if constexpr (std::is_same_v<A, Rejected>) {
                out << "reject " << a.event << " " << to_string(a.reason);
            } else if constexpr (std::is_same_v<A, ReplyWarning>) {
                out << "warn " << agent(a.agent) << " about " << conv(a.conversation) << " due "
                    << when(a.deadline);
            } else if constexpr (std::is_same_v<A, SupervisorEscalation>) {
                out << "escalate " << conv(a.conversation) << " after " << a.missed_hops << " hops";
            } else if constexpr (std::is_same_v<A, AutoReply>) {
                out << "autoreply " << conv(a.conversation) << " " << a.template_id;
                if (a.position > 0) out << " #" << a.position << " ~" << a.estimated_wait.count();
            } else if constexpr (std::is_same_v<A, AgentAutoAway>) {
                out << "auto_away " << agent(a.agent) << " after " << a.recent_misses << " misses";
            } else if constexpr (std::is_same_v<A, AgentRestored>) {
                out << "restore " << agent(a.agent);
            } else if constexpr (std::is_same_v<A, Overflowed>) {
                out << "overflow " << conv(a.conversation) << " "
                    << (a.action == model::OverflowAction::kBot ? "bot" : "leave_message");
            }
        },
        action);
    return out.str();
}

}  // namespace switchboard::core
