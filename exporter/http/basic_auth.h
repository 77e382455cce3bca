// BasicAuth: checks `Authorization: Basic ...` against bcrypt hashes
// ($2a$, $2b$, $2y$), hashed with the system's libxcrypt (crypt_rn), never by
// hand-written code. bcrypt is slow on purpose (~50 ms at cost 10), and 200
// scrapers every 15 s would spend seconds of CPU on it, so a successful
// verification is remembered for a short while: the cache key is a SHA-256 of
// user, password and stored hash, never the password itself. Failed
// attempts are not cached (each costs a full bcrypt), unknown users cost a
// bcrypt against a dummy hash so timing does not reveal which users exist,
// and hash comparisons are constant-time. Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace fwlog {

class BasicAuth {
 public:
  using Clock = std::chrono::steady_clock;
  explicit BasicAuth(std::map<std::string, std::string> users,
                     std::chrono::seconds cache_for = std::chrono::seconds(60));

  // Whether the `Authorization` header value grants access.
  bool Allows(std::string_view authorization);
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
