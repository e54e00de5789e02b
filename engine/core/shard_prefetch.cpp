// Shard::hint and Shard::follow: cache hints ahead of apply() (see shard.hpp).
#include <string_view>
#include <type_traits>
#include <variant>

#include "engine/core/shard_tenant.hpp"

namespace switchboard::core {
namespace {

// The tenant and conversation an event names, if it names a conversation.
struct Names {
    std::string_view tenant;
    std::string_view conversation;
};

template <typename E>
constexpr bool kNamesConversation = requires(const E& e) {
    e.tenant;
    e.conversation;
};

Names names_of(const Event& event) noexcept {
    return std::visit(
        [](const auto& e) -> Names {
            using E = std::decay_t<decltype(e)>;
            if constexpr (kNamesConversation<E>) {
                return Names{e.tenant, e.conversation};
            } else {
                return Names{};
            }
        },
        event);
}

// The hot part of an agent record (agent.hpp: routing keys, memberships, held conversations).
constexpr unsigned kAgentHotLines = 3;
// A conversation slot: generation and free link, then the record (224 bytes).
constexpr unsigned kConversationLines = 4;

enum Stage : std::uint8_t { kDone, kIds, kRecord, kAgent };

}  // namespace

Shard::Hint Shard::hint(const Event& event) const noexcept {
    if (conversations_.size() < hint_min_conversations_) return Hint{};
    const Names names = names_of(event);
    if (names.conversation.empty()) return Hint{};
    const Tenant* t = find_tenant(names.tenant);
    if (t == nullptr) return Hint{};
    Hint h;
    h.print = Directory::fingerprint(names.conversation);
    h.tenant = t->index;
    h.stage = kIds;
    t->directory.prefetch_conversation(h.print);
    return h;
}

void Shard::follow(Hint& h) const noexcept {
    switch (h.stage) {
        case kIds: {
            const std::optional<ConversationId> id =
                tenants_[h.tenant]->directory.guess_conversation(h.print);
            if (!id) break;  // a new conversation: nothing more is known of it before apply()
            h.conversation = *id;
            conversations_.prefetch(*id, kConversationLines);
            h.stage = kRecord;
            return;
        }
        case kRecord: {
            const model::Conversation* c = conversations_.find(h.conversation);
            if (c == nullptr) break;
            wheel_.prefetch(c->reply_timer);
            wheel_.prefetch(c->queue_timer);
            wheel_.prefetch(c->idle_timer);
            if (!c->agent.valid()) break;
            h.agent = c->agent;
            agents_.prefetch(c->agent, kAgentHotLines);
            h.stage = kAgent;
            return;
        }
        case kAgent: {
            if (const model::Agent* a = agents_.find(h.agent)) {
                prefetch_heap_entries(*tenants_[h.tenant], *a);
            }
            break;
        }
        default:
            break;
    }
    h.stage = kDone;
}

void Shard::prefetch_heap_entries(const Tenant& t, const model::Agent& a) const noexcept {
    for (const model::PoolMembership& m : a.memberships) {
        if (m.pool < t.router.pool_count()) t.router.pool(m.pool).prefetch(m.member);
    }
}

}  // namespace switchboard::core
