// The libloc back-end reads the database's network tree itself (LocTree,
// exporter/enrich/country/loc_tree.h) instead of calling
// loc_database_lookup(). These tests hold it to libloc's own answers on the
// system's database, address by address, including addresses answered from
// the per-block cache that the tree walk makes possible, and the ranges
// kept on disk between runs (FlatV4Cache) to what the walk makes.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <random>
#include <set>
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
  // The whole Origin (country, AS number, drop flag) and the AS's name.
  void Expect(const IpAddress& address) {
    const Origin from_tree = tree_->Find(address);
    const Origin from_library = library_->Find(address);
    ASSERT_EQ(from_tree.code, from_library.code) << address.ToString();
    ASSERT_EQ(from_tree.asn, from_library.asn) << address.ToString();
    ASSERT_EQ(from_tree.drop_listed, from_library.drop_listed) << address.ToString();
    if (from_tree.asn != 0 && names_checked_.insert(from_tree.asn).second) {
      ASSERT_EQ(tree_->AsName(from_tree.asn), library_->AsName(from_tree.asn)) << "AS" << from_tree.asn;
    }
    if (from_tree.code.known()) ++known_;
    if (from_tree.asn != 0) ++with_as_;
    if (from_tree.drop_listed) ++drop_listed_;
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
  long with_as_ = 0;
  long drop_listed_ = 0;
  std::set<std::uint32_t> names_checked_;
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
  EXPECT_GT(known_, 100000);    // most of the IPv4 space has a country
  EXPECT_GT(with_as_, 100000);  // ... and an AS
  EXPECT_GT(drop_listed_, 10);  // a few hundred thousand of 2^32 addresses are drop-listed
  EXPECT_GT(names_checked_.size(), 5000u);
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

TEST_F(LiblocTreeTest, CensysScannerIsItsAsWithItsName) {
  for (CountryDb* db : {tree_.get(), library_.get()}) {
    const Origin censys = db->Find(*IpAddress::Parse("162.142.125.1"));
    EXPECT_EQ(censys.asn, 398324u);
    EXPECT_NE(db->AsName(censys.asn).find("CENSYS"), std::string::npos) << db->AsName(censys.asn);
    EXPECT_FALSE(censys.drop_listed);
    EXPECT_EQ(db->AsName(0), "");
    EXPECT_EQ(db->Find(*IpAddress::Parse("198.51.100.1")), Origin(CountryCode::Private()));
  }
}

// What the database's own tool lists as drop-listed networks is drop-listed
// here: the first address of each of the first networks it prints.
TEST_F(LiblocTreeTest, NetworksTheLocationToolListsAsDropAreDropListed) {
  std::FILE* pipe = ::popen(
      "location --database /var/lib/location/database.db list-networks-by-flags --drop "
      "2>/dev/null | head -n 200",
      "r");
  ASSERT_NE(pipe, nullptr);
  char line[128];
  int checked = 0;
  while (std::fgets(line, sizeof line, pipe) != nullptr) {
    std::string text(line);
    text = text.substr(0, text.find_first_of("/\n"));
    const auto address = IpAddress::Parse(text);
    if (!address) continue;
    EXPECT_TRUE(tree_->Find(*address).drop_listed) << text;
    EXPECT_TRUE(library_->Find(*address).drop_listed) << text;
    ++checked;
  }
  ::pclose(pipe);
  if (checked == 0) GTEST_SKIP() << "the location tool listed no drop-listed network (not installed?)";
  EXPECT_GE(checked, 100);
}

}  // namespace
}  // namespace fwlog
