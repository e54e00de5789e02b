// Varint-length-delimited frames, the standard protobuf delimited format (DESIGN.md §6): each
// frame is a base-128 varint byte count followed by that many bytes of one protobuf message.
//
// FrameReader turns the bytes of one connection, in whatever pieces they arrive, into whole
// frames; FrameWriter appends many frames into one buffer so that a connection writes them with
// one system call. Both belong to one connection and are used by its I/O thread only.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "engine/base/result.hpp"

namespace switchboard::net {

// A varint of a 64-bit value takes at most 10 bytes.
inline constexpr std::size_t kMaxVarintBytes = 10;

// Appends `value` as a base-128 varint (7 bits per byte, least significant group first).
void append_varint(std::vector<std::byte>& out, std::uint64_t value);
// Bytes `value` takes as a varint (1..10).
constexpr std::size_t varint_size(std::uint64_t value) noexcept {
    return static_cast<std::size_t>(std::bit_width(value | 1) + 6) / 7;
}

class FrameReader {
  public:
    // Precondition: max_frame_bytes > 0. Frames whose length prefix says more are refused.
    explicit FrameReader(std::size_t max_frame_bytes);

    // A writable area of at least `min_bytes` after the buffered bytes, for a socket read; the
    // caller then commits how many bytes it wrote there. Invalidates spans from next().
    std::span<std::byte> prepare(std::size_t min_bytes);
    // Precondition: bytes <= the size of the last prepare() area.
    void commit(std::size_t bytes);
    // prepare + copy + commit.
    void append(std::span<const std::byte> bytes);

    // The body of the next complete frame (valid until the next prepare/append), or nullopt
    // when more bytes are needed. Errors, after which the stream cannot be trusted and every
    // later call fails the same way:
    //  - kInvalidArgument: the length prefix is no varint (more than 10 bytes, or beyond 64 bits)
    //  - kResourceExhausted: the length prefix exceeds max_frame_bytes (said before the body
    //    arrives, so an oversize frame is never buffered)
    base::Result<std::optional<std::span<const std::byte>>> next();

    // Bytes received and not yet returned as frames (for per-connection limits).
    std::size_t buffered() const noexcept { return end_ - begin_; }
    std::size_t max_frame_bytes() const noexcept { return max_frame_bytes_; }

  private:
    std::size_t max_frame_bytes_;
    std::vector<std::byte> buffer_;
    std::size_t begin_ = 0;  // first byte not yet returned
    std::size_t end_ = 0;    // one past the last committed byte
    std::size_t prepared_ = 0;
    std::uint64_t stream_offset_ = 0;  // bytes of the stream before begin_, for messages
    std::optional<base::Error> failure_;
};

class FrameWriter {
  public:
    // Appends one frame holding `body`.
    void append(std::span<const std::byte> body);
    // Appends a length prefix for `body_bytes` and returns the area for the body itself, to be
    // filled by the caller (serialize in place, no copy). Valid until the next call.
    std::span<std::byte> append_frame(std::size_t body_bytes);
    // Appends bytes that are not a frame of ours (tests of bad input, proxies).
    void append_raw(std::span<const std::byte> bytes);

    // Bytes waiting to be written, oldest first.
    std::span<const std::byte> pending() const noexcept;
    std::size_t pending_bytes() const noexcept { return buffer_.size() - begin_; }
    // Drops the first `bytes` pending bytes after a (possibly partial) write.
    // Precondition: bytes <= pending_bytes().
    void consume(std::size_t bytes);
    // Moves every pending byte into `out` (replacing its contents) and keeps `out`'s old
    // storage for later frames: the socket writes `out` while new frames are appended here.
    void take(std::vector<std::byte>& out);

  private:
    std::vector<std::byte> buffer_;
    std::size_t begin_ = 0;
};

}  // namespace switchboard::net
