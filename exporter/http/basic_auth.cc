#include "http/basic_auth.h"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstring>
#include <memory>

namespace fwlog {
namespace {

// Checked against when the user is unknown, so that costs a bcrypt too.
// (bcrypt of a random password, cost 10.)
constexpr const char* kDummyHash = "$2b$10$koQmAE8d0vA5FQWwr4RMkuDO1aSF7EGZ.7TyLFwCuYeGRRWGOpul2";
constexpr std::size_t kMaxCacheEntries = 1024;

std::string Sha256(std::string_view a, std::string_view b, std::string_view c) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  const auto feed = [&](std::string_view s) {
    const std::uint64_t n = s.size();  // length-prefixed: no ambiguity between fields
    EVP_DigestUpdate(ctx.get(), &n, sizeof n);
    EVP_DigestUpdate(ctx.get(), s.data(), s.size());
  };
  feed(a);
  feed(b);
  feed(c);
  EVP_DigestFinal_ex(ctx.get(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

bool DecodeBase64(std::string_view in, std::string& out) {
  out.clear();
  if (in.size() % 4 != 0) return false;
  for (std::size_t i = 0; i < in.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int j = 0; j < 4; ++j) {
      const char c = in[i + static_cast<std::size_t>(j)];
      if (c == '=' && i + 4 == in.size() && j >= 2) {
        v[j] = 0;
        ++pad;
      } else {
        if (pad > 0) return false;  // data after padding
        v[j] = Base64Value(c);
        if (v[j] < 0) return false;
      }
    }
    const unsigned triple = (static_cast<unsigned>(v[0]) << 18) | (static_cast<unsigned>(v[1]) << 12) |
                            (static_cast<unsigned>(v[2]) << 6) | static_cast<unsigned>(v[3]);
    out.push_back(static_cast<char>((triple >> 16) & 0xff));
    if (pad < 2) out.push_back(static_cast<char>((triple >> 8) & 0xff));
    if (pad < 1) out.push_back(static_cast<char>(triple & 0xff));
  }
  return true;
}

bool BasicAuth::IsBcryptHash(std::string_view hash) {
  // $2b$NN$ + 22 salt + 31 hash characters = 60.
  if (hash.size() != 60 || hash[0] != '$' || hash[1] != '2' || hash[3] != '$' || hash[6] != '$') return false;
  if (hash[2] != 'a' && hash[2] != 'b' && hash[2] != 'y') return false;
  if (hash[4] < '0' || hash[4] > '3' || hash[5] < '0' || hash[5] > '9') return false;
  const int cost = (hash[4] - '0') * 10 + (hash[5] - '0');
  if (cost < 4 || cost > 31) return false;
  for (std::size_t i = 7; i < hash.size(); ++i) {
    const char c = hash[i];
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '/';
    if (!ok) return false;
  }
  return true;
}

bool BasicAuth::VerifyBcrypt(std::string_view password, const std::string& hash) {
  if (!IsBcryptHash(hash)) return false;
  // bcrypt reads at most 72 bytes and stops at NUL; a NUL inside the password
  // would silently shorten it, so such a password never matches.
  if (password.find('\0') != std::string_view::npos) return false;
  const std::string phrase(password);
  auto data = std::make_unique<crypt_data>();  // ~32 KiB: not on the stack
  std::memset(data.get(), 0, sizeof(crypt_data));
  const char* out = crypt_rn(phrase.c_str(), hash.c_str(), data.get(), sizeof(crypt_data));
  if (out == nullptr) return false;
  const std::size_t n = std::strlen(out);
  return n == hash.size() && CRYPTO_memcmp(out, hash.data(), n) == 0;
}

BasicAuth::BasicAuth(std::map<std::string, std::string> users, std::chrono::seconds cache_for)
    : users_(std::move(users)), cache_for_(cache_for) {}

long BasicAuth::bcrypt_runs() const {
  std::lock_guard lock(mu_);
  return runs_;
}

BasicAuth::Result BasicAuth::Check(std::string_view authorization, const IpAddress& client, AuthThrottle* throttle) {
  constexpr std::string_view kScheme = "Basic ";
  constexpr Result kDenied = Result::kDenied;
  if (authorization.size() <= kScheme.size() || authorization.size() > 4096) return kDenied;
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) !=
        std::tolower(static_cast<unsigned char>(kScheme[i])))
      return kDenied;
  std::string decoded;
  if (!DecodeBase64(authorization.substr(kScheme.size()), decoded)) return kDenied;
  const auto colon = decoded.find(':');
  if (colon == std::string::npos) return kDenied;
  const std::string user = decoded.substr(0, colon);
  const std::string_view password = std::string_view(decoded).substr(colon + 1);

  const auto it = users_.find(user);
  const std::string& hash = it == users_.end() ? std::string(kDummyHash) : it->second;
  const std::string key = Sha256(user, password, hash);
  const auto now = Clock::now();
  {
    std::lock_guard lock(mu_);
    if (const auto c = cache_.find(key); c != cache_.end()) {
      if (c->second > now && it != users_.end()) return Result::kAllowed;
      cache_.erase(c);
    }
  }
  // Only a check that costs a bcrypt is throttled (malformed headers cost nothing).
  const auto decision = throttle != nullptr ? throttle->Begin(client) : AuthThrottle::Decision::kFree;
  if (decision == AuthThrottle::Decision::kThrottled) return Result::kThrottled;
  {
    std::lock_guard lock(mu_);
    ++runs_;
  }
  const bool ok = VerifyBcrypt(password, hash) && it != users_.end();
  if (throttle != nullptr) throttle->End(client, decision, ok);
  if (ok) {
    std::lock_guard lock(mu_);
    if (cache_.size() >= kMaxCacheEntries) cache_.clear();
    cache_[key] = now + cache_for_;
  }
  return ok ? Result::kAllowed : kDenied;
}

}  // namespace fwlog
