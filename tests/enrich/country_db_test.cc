#include "enrich/country/country_db.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fwlog {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kLiblocDatabase[] = "/var/lib/location/database.db";

IpAddress Ip(const char* text) {
  auto address = IpAddress::Parse(text);
  EXPECT_TRUE(address.has_value()) << text;
  return address.value_or(IpAddress());
}

std::unique_ptr<CountryDb> OpenFixture(const std::string& name) {
  auto db = OpenCountryDb(std::string(FWLOG_TEST_DATA_DIR) + "/mmdb/" + name);
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? *std::move(db) : NullCountryDb();
}

std::unique_ptr<CountryDb> OpenLibloc() {
  auto db = OpenCountryDb(kLiblocDatabase);
  EXPECT_TRUE(db.ok()) << db.status();
  return db.ok() ? *std::move(db) : NullCountryDb();
}

std::string WriteTemp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::path(::testing::TempDir()) / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

// --- MaxMind DB files ---

TEST(CountryDbTest, MmdbReadsCountryIsoCode) {
  auto db = OpenFixture("GeoIP2-Country-Test.mmdb");
  EXPECT_EQ(db->Lookup(Ip("2.125.160.216")), "GB");  // registered_country is FR: country wins
  EXPECT_EQ(db->Lookup(Ip("89.160.20.112")), "SE");
  EXPECT_EQ(db->Lookup(Ip("2001:218::1")), "JP");
}

TEST(CountryDbTest, MmdbFallsBackToRegisteredCountry) {
  auto db = OpenFixture("GeoIP2-Enterprise-Test.mmdb");
  EXPECT_EQ(db->Lookup(Ip("5.83.124.123")), "RO");
}

TEST(CountryDbTest, MmdbReadsFlatCountryCodeAndNotTheCountryName) {
  auto db = OpenFixture("ipinfo_lite_sample.mmdb");  // country_code "AU", country "Australia"
  EXPECT_EQ(db->Lookup(Ip("1.0.0.1")), "AU");
}

// The AS number and name, where the record has them: IPinfo Lite's asn
// ("AS13335") and as_name, GeoIP2-Enterprise's traits; none in a
// country-only database. MaxMind DBs have no drop flag.
TEST(CountryDbTest, MmdbReadsTheAsWhereTheRecordHasIt) {
  const struct {
    const char* file;
    const char* address;
    std::uint32_t asn;
    const char* name;
  } cases[] = {
      {"ipinfo_lite_sample.mmdb", "1.0.0.1", 13335, "Cloudflare, Inc."},
      {"GeoIP2-Enterprise-Test.mmdb", "74.209.24.0", 14671, "FairPoint Communications"},
      {"GeoIP2-Country-Test.mmdb", "2.125.160.216", 0, ""},
  };
  for (const auto& c : cases) {
    auto db = OpenFixture(c.file);
    const Origin origin = db->Find(Ip(c.address));
    EXPECT_EQ(origin.asn, c.asn) << c.file;
    EXPECT_EQ(db->AsName(origin.asn), c.name) << c.file;
    EXPECT_FALSE(origin.drop_listed) << c.file;
    EXPECT_EQ(db->Find(Ip(c.address)), origin) << c.file << ": from the cache";
  }
}

TEST(CountryDbTest, MmdbReadsTwoLetterCountryString) {
  auto db = OpenFixture("ip_country_sample.mmdb");  // legacy IPinfo: country "JP"
  EXPECT_EQ(db->Lookup(Ip("1.0.16.1")), "JP");
}

TEST(CountryDbTest, MmdbRecordWithoutCountryIsUnknown) {
  auto db = OpenFixture("GeoIP2-Country-Test.mmdb");
  EXPECT_EQ(db->Lookup(Ip("2a02:d500::1")), "unknown");  // continent only
  EXPECT_EQ(db->Lookup(Ip("214.1.1.1")), "unknown");     // traits only
}

TEST(CountryDbTest, MmdbAddressNotInDatabaseIsUnknown) {
  auto db = OpenFixture("GeoIP2-Country-Test.mmdb");
  EXPECT_EQ(db->Lookup(Ip("8.8.8.8")), "unknown");
  EXPECT_EQ(db->Lookup(Ip("2606:4700::1")), "unknown");
}

TEST(CountryDbTest, MmdbNestedLeavesKeepTheirOwnAnswers) {
  auto db = OpenFixture("GeoIP2-Country-Test.mmdb");  // 2001:220::/128 SE, 2001:220::1/128 KR, ...
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(db->Lookup(Ip("2001:220::")), "SE");
    EXPECT_EQ(db->Lookup(Ip("2001:220::1")), "KR");
    EXPECT_EQ(db->Lookup(Ip("2001:220::1:0")), "KR");
  }
}

TEST(CountryDbTest, MmdbAnswersEveryAddressOfALeafAlike) {
  auto db = OpenFixture("GeoIP2-Country-Test.mmdb");  // 2001:218::/32 JP: cached per /48 block
  EXPECT_EQ(db->Lookup(Ip("2001:218::1")), "JP");
  EXPECT_EQ(db->Lookup(Ip("2001:218::2")), "JP");
  EXPECT_EQ(db->Lookup(Ip("2001:218:ffff:ffff::1")), "JP");
  EXPECT_EQ(db->Lookup(Ip("2001:219::1")), "unknown");
}

TEST(CountryDbTest, MmdbReportsItsBuildTime) {
  auto db = OpenFixture("GeoIP2-Country-Test.mmdb");
  EXPECT_EQ(db->BuildTime(), 1770245369);  // 2026-02-04T22:49:29Z, metadata.build_epoch
}

