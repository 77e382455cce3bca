// The libloc back-end reads the database's network tree itself (LocTree,
// exporter/enrich/country/loc_tree.h) instead of calling
// loc_database_lookup(). These tests hold it to libloc's own answers on the
// system's database, address by address, including addresses answered from
// the per-block cache that the tree walk makes possible, and the ranges
// kept on disk between runs (FlatV4Cache) to what the walk makes.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <string>

#include "enrich/country/caching_country_db.h"
#include "gtest/gtest.h"

namespace fwlog {
namespace {

constexpr char kDatabase[] = "/var/lib/location/database.db";

class LiblocTreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kDatabase)) GTEST_SKIP() << kDatabase << " is not installed (libloc-database)";
    // The tree is walked here, not read from a cache (CacheIsUsedAndAnswersAsTheWalkDoes).
    if (const char* dir = std::getenv("FWLOG_CACHE_DIR")) kept_cache_dir_ = dir;
    ::setenv("FWLOG_CACHE_DIR", "", 1);
    auto tree = OpenLiblocCountryDb(kDatabase, LiblocLookup::kTree);
    ASSERT_TRUE(tree.ok()) << tree.status();
    auto library = OpenLiblocCountryDb(kDatabase, LiblocLookup::kLibrary);
    ASSERT_TRUE(library.ok()) << library.status();
    tree_ = *std::move(tree);
    library_ = *std::move(library);
  }

  // Compares both answers for `address`; returns false (with a message) on the
  // first difference.
  void Expect(const IpAddress& address) {
    const std::string from_tree(tree_->Lookup(address));
    const std::string from_library(library_->Lookup(address));
    ASSERT_EQ(from_tree, from_library) << address.ToString();
    if (from_tree != "unknown" && from_tree != "private") ++known_;
  }

  void TearDown() override {
    if (kept_cache_dir_)
      ::setenv("FWLOG_CACHE_DIR", kept_cache_dir_->c_str(), 1);
    else
      ::unsetenv("FWLOG_CACHE_DIR");
  }

  std::unique_ptr<CountryDb> tree_;
  std::unique_ptr<CountryDb> library_;
  long known_ = 0;
  std::optional<std::string> kept_cache_dir_;
};

TEST_F(LiblocTreeTest, CacheIsUsedAndAnswersAsTheWalkDoes) {
  // A first open walks the tree and stores its ranges; a second reads them
  // back. Both must answer as the walk (tree_) and libloc do.
  const auto dir = std::filesystem::temp_directory_path() / ("libloc_tree_test." + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  ::setenv("FWLOG_CACHE_DIR", dir.c_str(), 1);
  auto storing = OpenLiblocCountryDb(kDatabase, LiblocLookup::kTree);
  ASSERT_TRUE(storing.ok()) << storing.status();
  ASSERT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 1);
  const auto stored = std::filesystem::directory_iterator(dir)->path();
  const auto written = std::filesystem::last_write_time(stored);
  auto loading = OpenLiblocCountryDb(kDatabase, LiblocLookup::kTree);
  ASSERT_TRUE(loading.ok()) << loading.status();
  EXPECT_EQ(std::filesystem::last_write_time(stored), written);  // read, not written again
  std::mt19937_64 rng(1116);
  for (int i = 0; i < 200000; ++i) {
    const auto address = IpAddress::FromV4(static_cast<std::uint32_t>(rng()));
    const std::string walked((*storing)->Lookup(address));
    ASSERT_EQ((*loading)->Lookup(address), walked) << address.ToString();
    Expect(address);
    if (HasFatalFailure()) break;
  }
  std::filesystem::remove_all(dir);
}

TEST_F(LiblocTreeTest, SameAnswersAsLoc_database_lookupForRandomIpv4) {
  std::mt19937_64 rng(20181114);
  for (int i = 0; i < 200000; ++i) {
    Expect(IpAddress::FromV4(static_cast<std::uint32_t>(rng())));
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(known_, 100000);  // most of the IPv4 space has a country
}

TEST_F(LiblocTreeTest, SameAnswersWithinBlocksAnsweredFromTheBlockCache) {
  // Many addresses of one /24: after the first, the tree back-end may answer
  // from its block cache; libloc is asked every time.
  std::mt19937_64 rng(7);
  for (int block = 0; block < 20000; ++block) {
    const auto base = static_cast<std::uint32_t>(rng()) & 0xffffff00u;
    for (int k = 0; k < 6; ++k) {
      Expect(IpAddress::FromV4(base | static_cast<std::uint32_t>(rng() & 0xff)));
      if (HasFatalFailure()) return;
    }
  }
}

TEST_F(LiblocTreeTest, SameAnswersForIpv6) {
  std::mt19937_64 rng(48);
  for (int i = 0; i < 100000; ++i) {
    IpAddress::Bytes b{};
    for (auto& byte : b) byte = static_cast<std::uint8_t>(rng());
    // Mostly inside the allocated 2001::/16 .. 2c0f::/16, some anywhere.
    if (i % 10 != 0) {
      const auto top = static_cast<std::uint16_t>(0x2001 + rng() % (0x2c0f - 0x2001));
      b[0] = static_cast<std::uint8_t>(top >> 8);
      b[1] = static_cast<std::uint8_t>(top);
    }
    // And some sharing a /48, for the block cache.
    for (int k = 0; k < (i % 5 == 0 ? 3 : 1); ++k) {
      b[15] = static_cast<std::uint8_t>(rng());
      Expect(IpAddress::FromBytes(b));
      if (HasFatalFailure()) return;
    }
  }
  EXPECT_GT(known_, 1000);  // random IPv6 addresses are mostly unallocated
}

TEST_F(LiblocTreeTest, KnownAddresses) {
  EXPECT_EQ(tree_->Lookup(*IpAddress::Parse("210.150.186.238")), "JP");
  EXPECT_EQ(tree_->Lookup(*IpAddress::Parse("8.8.8.8")), "US");
  EXPECT_EQ(tree_->Lookup(*IpAddress::Parse("2001:4860:4860::8888")), "US");
  EXPECT_EQ(tree_->Lookup(*IpAddress::Parse("192.168.1.1")), "private");
}

}  // namespace
}  // namespace fwlog
