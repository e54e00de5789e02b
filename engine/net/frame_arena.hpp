// The protobuf message a codec object fills or parses for one frame, on an arena that is reset
// every kFramesPerReset frames, or at once when a frame made it take a block from the heap:
// steady traffic allocates nothing for it, and the reset's fixed cost (its cleanup walk and
// block bookkeeping, ~14% of the I/O thread's time in server_bench when paid per frame) is
// shared by a batch of frames. (A message reused with Clear() would not do: clearing a oneof
// deletes its message, so every frame would allocate its body and the body's strings again.)
// Only ids and texts longer than std::string's inline buffer still take a heap block for their
// bytes; it is freed at the next reset.
//
// Belongs to one codec object and its thread. Protobuf types stay out of the codec headers:
// they hold a std::unique_ptr<FrameArena<M>> of a forward-declared message type.
#pragma once

#include <cstddef>
#include <memory>

#include <google/protobuf/arena.h>

namespace switchboard::net {

template <typename Message>
class FrameArena {
  public:
    FrameArena() : block_(std::make_unique<char[]>(kBlockBytes)), arena_(options(block_.get())) {}
    FrameArena(const FrameArena&) = delete;
    FrameArena& operator=(const FrameArena&) = delete;

    // An empty message for the next frame. Invalidates the message (and every reference into
    // it) that the previous call returned.
    Message& fresh() {
        // Reset keeps the initial block; it frees only blocks a big frame made the arena take.
        if (++frames_ == kFramesPerReset || arena_.SpaceAllocated() > kBlockBytes) {
            arena_.Reset();
            frames_ = 0;
        }
        return *google::protobuf::Arena::CreateMessage<Message>(&arena_);
    }

  private:
    // A frame's message, its body and their strings: a few hundred bytes for the frames of
    // steady traffic; a bigger frame (a long text, many skills) takes more blocks from the heap
    // until the next reset.
    static constexpr std::size_t kBlockBytes = 16384;
    // Frames of steady traffic take a few hundred bytes each: 16 fit in the block.
    static constexpr unsigned kFramesPerReset = 16;

    static google::protobuf::ArenaOptions options(char* block) {
        google::protobuf::ArenaOptions o;
        o.initial_block = block;
        o.initial_block_size = kBlockBytes;
        return o;
    }

    std::unique_ptr<char[]> block_;  // before arena_: the arena uses it from construction
    google::protobuf::Arena arena_;
    unsigned frames_ = 0;  // messages created since the last reset
};

}  // namespace switchboard::net
