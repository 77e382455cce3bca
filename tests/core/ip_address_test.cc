#include "core/ip_address.h"

#include <gtest/gtest.h>

#include <set>

namespace fwlog {
namespace {

IpAddress Ip(const char* text) { return *IpAddress::Parse(text); }

TEST(IpAddressTest, IsV4ExactlyForMappedAddresses) {
  EXPECT_TRUE(Ip("0.0.0.0").is_v4());
  EXPECT_TRUE(Ip("210.150.186.238").is_v4());
  EXPECT_TRUE(Ip("::ffff:1.2.3.4").is_v4());
  EXPECT_FALSE(Ip("::1.2.3.4").is_v4());
  EXPECT_FALSE(Ip("::fffe:1.2.3.4").is_v4());
  EXPECT_FALSE(Ip("1::ffff:1.2.3.4").is_v4());
  EXPECT_FALSE(Ip("2001:db8::1").is_v4());
  EXPECT_EQ(Ip("210.150.186.238").v4(), 0xd296baeeu);
}

TEST(IpAddressTest, EqualityLooksAtAllSixteenBytes) {
  EXPECT_EQ(Ip("10.0.0.1"), Ip("::ffff:10.0.0.1"));
  EXPECT_NE(Ip("10.0.0.1"), Ip("10.0.0.2"));
  EXPECT_NE(Ip("2001:db8::1"), Ip("2001:db9::1"));  // differs in the first half only
  EXPECT_NE(Ip("2001:db8::1"), Ip("2001:db8::2"));  // in the second half only
}

TEST(IpAddressTest, HashSpreadsNeighbouringAddressesOverBothEnds) {
  // absl's tables take the probe start from the high bits and a 7-bit tag
  // from the low bits: neighbours must differ in both.
  std::set<std::size_t> low, high;
  const IpAddressHash hash;
  for (std::uint32_t i = 0; i < 4096; ++i) {
    const std::size_t h = hash(IpAddress::FromV4(0x0a000000u + i));
    low.insert(h & 0x7f);
    high.insert(h >> 52);
  }
  EXPECT_EQ(low.size(), 128u);
  // 4096 keys into 4096 buckets: a random function fills ~2589 (1 - 1/e).
  EXPECT_GT(high.size(), 2300u);
  EXPECT_EQ(hash(Ip("10.0.0.1")), hash(Ip("::ffff:10.0.0.1")));
}

}  // namespace
}  // namespace fwlog
