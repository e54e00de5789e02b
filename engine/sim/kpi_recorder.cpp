#include "engine/sim/kpi_recorder.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "engine/base/assert.hpp"

namespace switchboard::sim {
namespace {

constexpr std::int64_t kMaxBuckets = 288;
constexpr std::array<std::int64_t, 7> kBucketWidths = {10'000,  60'000,    300'000,  600'000,
                                                       900'000, 1'800'000, 3'600'000};

double share(std::uint64_t part, std::uint64_t whole) {
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

std::int64_t timeline_bucket_ms(std::int64_t duration_ms) noexcept {
    for (const std::int64_t width : kBucketWidths) {
        if ((duration_ms + width - 1) / width <= kMaxBuckets) return width;
    }
    // Longer than 12 days: whole hours, as many as it takes to stay within the bound.
    const std::int64_t hours = (duration_ms / 3'600'000 + kMaxBuckets - 1) / kMaxBuckets;
    return std::max<std::int64_t>(1, hours) * 3'600'000;
}

Distribution distribution_of(std::vector<std::int64_t>& samples_ms) {
    Distribution d;
    if (samples_ms.empty()) return d;
    std::sort(samples_ms.begin(), samples_ms.end());
    const std::size_t n = samples_ms.size();
    double sum = 0;
    for (const std::int64_t s : samples_ms) sum += static_cast<double>(s);
    const auto rank = [&](double p) {
        const auto k = static_cast<std::size_t>(std::ceil(p * static_cast<double>(n)));
        return static_cast<double>(samples_ms[std::clamp<std::size_t>(k, 1, n) - 1]);
    };
    d.count = n;
    d.mean_ms = sum / static_cast<double>(n);
    d.p50_ms = rank(0.50);
    d.p90_ms = rank(0.90);
    d.p99_ms = rank(0.99);
    d.max_ms = static_cast<double>(samples_ms.back());
    return d;
}

void fill_fairness(SimResult& out, const std::vector<double>& occupancy,
                   const std::vector<double>& handled) {
    if (occupancy.empty()) return;
    double sum = 0;
    for (const double o : occupancy) sum += o;
    out.occupancy_mean = sum / static_cast<double>(occupancy.size());
    out.occupancy_min = *std::min_element(occupancy.begin(), occupancy.end());
    out.occupancy_max = *std::max_element(occupancy.begin(), occupancy.end());
    double mean = 0;
    for (const double h : handled) mean += h;
    mean /= static_cast<double>(handled.size());
    double var = 0;
    for (const double h : handled) var += (h - mean) * (h - mean);
    var /= static_cast<double>(handled.size());
    out.handled_cv = mean > 0 ? std::sqrt(var) / mean : 0.0;
}

KpiRecorder::KpiRecorder(const model::TenantSpec& tenant, std::int64_t bucket_ms,
                         std::int64_t warmup_ms)
    : tenant_(tenant), bucket_ms_(bucket_ms), warmup_ms_(warmup_ms), tiers_(tenant.tiers.size()) {
    SB_ASSERT(bucket_ms > 0);
}

KpiRecorder::Bucket& KpiRecorder::bucket_at(std::int64_t t_ms) {
    const auto index = static_cast<std::size_t>(t_ms / bucket_ms_);
    while (buckets_.size() <= index) {
        Bucket b;
        b.out.start_ms = static_cast<std::int64_t>(buckets_.size()) * bucket_ms_;
        b.out.queue_length_max = static_cast<std::uint32_t>(std::max(0, waiting_));
        b.out.agents_online = static_cast<std::uint32_t>(std::max(0, available_agents_));
        buckets_.push_back(b);
    }
    return buckets_[index];
}

void KpiRecorder::advance(std::int64_t t_ms) {
    SB_ASSERT(t_ms >= now_ms_);
    while (now_ms_ < t_ms) {
        Bucket& b = bucket_at(now_ms_);
        const std::int64_t end = std::min(t_ms, b.out.start_ms + bucket_ms_);
        const auto dt = static_cast<double>(end - now_ms_);
        b.queue_integral += waiting_ * dt;
        b.load_integral += load_ * dt;
        b.capacity_integral += online_capacity_ * dt;
        now_ms_ = end;
    }
    bucket_at(now_ms_);  // a bucket for every millisecond reached, even without a change
}

void KpiRecorder::change_waiting(int delta) {
    waiting_ += delta;
    Bucket& b = bucket_at(now_ms_);
    b.out.queue_length_max =
        std::max(b.out.queue_length_max, static_cast<std::uint32_t>(std::max(0, waiting_)));
}

void KpiRecorder::change_available_agents(int delta) {
    available_agents_ += delta;
    bucket_at(now_ms_).out.agents_online =
        static_cast<std::uint32_t>(std::max(0, available_agents_));
}

std::int64_t KpiRecorder::target_ms(model::TierIndex tier, model::QueueIndex queue,
                                    bool first) const {
    const model::SlaPolicy& policy = tenant_.policy_for(tier, queue);
    return (first ? policy.first_reply : policy.next_reply).count();
}

void KpiRecorder::arrival(model::TierIndex tier, std::int64_t arrived_ms) {
    ++bucket_at(now_ms_).out.arrivals;
    if (counted(arrived_ms)) ++tiers_[tier].conversations;
}

void KpiRecorder::assigned_first(model::TierIndex tier, std::int64_t arrived_ms, bool waited) {
    if (!counted(arrived_ms)) return;
    tiers_[tier].queue_wait_ms.push_back(now_ms_ - arrived_ms);
    if (waited) ++tiers_[tier].waited;
}

void KpiRecorder::first_reply(model::TierIndex tier, model::QueueIndex queue,
                              std::int64_t arrived_ms) {
    const std::int64_t frt = now_ms_ - arrived_ms;
    const std::int64_t target = target_ms(tier, queue, true);
    // No deadline means no answer can be late.
    const bool within = target == 0 || frt <= target;
    Bucket& b = bucket_at(now_ms_);
    ++b.out.first_replies;
    if (within) ++b.within;
    if (!counted(arrived_ms)) return;
    tiers_[tier].first_reply_ms.push_back(frt);
    if (within) ++tiers_[tier].first_within;
}

void KpiRecorder::next_reply(model::TierIndex tier, model::QueueIndex queue,
                             std::int64_t arrived_ms, std::int64_t waited_ms) {
    if (!counted(arrived_ms)) return;
    const std::int64_t target = target_ms(tier, queue, false);
    tiers_[tier].next_reply_ms.push_back(waited_ms);
    if (target == 0 || waited_ms <= target) ++tiers_[tier].next_within;
}

void KpiRecorder::abandoned(model::TierIndex tier, std::int64_t arrived_ms) {
    ++bucket_at(now_ms_).out.abandoned;
    if (counted(arrived_ms)) ++tiers_[tier].abandoned;
}

void KpiRecorder::overflowed(model::TierIndex tier, std::int64_t arrived_ms) {
    if (counted(arrived_ms)) ++tiers_[tier].overflowed;
}

void KpiRecorder::finish(SimResult& out) {
    std::vector<std::int64_t> all_first;
    std::vector<std::int64_t> all_waits;
    for (std::size_t i = 0; i < tiers_.size(); ++i) {
        TierSamples& s = tiers_[i];
        const model::TierSpec& spec = tenant_.tiers[i];
        const model::SlaPolicy& policy = tenant_.sla_policies[spec.sla_policy];
        TierKpis k;
        k.tier = spec.name;
        k.first_reply_target_ms = policy.first_reply.count();
        k.next_reply_target_ms = policy.next_reply.count();
        k.conversations = s.conversations;
        k.answered = s.first_reply_ms.size();
        k.abandoned = s.abandoned;
        k.overflowed = s.overflowed;
        k.waited = s.waited;
        k.first_reply_within_target = share(s.first_within, s.first_reply_ms.size());
        k.next_reply_within_target = share(s.next_within, s.next_reply_ms.size());
        all_first.insert(all_first.end(), s.first_reply_ms.begin(), s.first_reply_ms.end());
        all_waits.insert(all_waits.end(), s.queue_wait_ms.begin(), s.queue_wait_ms.end());
        k.first_reply = distribution_of(s.first_reply_ms);
        k.next_reply = distribution_of(s.next_reply_ms);
        k.queue_wait = distribution_of(s.queue_wait_ms);
        out.conversations += k.conversations;
        out.answered += k.answered;
        out.abandoned += k.abandoned;
        out.overflowed += k.overflowed;
        out.tiers.push_back(std::move(k));
    }
    out.first_reply = distribution_of(all_first);
    out.queue_wait = distribution_of(all_waits);
    out.bucket_ms = bucket_ms_;
    for (Bucket& b : buckets_) {
        const double span = static_cast<double>(
            std::min(bucket_ms_, std::max<std::int64_t>(1, now_ms_ - b.out.start_ms)));
        b.out.queue_length_mean = b.queue_integral / span;
        b.out.occupancy = b.capacity_integral > 0 ? b.load_integral / b.capacity_integral : 0.0;
        b.out.service_level = share(b.within, b.out.first_replies);
        out.timeline.push_back(b.out);
    }
}

}  // namespace switchboard::sim
