#include "engine/net/framing.hpp"

#include <algorithm>
#include <cstring>
#include <string>

namespace switchboard::net {

namespace {

constexpr std::byte kContinue{0x80};

struct Prefix {
    std::uint64_t length = 0;
    std::size_t bytes = 0;  // 0 = incomplete
};

// Decodes a varint from the front of `in`. Pure; the caller names the position in errors.
base::Result<Prefix> read_prefix(std::span<const std::byte> in) {
    Prefix p;
    const std::size_t n = std::min(in.size(), kMaxVarintBytes);
    for (std::size_t i = 0; i < n; ++i) {
        const auto b = std::to_integer<std::uint64_t>(in[i]);
        if (i == kMaxVarintBytes - 1 && b > 1) {
            // The tenth byte holds bit 63 only: anything more is a longer varint or overflow.
            const bool longer = (b & 0x80) != 0;
            return base::Error{base::ErrorCode::kInvalidArgument,
                               longer ? "length varint is longer than 10 bytes"
                                      : "length varint overflows 64 bits"};
        }
        p.length |= (b & 0x7f) << (7 * i);
        if ((in[i] & kContinue) == std::byte{0}) {
            p.bytes = i + 1;
            return p;
        }
    }
    return p;
}

}  // namespace

void append_varint(std::vector<std::byte>& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<std::byte>(value & 0x7f) | kContinue);
        value >>= 7;
    }
    out.push_back(static_cast<std::byte>(value));
}

FrameReader::FrameReader(std::size_t max_frame_bytes) : max_frame_bytes_(max_frame_bytes) {
    SB_ASSERT(max_frame_bytes > 0);
}

std::span<std::byte> FrameReader::prepare(std::size_t min_bytes) {
    if (begin_ == end_) {
        begin_ = end_ = 0;
    } else if (buffer_.size() - end_ < min_bytes && begin_ > 0) {
        // Compact only when the tail is too short: each byte moves at most once per refill.
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (buffer_.size() - end_ < min_bytes) buffer_.resize(end_ + min_bytes);
    prepared_ = buffer_.size() - end_;
    return {buffer_.data() + end_, prepared_};
}

void FrameReader::commit(std::size_t bytes) {
    SB_ASSERT(bytes <= prepared_);
    end_ += bytes;
    prepared_ = 0;
}

void FrameReader::append(std::span<const std::byte> bytes) {
    if (bytes.empty()) return;
    std::span<std::byte> area = prepare(bytes.size());
    std::memcpy(area.data(), bytes.data(), bytes.size());
    commit(bytes.size());
}

base::Result<std::optional<std::span<const std::byte>>> FrameReader::next() {
    using Next = std::optional<std::span<const std::byte>>;
    if (failure_) return *failure_;
    const std::span<const std::byte> in{buffer_.data() + begin_, end_ - begin_};
    auto prefix = read_prefix(in);
    if (!prefix.ok()) {
        failure_ = base::Error{prefix.error().code, "frame at stream byte " +
                                                        std::to_string(stream_offset_) + ": " +
                                                        prefix.error().message};
        return *failure_;
    }
    if (prefix->bytes == 0) return Next{};
    if (prefix->length > max_frame_bytes_) {
        failure_ = base::Error{base::ErrorCode::kResourceExhausted,
                               "frame at stream byte " + std::to_string(stream_offset_) +
                                   ": length prefix says " + std::to_string(prefix->length) +
                                   " bytes, more than the maximum frame size of " +
                                   std::to_string(max_frame_bytes_)};
        return *failure_;
    }
    const std::size_t total = prefix->bytes + static_cast<std::size_t>(prefix->length);
    if (in.size() < total) return Next{};
    begin_ += total;
    stream_offset_ += total;
    return Next{in.subspan(prefix->bytes, static_cast<std::size_t>(prefix->length))};
}

void FrameWriter::append(std::span<const std::byte> body) {
    std::span<std::byte> area = append_frame(body.size());
    if (!body.empty()) std::memcpy(area.data(), body.data(), body.size());
}

std::span<std::byte> FrameWriter::append_frame(std::size_t body_bytes) {
    if (begin_ > 0 && begin_ >= buffer_.size() / 2) {
        // After partial writes: drop the written half so the buffer does not creep forward.
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(begin_));
        begin_ = 0;
    }
    append_varint(buffer_, body_bytes);
    const std::size_t at = buffer_.size();
    buffer_.resize(at + body_bytes);
    return {buffer_.data() + at, body_bytes};
}

std::span<const std::byte> FrameWriter::pending() const noexcept {
    return {buffer_.data() + begin_, buffer_.size() - begin_};
}

void FrameWriter::consume(std::size_t bytes) {
    SB_ASSERT(bytes <= pending_bytes());
    begin_ += bytes;
    if (begin_ == buffer_.size()) {
        buffer_.clear();
        begin_ = 0;
    }
}

void FrameWriter::append_raw(std::span<const std::byte> bytes) {
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

void FrameWriter::take(std::vector<std::byte>& out) {
    out.clear();
    if (begin_ == 0) {
        buffer_.swap(out);  // no copy: the common case, everything was pending
        return;
    }
    out.assign(buffer_.begin() + static_cast<std::ptrdiff_t>(begin_), buffer_.end());
    buffer_.clear();
    begin_ = 0;
}

}  // namespace switchboard::net
