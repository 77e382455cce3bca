#include "enrich/country/country_cache.h"

#include <string>
#include <utility>
#include <vector>

#include "enrich/country/caching_country_db.h"
#include "gtest/gtest.h"

namespace fwlog {
namespace {

IpAddress Ip(const char* text) { return IpAddress::Parse(text).value_or(IpAddress()); }

TEST(CountryCacheTest, FindsWhatWasInserted) {
  CountryCache cache;
  cache.Insert(Ip("210.150.186.238"), CountryCode::FromText("JP"));
  Origin code;
  ASSERT_TRUE(cache.Find(Ip("210.150.186.238"), code));
  EXPECT_EQ(code.code.text(), "JP");
}

TEST(CountryCacheTest, RemembersUnknownAnswersToo) {
  CountryCache cache;
  cache.Insert(Ip("203.0.114.1"), CountryCode::Unknown());
  Origin code = CountryCode::FromText("JP");
  ASSERT_TRUE(cache.Find(Ip("203.0.114.1"), code));
  EXPECT_FALSE(code.code.known());
}

TEST(CountryCacheTest, MissesAddressNeverInserted) {
  CountryCache cache;
  cache.Insert(Ip("1.2.3.4"), CountryCode::FromText("AU"));
  Origin code;
  EXPECT_FALSE(cache.Find(Ip("1.2.3.5"), code));
  EXPECT_FALSE(cache.Find(Ip("::1.2.3.4"), code));  // same last bytes, another address
  EXPECT_EQ(cache.misses(), 2u);
  EXPECT_EQ(cache.hits(), 0u);
}

TEST(CountryCacheTest, FullSetEvictsItsLeastRecentlyUsedAddress) {
  CountryCache cache(CountryCache::kWays);  // one set: every address competes
  const char* addresses[] = {"1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"};
  for (const char* a : addresses) cache.Insert(Ip(a), CountryCode::FromText("AU"));
  Origin code;
  ASSERT_TRUE(cache.Find(Ip("1.1.1.1"), code));  // now the most recently used
  cache.Insert(Ip("8.8.8.8"), CountryCode::FromText("US"));
  EXPECT_FALSE(cache.Find(Ip("2.2.2.2"), code));  // the least recently used went
  for (const char* a : {"1.1.1.1", "3.3.3.3", "4.4.4.4", "8.8.8.8"}) EXPECT_TRUE(cache.Find(Ip(a), code)) << a;
}

TEST(CountryCacheTest, InsertingAgainUpdatesInPlace) {
  CountryCache cache(CountryCache::kWays);
  cache.Insert(Ip("1.1.1.1"), CountryCode::FromText("AU"));
  cache.Insert(Ip("2.2.2.2"), CountryCode::FromText("CN"));
  cache.Insert(Ip("1.1.1.1"), CountryCode::FromText("NZ"));
  cache.Insert(Ip("3.3.3.3"), CountryCode::FromText("US"));
  cache.Insert(Ip("4.4.4.4"), CountryCode::FromText("US"));
  Origin code;
  ASSERT_TRUE(cache.Find(Ip("1.1.1.1"), code));
  EXPECT_EQ(code.code.text(), "NZ");
  EXPECT_TRUE(cache.Find(Ip("2.2.2.2"), code));  // not pushed out by a duplicate
}

TEST(CountryCacheTest, CapacityIsRoundedUpToAPowerOfTwoOfAtLeastOneSet) {
  EXPECT_EQ(CountryCache(1000).capacity(), 1024u);
  EXPECT_EQ(CountryCache(0).capacity(), CountryCache::kWays);
  EXPECT_EQ(CountryCache().capacity(), CountryCache::kDefaultCapacity);
}

TEST(CountryCacheTest, StaysCorrectUnderHeavyEviction) {
  CountryCache cache(64);
  const auto code_for = [](std::uint32_t i) { return CountryCode::FromText(i % 2 ? "JP" : "US"); };
  for (std::uint32_t i = 0; i < 10000; ++i) cache.Insert(IpAddress::FromV4(0x01000000u + i), code_for(i));
  int found = 0;
  for (std::uint32_t i = 0; i < 10000; ++i) {
    Origin code;
    if (cache.Find(IpAddress::FromV4(0x01000000u + i), code)) {
      ++found;
      ASSERT_EQ(code, code_for(i)) << i;
    }
  }
  EXPECT_LE(found, 64);
  EXPECT_GT(found, 0);
}

// A back-end that answers from a table of non-overlapping networks (so each
// answer holds for its whole network) and counts how often it is asked.
class CountingCountryDb : public CachingCountryDb {
 public:
  explicit CountingCountryDb(std::size_t capacity) : CachingCountryDb(capacity) {}
  std::optional<std::int64_t> BuildTime() const override { return std::nullopt; }
  std::string Describe() const override { return "counting"; }
  void AddNetwork(const char* cidr, const char* code) {
    networks.emplace_back(*Cidr::Parse(cidr), CountryCode::FromText(code));
  }
  int resolves = 0;
  std::vector<std::pair<Cidr, CountryCode>> networks;

