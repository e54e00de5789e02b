// The engine side of one gateway thread: a ring to every shard (DESIGN.md §5: one SPSC ring per
// (producer thread, shard)). The gateway thread is the only producer of these rings, shard i's
// thread the only consumer of rings[i]. Ports live in a fixed array owned by the engine and are
// reused: a closed port whose rings are empty can be handed to a new gateway thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/runtime/parker.hpp"
#include "engine/runtime/spsc_ring.hpp"
#include "engine/runtime/submission.hpp"

namespace switchboard::runtime {

using SubmissionRing = SpscRing<Submission>;

enum class PortState : std::uint8_t {
    kFree,    // never used, rings not yet made
    kActive,  // a gateway thread owns it
    kClosed,  // its gateway let go; shards still drain what it left
};

struct alignas(kCacheLine) GatewayPort {
    // Written by connect/close (release), read by shards each pass (acquire). `rings` is set
    // before the first release of kActive and never changes afterwards.
    std::atomic<PortState> state{PortState::kFree};
    std::vector<std::unique_ptr<SubmissionRing>> rings;  // one per shard

    // The producer's own line: set while a submit is in progress, so that stop() can wait for
    // submits that saw the engine still accepting (stop sets `accepting` false, then waits for
    // every port's flag to clear; submit sets the flag, then reads `accepting`).
    alignas(kCacheLine) std::atomic<bool> in_submit{false};
    // The producer parks here while its ring is full; shards wake it after taking a batch.
    Parker space;

    bool rings_empty() const noexcept {
        for (const auto& r : rings) {
            if (!r->empty_guess()) return false;
        }
        return true;
    }
};

}  // namespace switchboard::runtime
