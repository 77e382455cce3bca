// Failed basic-auth attempts limited per client address (issue 19: each
// wrong password cost a full bcrypt, without limit).
#include "http/auth_throttle.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "http/basic_auth.h"

namespace fwlog {
namespace {

using Decision = AuthThrottle::Decision;
using std::chrono::milliseconds;

// bcrypt("secret"), cost 4: cheap enough for many checks in a test.
constexpr const char* kSecret4 = "$2b$04$zJLu6Z8KwiCBN9SGn7S4Yeb7PbrrbbnMq9jy9Bx94Bs.m4F0rkbIO";

std::string Header(const std::string& user_pass) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (unsigned char c : user_pass) {
    bits = (bits << 8) | c;
    count += 8;
    while (count >= 6) out.push_back(kAlphabet[(bits >> (count -= 6)) & 63]);
  }
  if (count > 0) out.push_back(kAlphabet[(bits << (6 - count)) & 63]);
  while (out.size() % 4 != 0) out.push_back('=');
  return "Basic " + out;
}

IpAddress Address(const char* text) { return *IpAddress::Parse(text); }

// A clock the test moves.
struct FakeClock {
  AuthThrottle::Clock::time_point t{};
  std::function<AuthThrottle::Clock::time_point()> Now() {
    return [this] { return t; };
  }
};

TEST(AuthThrottleTest, AnAddressThatKeepsFailingIsHeldBackUntilATokenComesBack) {
  FakeClock clock;
  AuthThrottle throttle({.burst = 3, .refill = milliseconds(1000), .max_addresses = 16}, clock.Now());
  const auto a = Address("192.0.2.1");
  // Three failures: the first from a clean address, two more with tokens.
  EXPECT_EQ(throttle.Begin(a), Decision::kFree);
  throttle.End(a, Decision::kFree, false);
  for (int i = 0; i < 2; ++i) {
    const auto d = throttle.Begin(a);
    ASSERT_EQ(d, Decision::kReserved) << i;
    throttle.End(a, d, false);
  }
  EXPECT_EQ(throttle.Begin(a), Decision::kThrottled);
  EXPECT_EQ(throttle.RetryAfterSeconds(a), 1);
  EXPECT_EQ(throttle.Begin(Address("192.0.2.2")), Decision::kFree);  // others are not affected
  clock.t += milliseconds(999);
  EXPECT_EQ(throttle.Begin(a), Decision::kThrottled);
  clock.t += milliseconds(1);
  const auto d = throttle.Begin(a);
  EXPECT_EQ(d, Decision::kReserved);
  throttle.End(a, d, false);
  EXPECT_EQ(throttle.Begin(a), Decision::kThrottled);
  EXPECT_EQ(throttle.throttled(), 3);
}

TEST(AuthThrottleTest, SuccessGivesTheTokenBackAndAFullBucketIsForgotten) {
  FakeClock clock;
  AuthThrottle throttle({.burst = 2, .refill = milliseconds(1000), .max_addresses = 16}, clock.Now());
  const auto a = Address("2001:db8::1");
  throttle.End(a, throttle.Begin(a), false);
  EXPECT_EQ(throttle.addresses(), 1u);
  auto d = throttle.Begin(a);
  ASSERT_EQ(d, Decision::kReserved);
  throttle.End(a, d, true);  // the right password: the token comes back
  d = throttle.Begin(a);
  ASSERT_EQ(d, Decision::kReserved);
  throttle.End(a, d, true);
  clock.t += milliseconds(1000);  // refilled: nothing to remember
  d = throttle.Begin(a);
  throttle.End(a, d, true);
  EXPECT_EQ(throttle.addresses(), 0u);
  EXPECT_EQ(throttle.Begin(a), Decision::kFree);
}

TEST(AuthThrottleTest, TheTableIsBoundedAndLosesTheLeastRecentFailureFirst) {
  FakeClock clock;
  AuthThrottle throttle({.burst = 1, .refill = milliseconds(60000), .max_addresses = 100}, clock.Now());
  for (int i = 0; i < 1000; ++i) {
    const auto a = IpAddress::FromV4(0xC0000000u + static_cast<std::uint32_t>(i));
    throttle.End(a, throttle.Begin(a), false);
    clock.t += milliseconds(1);
  }
  EXPECT_EQ(throttle.addresses(), 100u);
  EXPECT_EQ(throttle.Begin(IpAddress::FromV4(0xC0000000u + 999)), Decision::kThrottled);  // most recent: kept
  EXPECT_EQ(throttle.Begin(IpAddress::FromV4(0xC0000000u)), Decision::kFree);             // oldest: gone
}

TEST(AuthThrottleTest, BasicAuthRunsNoBcryptForAThrottledAddressButServesRememberedSuccesses) {
  BasicAuth auth(std::map<std::string, std::string>{{"prometheus", kSecret4}});
  AuthThrottle throttle({.burst = 3, .refill = milliseconds(60000), .max_addresses = 16});
  const auto attacker = Address("198.51.100.9");
  const auto scraper = Address("203.0.113.5");
  EXPECT_EQ(auth.Check(Header("prometheus:secret"), attacker, &throttle), BasicAuth::Result::kAllowed);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(auth.Check(Header("prometheus:guess" + std::to_string(i)), attacker, &throttle),
              BasicAuth::Result::kDenied);
  const long runs = auth.bcrypt_runs();
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(auth.Check(Header("prometheus:guess"), attacker, &throttle), BasicAuth::Result::kThrottled);
  EXPECT_EQ(auth.bcrypt_runs(), runs);  // 100 refusals, no bcrypt
  // The right password, remembered from before: no bcrypt, not throttled.
  EXPECT_EQ(auth.Check(Header("prometheus:secret"), attacker, &throttle), BasicAuth::Result::kAllowed);
  // Another address checks passwords as before.
  EXPECT_EQ(auth.Check(Header("prometheus:wrong"), scraper, &throttle), BasicAuth::Result::kDenied);
  EXPECT_EQ(auth.bcrypt_runs(), runs + 1);
  // A malformed header costs nothing and is not counted against anyone.
  for (int i = 0; i < 10; ++i) EXPECT_EQ(auth.Check("Bearer x", scraper, &throttle), BasicAuth::Result::kDenied);
  EXPECT_EQ(throttle.Begin(scraper), Decision::kReserved);
}

// Many clients at one address checking the right password at once (each a
// cache miss) all get in: an address that never failed is not held back.
TEST(AuthThrottleTest, ConcurrentFirstChecksFromOneCleanAddressAllPass) {
  BasicAuth auth(std::map<std::string, std::string>{{"prometheus", kSecret4}},
                 std::chrono::seconds(0));  // no cache: every check a bcrypt
  AuthThrottle throttle({.burst = 2, .refill = milliseconds(60000), .max_addresses = 16});
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i)
        allowed +=
            auth.Check(Header("prometheus:secret"), Address("127.0.0.1"), &throttle) == BasicAuth::Result::kAllowed;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 40);
  EXPECT_EQ(throttle.throttled(), 0);
}

}  // namespace
}  // namespace fwlog