 protected:
  Answer Resolve(const IpAddress& address) override {
    ++resolves;
    for (const auto& [cidr, code] : networks) {
      if (cidr.Contains(address)) return Answer{code, cidr.prefix128};
    }
    return Answer{};
  }
};

TEST(CachingCountryDbTest, AsksTheBackEndOncePerAddressWhileCached) {
  CountingCountryDb db(1024);
  db.AddNetwork("210.150.186.238/32", "JP");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(db.Lookup(Ip("210.150.186.238")), "JP");
    EXPECT_EQ(db.Lookup(Ip("8.8.8.8")), "unknown");
  }
  EXPECT_EQ(db.resolves, 2);
}

TEST(CachingCountryDbTest, AnswerForALargeNetworkServesItsWholeBlock) {
  CountingCountryDb db(1024);
  db.AddNetwork("210.150.0.0/16", "JP");
  db.AddNetwork("2400:8500::/32", "JP");
  EXPECT_EQ(db.Lookup(Ip("210.150.186.238")), "JP");
  EXPECT_EQ(db.Lookup(Ip("210.150.186.1")), "JP");  // same /24: no new question
  EXPECT_EQ(db.Lookup(Ip("2400:8500:1:2::1")), "JP");
  EXPECT_EQ(db.Lookup(Ip("2400:8500:1:ffff::9")), "JP");  // same /48
  EXPECT_EQ(db.resolves, 2);
  EXPECT_EQ(db.Lookup(Ip("210.150.187.1")), "JP");  // another /24 of the network
  EXPECT_EQ(db.resolves, 3);
}

TEST(CachingCountryDbTest, AnswerForASmallNetworkServesOnlyItsAddress) {
  CountingCountryDb db(1024);
  db.AddNetwork("150.249.227.160/28", "JP");
  db.AddNetwork("150.249.227.0/25", "US");
  EXPECT_EQ(db.Lookup(Ip("150.249.227.161")), "JP");
  EXPECT_EQ(db.Lookup(Ip("150.249.227.1")), "US");
  EXPECT_EQ(db.Lookup(Ip("150.249.227.161")), "JP");  // from the address cache
  EXPECT_EQ(db.Lookup(Ip("150.249.227.2")), "US");    // not from a block entry
  EXPECT_EQ(db.resolves, 3);
}

TEST(CachingCountryDbTest, NonGlobalAddressIsPrivateWithoutAskingTheBackEnd) {
  CountingCountryDb db(1024);
  EXPECT_EQ(db.Lookup(Ip("192.168.1.1")), "private");
  EXPECT_EQ(db.Lookup(Ip("fe80::1")), "private");
  EXPECT_EQ(db.resolves, 0);
}

TEST(CachingCountryDbTest, EvictedAddressIsAskedAgainAndAnswersTheSame) {
  CountingCountryDb db(CountryCache::kWays);
  const char* addresses[] = {"1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"};
  for (const char* a : addresses) db.AddNetwork((std::string(a) + "/32").c_str(), "AU");
  for (const char* a : addresses) EXPECT_EQ(db.Lookup(Ip(a)), "AU");
  EXPECT_EQ(db.Lookup(Ip("1.1.1.1")), "AU");  // evicted by 5.5.5.5
  EXPECT_EQ(db.resolves, 6);
}

}  // namespace
}  // namespace fwlog
