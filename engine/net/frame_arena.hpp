// The protobuf message a codec object fills or parses for one frame, on an arena that is reset
// every kFramesPerReset frames, or sooner once the frames since the last reset hold more than
// kHeldBytes (their size as the codec reports it through hold(): long texts keep their bytes in
// heap buffers the arena frees only at a reset) or made the arena take a block from the heap.
// Steady traffic allocates nothing for the message, and the reset's fixed cost (its cleanup
// walk and block bookkeeping, ~14% of the I/O thread's time in server_bench when paid per
// frame) is shared by a batch of frames. (A message reused with Clear() would not do: clearing
// a oneof deletes its message, so every frame would allocate its body and the body's strings
// again.) Held memory per codec: the block, plus at most kHeldBytes and one frame.
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
        // Reset keeps the initial block and frees what the earlier frames took beyond it.
        if (frames_ == kFramesPerReset || held_ > kHeldBytes ||
            arena_.SpaceAllocated() > kBlockBytes) {
            arena_.Reset();
            frames_ = 0;
            held_ = 0;
        }
        ++frames_;
        return *google::protobuf::Arena::CreateMessage<Message>(&arena_);
    }

    // The encoded size of the frame of the last fresh() message, once the codec knows it.
    void hold(std::size_t frame_bytes) noexcept { held_ += frame_bytes; }

  private:
    // A frame's message, its body and their strings: a few hundred bytes for the frames of
    // steady traffic; a bigger frame (a long text, many skills) takes more blocks from the heap
    // until the next reset.
    static constexpr std::size_t kBlockBytes = 8192;
    // Frames of steady traffic take a few hundred bytes of the block each, so a batch of 16 fits;
    // one that outgrows it takes a heap block and is reset at the next frame.
    static constexpr unsigned kFramesPerReset = 16;
    static constexpr std::size_t kHeldBytes = 16384;

    static google::protobuf::ArenaOptions options(char* block) {
        google::protobuf::ArenaOptions o;
        o.initial_block = block;
        o.initial_block_size = kBlockBytes;
        return o;
    }

    std::unique_ptr<char[]> block_;  // before arena_: the arena uses it from construction
    google::protobuf::Arena arena_;
    unsigned frames_ = 0;   // messages created since the last reset
    std::size_t held_ = 0;  // their frames' bytes, as reported through hold()
};

}  // namespace switchboard::net
