#include "http/basic_auth.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace fwlog {
namespace {

// bcrypt("secret") at cost 10 and cost 4 (made with Python's crypt module,
// which is the same libxcrypt).
constexpr const char* kSecret10 = "$2b$10$koQmAE8d0vA5FQWwr4RMkuDO1aSF7EGZ.7TyLFwCuYeGRRWGOpul2";

std::map<std::string, std::string> Users() { return {{"prometheus", kSecret10}}; }

std::string Header(const std::string& user_pass) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < user_pass.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(user_pass[i]) << 16) |
                       (static_cast<unsigned char>(user_pass[i + 1]) << 8) |
                       static_cast<unsigned char>(user_pass[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(v >> s) & 63]);
  }
  const std::size_t rest = user_pass.size() - i;
  if (rest > 0) {
    unsigned v = static_cast<unsigned char>(user_pass[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(user_pass[i + 1]) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return "Basic " + out;
}

TEST(BasicAuthTest, LibxcryptVerifiesAllThreeBcryptPrefixes) {
  EXPECT_TRUE(BasicAuth::VerifyBcrypt("secret", kSecret10));
  EXPECT_FALSE(BasicAuth::VerifyBcrypt("Secret", kSecret10));
  std::string a = kSecret10, y = kSecret10;
  a[2] = 'a';
  y[2] = 'y';
  // $2a$ and $2y$ compute the same as $2b$ for ASCII passwords.
  EXPECT_TRUE(BasicAuth::VerifyBcrypt("secret", a));
  EXPECT_TRUE(BasicAuth::VerifyBcrypt("secret", y));
}

TEST(BasicAuthTest, RejectsWhatIsNotBcrypt) {
  EXPECT_FALSE(BasicAuth::IsBcryptHash("secret"));
  EXPECT_FALSE(BasicAuth::IsBcryptHash("$1$abc$def"));
  EXPECT_FALSE(BasicAuth::IsBcryptHash("$6$salt$" + std::string(86, 'a')));
  EXPECT_FALSE(BasicAuth::VerifyBcrypt("secret", "$2b$10$short"));
  EXPECT_FALSE(BasicAuth::VerifyBcrypt(std::string("secret\0more", 11), kSecret10));
}

TEST(BasicAuthTest, ChecksTheAuthorizationHeader) {
  BasicAuth auth(Users());
  EXPECT_TRUE(auth.Allows(Header("prometheus:secret")));
  EXPECT_TRUE(auth.Allows("basic " + Header("prometheus:secret").substr(6)));  // scheme is case-insensitive
  EXPECT_FALSE(auth.Allows(Header("prometheus:wrong")));
  EXPECT_FALSE(auth.Allows(Header("nobody:secret")));
  EXPECT_FALSE(auth.Allows(Header("prometheus")));
  EXPECT_FALSE(auth.Allows(""));
  EXPECT_FALSE(auth.Allows("Bearer abc"));
  EXPECT_FALSE(auth.Allows("Basic !!!!"));
  EXPECT_FALSE(auth.Allows("Basic " + std::string(10000, 'A')));
}

TEST(BasicAuthTest, CachesOnlySuccessfulVerifications) {
  BasicAuth auth(Users());
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(auth.Allows(Header("prometheus:secret")));
  EXPECT_EQ(auth.bcrypt_runs(), 1);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(auth.Allows(Header("prometheus:wrong")));
  EXPECT_EQ(auth.bcrypt_runs(), 4);
  // An unknown user costs a bcrypt too (no timing difference) and is never cached.
  EXPECT_FALSE(auth.Allows(Header("nobody:secret")));
  EXPECT_FALSE(auth.Allows(Header("nobody:secret")));
  EXPECT_EQ(auth.bcrypt_runs(), 6);
}

TEST(BasicAuthTest, CacheExpires) {
  BasicAuth auth(Users(), std::chrono::seconds(0));
  EXPECT_TRUE(auth.Allows(Header("prometheus:secret")));
  EXPECT_TRUE(auth.Allows(Header("prometheus:secret")));
  EXPECT_EQ(auth.bcrypt_runs(), 2);
}

TEST(BasicAuthTest, ConcurrentChecksAgree) {
  BasicAuth auth(Users());
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) allowed += auth.Allows(Header("prometheus:secret")) ? 1 : 0;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 160);
}

TEST(Base64Test, DecodesAndRejects) {
  std::string out;
  ASSERT_TRUE(DecodeBase64("YTpi", out));
  EXPECT_EQ(out, "a:b");
  ASSERT_TRUE(DecodeBase64("YQ==", out));
  EXPECT_EQ(out, "a");
  EXPECT_FALSE(DecodeBase64("YQ=", out));
  EXPECT_FALSE(DecodeBase64("Y=Q=", out));
  EXPECT_FALSE(DecodeBase64("YQ*=", out));
}

}  // namespace
}  // namespace fwlog
