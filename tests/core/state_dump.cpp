// state_dump(): the observable state of a shard as text, for "a rejected event changed nothing".
#include <sstream>

#include "tests/core/shard_checks.hpp"

namespace switchboard::testing {
namespace {

std::int64_t ms(base::Time t) { return base::to_ms(t); }

void dump_agent(std::ostream& out, const core::Shard& shard, const model::Agent& a) {
    out << "agent " << a.name << " tenant " << a.tenant << " skills " << a.skills.bits()
        << " levels";
    a.skills.for_each([&](int s) { out << " " << int{a.proficiency[static_cast<size_t>(s)]}; });
    out << " groups " << a.groups.bits() << " capacity " << a.capacity << " load " << a.load
        << " status " << static_cast<int>(a.status) << " idle_since " << ms(a.idle_since) << " seq "
        << a.last_assign_seq << " holds";
    for (const model::ConversationId c : a.conversations) out << " " << shard.conversation_name(c);
    out << " pools " << a.memberships.size() << " misses " << a.recent_misses.size() << "/"
        << a.misses_total << " replies " << a.replies << "/" << a.canned_replies << " assignments "
        << a.assignments << " cooldown " << a.cooldown_timer.valid() << "\n";
}

void dump_conversation(std::ostream& out, const core::Shard& shard, const model::Conversation& c) {
    out << "conversation " << c.name << " customer " << c.customer << " tenant " << c.tenant
        << " tier " << int{c.tier} << " queue " << c.queue << " state " << static_cast<int>(c.state)
        << " agent " << shard.agent_name(c.agent) << " opened " << ms(c.opened_at) << " enqueued "
        << ms(c.enqueued_at) << " key " << c.order_key << " step " << int{c.ladder_step}
        << " awaiting " << c.awaiting_reply << " since " << ms(c.awaiting_since) << " answered "
        << c.answered_once << " activity " << ms(c.last_activity) << " last_reply "
        << c.has_last_reply << ":" << c.last_reply_hash << " hops " << int{c.missed_hops}
        << " escalated " << c.escalated << " missed_by";
    if (const model::Exclusions* ex = c.exclusions.get()) {
        for (const std::string& a : ex->missed_by) out << " " << a;
        out << " handed_over_by '" << ex->handed_over_by << "'";
    }
    out << " reply " << static_cast<int>(c.reply_stage) << "@" << ms(c.reply_due) << " timers "
        << c.reply_timer.valid() << c.queue_timer.valid() << c.idle_timer.valid() << " trace "
        << ms(c.trace.decided_at) << "/" << c.trace.chosen.index << "\n";
}

void dump_stats(std::ostream& out, const core::ShardStats& s) {
    // Everything but `events` and `rejected`, which every event / rejection moves.
    out << "stats opened " << s.conversations_opened << " closed " << s.conversations_closed
        << " assignments " << s.assignments << " queued " << s.queued << " requeued "
        << s.requeued_logout << " transfers " << s.transfers << " replies " << s.replies
        << " canned " << s.canned_replies << " warnings " << s.reply_warnings << " misses "
        << s.reply_misses << " reassignments " << s.reassignments << " escalations "
        << s.escalations << " offers_expired " << s.offers_expired << " auto_aways " << s.auto_aways
        << " widenings " << s.ladder_widenings << " overflows " << s.overflows << " idle_closes "
        << s.idle_closes << " position_updates " << s.position_updates << " timers_fired "
        << s.timers_fired << "\n";
}

}  // namespace

std::string state_dump(const core::Shard& shard) {
    std::ostringstream out;
    out << "now " << ms(shard.now()) << " agents " << shard.agent_count() << " conversations "
        << shard.conversation_count() << "\n";
    shard.for_each_agent([&](model::AgentId, const model::Agent& a) { dump_agent(out, shard, a); });
    shard.for_each_conversation([&](model::ConversationId, const model::Conversation& c) {
        dump_conversation(out, shard, c);
    });
    for (const model::TenantSpec& t : shard.snapshot().tenants) {
        const routing::TenantRouter& router = *shard.router(t.id);
        out << "tenant " << t.id << " waiting " << shard.waiting_count(t.id) << " per queue";
        for (model::QueueIndex q = 0; q < t.queues.size(); ++q) {
            out << " " << router.waiting(q).size();
        }
        out << " ready per pool";
        for (std::uint16_t p = 0; p < router.pool_count(); ++p) {
            out << " " << router.pool(p).ready_count() << "/" << router.pool(p).member_count();
        }
        out << "\n";
    }
    dump_stats(out, shard.stats());
    return out.str();
}

}  // namespace switchboard::testing
