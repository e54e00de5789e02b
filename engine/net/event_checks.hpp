// The field rules of the hot client messages, shared by the generated-message decoder
// (client_events.cpp, client_codec.cpp) and the wire-level one (hot_client_frames.cpp), so that
// both accept exactly the same frames. Each adds the first problem to `check` (see FieldCheck).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/model/skill_set.hpp"
#include "engine/net/field_check.hpp"
#include "engine/net/messages.hpp"

namespace switchboard::net {

// `ids` is a sized, indexable range of strings (a RepeatedPtrField or a span of views).
template <typename Ids>
void check_ids(FieldCheck& check, std::string_view field, const Ids& ids, std::size_t max) {
    check.count(field, static_cast<std::size_t>(ids.size()), max);
    for (std::size_t i = 0; i < static_cast<std::size_t>(ids.size()) && check.ok(); ++i) {
        check.id_at(field, i, {}, ids[static_cast<int>(i)]);
    }
}

template <typename Ids>
void check_customer_message(FieldCheck& check, std::string_view tenant,
                            std::string_view conversation, std::string_view customer,
                            std::string_view tier, const Ids& skills, std::string_view text,
                            const DecodeLimits& limits) {
    check.id("tenant", tenant).id("conversation", conversation);
    check.optional_id("customer", customer).optional_id("tier", tier);
    check_ids(check, "skills", skills, model::kMaxSkills);
    check.text("text", text, limits.max_payload_bytes);
}

inline void check_close(FieldCheck& check, std::string_view tenant, std::string_view conversation) {
    check.id("tenant", tenant).id("conversation", conversation);
}

inline void check_ack(FieldCheck& check, std::string_view tenant, std::string_view agent,
                      std::uint64_t seq) {
    check.id("tenant", tenant).id("agent", agent);
    check.range("seq", seq, 1, UINT64_MAX);
}

}  // namespace switchboard::net
