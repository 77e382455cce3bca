// BasicAuth: checks `Authorization: Basic ...` against bcrypt hashes
// ($2a$, $2b$, $2y$), hashed with the system's libxcrypt (crypt_rn), never by
// hand-written code. bcrypt is slow on purpose (~50 ms at cost 10), and 200
// scrapers every 15 s would spend seconds of CPU on it, so a successful
// verification is remembered for a short while: the cache key is a SHA-256 of
// user, password and stored hash, never the password itself. Failed
// attempts are not cached (each costs a full bcrypt), unknown users cost a
// bcrypt against a dummy hash so timing does not reveal which users exist,
// and hash comparisons are constant-time. With an AuthThrottle, an address
// that keeps failing is refused without a bcrypt (auth_throttle.h); a
// remembered success is never throttled. Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/ip_address.h"
#include "http/auth_throttle.h"

namespace fwlog {

class BasicAuth {
 public:
  using Clock = std::chrono::steady_clock;
  explicit BasicAuth(std::map<std::string, std::string> users,
                     std::chrono::seconds cache_for = std::chrono::seconds(60));

  enum class Result { kAllowed, kDenied, kThrottled };
  // Whether the `Authorization` header value from `client` grants access;
  // `throttle` (may be null) limits the failed attempts per client address.
  Result Check(std::string_view authorization, const IpAddress& client, AuthThrottle* throttle);
  // The same without a throttle.
  bool Allows(std::string_view authorization) { return Check(authorization, {}, nullptr) == Result::kAllowed; }
  // Whether `password` matches bcrypt `hash` (constant-time compare).
  static bool VerifyBcrypt(std::string_view password, const std::string& hash);
  // Whether `hash` looks like a bcrypt hash crypt_rn can check.
  static bool IsBcryptHash(std::string_view hash);

  // Number of full bcrypt computations so far (tests).
  long bcrypt_runs() const;

 private:
  std::map<std::string, std::string> users_;
  std::chrono::seconds cache_for_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Clock::time_point> cache_;  // digest -> valid until
  long runs_ = 0;
};

// Decodes standard base64 (with padding); false on bad input.
bool DecodeBase64(std::string_view in, std::string& out);

}  // namespace fwlog
