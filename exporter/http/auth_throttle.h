// AuthThrottle: failed basic-auth attempts, limited per client address.
//
// A wrong password costs a full bcrypt (~40-50 ms of CPU at cost 10), so a
// client trying passwords as fast as it can used to keep the CPUs busy and
// delay real scrapes by seconds. Each client address that has failed gets a
// bucket of `burst` attempts, refilled at one per `refill`; when it is empty,
// its next attempts are refused at once (HTTP 429, no bcrypt) until a token
// comes back. An address that never failed has no bucket and is never held
// back, so many scrapers behind one address checking the right password at
// once (a cache miss each) all get through. Once it has failed, every
// password check from that address takes a token first (concurrent attempts
// cannot all slip through when one comes back) and a success gives it back.
//
// Memory is bounded: at most `max_addresses` buckets; when full, the bucket
// of the address that failed least recently goes (the fullest one). A bucket
// back to full is dropped. So clients spread over more addresses than that
// are limited only by the server's turns (metrics_server.h). Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <unordered_map>

#include "core/ip_address.h"

namespace fwlog {

struct AuthThrottleLimits {
  int burst = 5;
  std::chrono::milliseconds refill{1000};
  std::size_t max_addresses = 4096;
};

class AuthThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Decision {
    kFree,       // the address has no failures on record: check the password
    kReserved,   // a token was taken: check the password, then End()
    kThrottled,  // refuse at once, without checking
  };

  explicit AuthThrottle(AuthThrottleLimits limits = {}, std::function<Clock::time_point()> now = Clock::now);
  AuthThrottle(const AuthThrottle&) = delete;
  AuthThrottle& operator=(const AuthThrottle&) = delete;

  // Before a password check from `client`.
  Decision Begin(const IpAddress& client);
  // After the check that Begin allowed: `ok` is whether the password was right.
  void End(const IpAddress& client, Decision decision, bool ok);
  // Whole seconds until `client` may try again (for Retry-After); at least 1.
  int RetryAfterSeconds(const IpAddress& client) const;

  std::size_t addresses() const;  // buckets held now
  long throttled() const;         // attempts refused so far

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
    std::list<IpAddress>::iterator recent;  // its place in by_failure_
  };
  void Refill(Bucket& bucket, Clock::time_point now) const;
  // Drops the bucket when it is full again (mu_ held).
  void DropIfFull(std::unordered_map<IpAddress, Bucket, IpAddressHash>::iterator it);

  const AuthThrottleLimits limits_;
  const std::function<Clock::time_point()> now_;
  mutable std::mutex mu_;
  std::unordered_map<IpAddress, Bucket, IpAddressHash> buckets_;
  std::list<IpAddress> by_failure_;  // most recent failure first
  long throttled_ = 0;
};

}  // namespace fwlog