TEST(CountryDbTest, MmdbDescribesPathAndType) {
  auto db = OpenFixture("GeoIP2-Country-Test.mmdb");
  EXPECT_THAT(db->Describe(), StartsWith("mmdb "));
  EXPECT_THAT(db->Describe(), HasSubstr("GeoIP2-Country-Test.mmdb (GeoIP2-Country)"));
}

TEST(CountryDbTest, MmdbExtensionIsMatchedInAnyCase) {
  const auto copy = std::filesystem::path(::testing::TempDir()) / "Upper.MMDB";
  std::filesystem::copy_file(std::string(FWLOG_TEST_DATA_DIR) + "/mmdb/GeoIP2-Country-Test.mmdb", copy,
                             std::filesystem::copy_options::overwrite_existing);
  auto db = OpenCountryDb(copy.string());
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_EQ((*db)->Lookup(Ip("2.125.160.216")), "GB");
}

TEST(CountryDbTest, RepeatedLookupsGiveTheSameAnswers) {
  auto db = OpenFixture("GeoIP2-Country-Test.mmdb");
  const char* addresses[] = {"2.125.160.216", "8.8.8.8", "2001:218::1", "81.2.69.160", "67.43.156.1", "10.0.0.1"};
  std::vector<std::string> first;
  for (const char* a : addresses) first.emplace_back(db->Lookup(Ip(a)));
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < std::size(addresses); ++i) EXPECT_EQ(db->Lookup(Ip(addresses[i])), first[i]);
  }
  EXPECT_EQ(first[4], "BT");
  EXPECT_EQ(first[5], "private");
}

// --- Every back-end ---

TEST(CountryDbTest, NonGlobalAddressIsPrivate) {
  auto db = OpenFixture("GeoIP2-Country-Test.mmdb");
  EXPECT_EQ(db->Lookup(Ip("192.168.1.10")), "private");
  EXPECT_EQ(db->Lookup(Ip("fd00::1")), "private");
  EXPECT_EQ(NullCountryDb()->Lookup(Ip("10.0.0.1")), "private");
}

TEST(CountryDbTest, NullDatabaseKnowsNoCountry) {
  auto db = NullCountryDb();
  EXPECT_EQ(db->Lookup(Ip("210.150.186.238")), "unknown");
  EXPECT_EQ(db->BuildTime(), std::nullopt);
  EXPECT_EQ(db->Describe(), "none");
}

TEST(CountryDbTest, MissingDatabaseIsNotFound) {
  auto db = OpenCountryDb("/nonexistent/GeoLite2-Country.mmdb");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(db.status().message(), HasSubstr("/nonexistent/GeoLite2-Country.mmdb"));
  EXPECT_EQ(OpenCountryDb("/nonexistent/location.db").status().code(), absl::StatusCode::kNotFound);
}

TEST(CountryDbTest, GarbageMmdbIsAnError) {
  const auto path = WriteTemp("garbage.mmdb", "this is not a MaxMind DB\n");
  auto db = OpenCountryDb(path);
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(db.status().message(), HasSubstr(path + ": cannot open as a MaxMind DB"));
}

TEST(CountryDbTest, GarbageLiblocDatabaseIsAnError) {
  const auto path = WriteTemp("garbage.db", "this is not a location database\n");
  auto db = OpenCountryDb(path);
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(db.status().message(), HasSubstr(path + ": not a libloc location database"));
}

TEST(CountryDbTest, FolderIsAnError) {
  auto db = OpenCountryDb(::testing::TempDir());
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(db.status().message(), HasSubstr("is a folder"));
}

TEST(CountryDbTest, EmptyPathIsAnError) { EXPECT_FALSE(OpenCountryDb("").ok()); }

// --- libloc, against the system's IPFire Location database ---

TEST(CountryDbTest, LiblocFindsNictSurveyAddressInJapan) {
  if (!std::filesystem::exists(kLiblocDatabase)) {
    GTEST_SKIP() << kLiblocDatabase << " is not installed (Debian: apt install libloc-database)";
  }
  auto db = OpenLibloc();
  EXPECT_EQ(db->Lookup(Ip("210.150.186.238")), "JP");
  EXPECT_EQ(db->Lookup(Ip("210.150.186.238")), "JP");  // from the cache
}

TEST(CountryDbTest, LiblocAnswersIpv4AndIpv6) {
  if (!std::filesystem::exists(kLiblocDatabase)) {
    GTEST_SKIP() << kLiblocDatabase << " is not installed (Debian: apt install libloc-database)";
  }
  auto db = OpenLibloc();
  EXPECT_EQ(db->Lookup(Ip("8.8.8.8")), "US");
  EXPECT_EQ(db->Lookup(Ip("2001:4860:4860::8888")), "US");
  EXPECT_EQ(db->Lookup(Ip("192.168.1.1")), "private");
}

TEST(CountryDbTest, LiblocReportsBuildTimeAndPath) {
  if (!std::filesystem::exists(kLiblocDatabase)) {
    GTEST_SKIP() << kLiblocDatabase << " is not installed (Debian: apt install libloc-database)";
  }
  auto db = OpenLibloc();
  ASSERT_TRUE(db->BuildTime().has_value());
  EXPECT_GT(*db->BuildTime(), 1577836800);  // after 2020-01-01
  EXPECT_EQ(db->Describe(), std::string("libloc ") + kLiblocDatabase);
}

}  // namespace
}  // namespace fwlog
