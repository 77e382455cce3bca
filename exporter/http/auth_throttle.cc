#include "http/auth_throttle.h"

#include <algorithm>
#include <cmath>

namespace fwlog {

AuthThrottle::AuthThrottle(AuthThrottleLimits limits, std::function<Clock::time_point()> now)
    : limits_(limits), now_(std::move(now)) {}

void AuthThrottle::Refill(Bucket& bucket, Clock::time_point now) const {
  if (now <= bucket.updated) return;
  const double earned =
      std::chrono::duration<double>(now - bucket.updated) / std::chrono::duration<double>(limits_.refill);
  bucket.tokens = std::min(static_cast<double>(limits_.burst), bucket.tokens + earned);
  bucket.updated = now;
}

void AuthThrottle::DropIfFull(std::unordered_map<IpAddress, Bucket, IpAddressHash>::iterator it) {
  if (it->second.tokens < static_cast<double>(limits_.burst)) return;
  by_failure_.erase(it->second.recent);
  buckets_.erase(it);
}

AuthThrottle::Decision AuthThrottle::Begin(const IpAddress& client) {
  const auto now = now_();
  std::lock_guard lock(mu_);
  const auto it = buckets_.find(client);
  if (it == buckets_.end()) return Decision::kFree;
  Refill(it->second, now);
  if (it->second.tokens >= 1) {
    it->second.tokens -= 1;
    return Decision::kReserved;
  }
  ++throttled_;
  return Decision::kThrottled;
}

void AuthThrottle::End(const IpAddress& client, Decision decision, bool ok) {
  if (decision == Decision::kThrottled || (decision == Decision::kFree && ok)) return;
  const auto now = now_();
  std::lock_guard lock(mu_);
  auto it = buckets_.find(client);
  if (decision == Decision::kReserved) {
    if (it == buckets_.end() || !ok) return;  // a failure keeps the token it took
    Refill(it->second, now);
    it->second.tokens = std::min(static_cast<double>(limits_.burst), it->second.tokens + 1);
    DropIfFull(it);
    return;
  }
  // A first failure from this address (or one whose bucket was evicted, or
  // filled up meanwhile): a bucket with one token spent.
  if (it == buckets_.end()) {
    if (buckets_.size() >= limits_.max_addresses && !by_failure_.empty()) {
      buckets_.erase(by_failure_.back());
      by_failure_.pop_back();
    }
    by_failure_.push_front(client);
    it = buckets_.emplace(client, Bucket{static_cast<double>(limits_.burst), now, by_failure_.begin()}).first;
  } else {
    Refill(it->second, now);
    by_failure_.splice(by_failure_.begin(), by_failure_, it->second.recent);
  }
  it->second.tokens = std::max(0.0, it->second.tokens - 1);
}

int AuthThrottle::RetryAfterSeconds(const IpAddress& client) const {
  const auto now = now_();
  std::lock_guard lock(mu_);
  const auto it = buckets_.find(client);
  if (it == buckets_.end()) return 1;
  Bucket bucket = it->second;
  Refill(bucket, now);
  const double missing = std::max(0.0, 1 - bucket.tokens);
  const double seconds = missing * std::chrono::duration<double>(limits_.refill).count();
  return std::max(1, static_cast<int>(std::ceil(seconds)));
}

std::size_t AuthThrottle::addresses() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

long AuthThrottle::throttled() const {
  std::lock_guard lock(mu_);
  return throttled_;
}

}  // namespace fwlog
