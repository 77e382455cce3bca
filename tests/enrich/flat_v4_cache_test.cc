#include "enrich/country/flat_v4_cache.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fwlog {
namespace {

namespace fs = std::filesystem;

class FlatV4CacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("flat_v4_cache_test." + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A table of ranges from `starts`, answered by the given countries, each
  // with its own AS number; every other one drop-listed, so a round trip
  // shows all three parts kept.
  static FlatV4Cache::Table Ranges(std::vector<std::uint32_t> starts, std::initializer_list<const char*> countries) {
    FlatV4Cache::Table t;
    t.starts = std::move(starts);
    t.asns.push_back(0);
    std::uint32_t asn = 4200000000u;
    for (const char* c : countries) {
      t.asns.push_back(asn++);
      const auto index = static_cast<std::uint32_t>(t.asns.size() - 1);
      t.answers.push_back(PackedOrigin::Pack(CountryCode::FromText(c), t.answers.size() % 2 == 1, index));
    }
    return t;
  }
  static bool Same(const FlatV4Cache::Table& a, const FlatV4Cache::Table& b) {
    return a.starts == b.starts && a.answers == b.answers && a.asns == b.asns;
  }
  static bool Empty(const FlatV4Cache::Table& t) { return t.starts.empty() && t.answers.empty() && t.asns.empty(); }
  std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  void WriteFile(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  }

  fs::path dir_;
  const FlatV4Cache::Source source_{2049, 1234567, 52428800, 1700000000123456789, 1699999999};
  const FlatV4Cache::Table table_ =
      Ranges({0, 0x01000000, 0x0a000000, 0xd2960000, 0xd2960100}, {"??", "AU", "??", "JP", "US"});
};

TEST_F(FlatV4CacheTest, WhatIsStoredLoadsForTheSameDatabaseFile) {
  const FlatV4Cache cache(dir_.string(), "/var/lib/location/database.db");
  FlatV4Cache::Table table;
  EXPECT_FALSE(cache.Load(source_, table));  // nothing stored yet
  cache.Store(source_, table_);
  ASSERT_TRUE(fs::exists(cache.path())) << cache.path();
  ASSERT_TRUE(cache.Load(source_, table));
  EXPECT_TRUE(Same(table, table_));
  EXPECT_EQ(PackedOrigin::Code(table.answers[3]).text(), "JP");
  EXPECT_TRUE(PackedOrigin::DropListed(table.answers[3]));
  EXPECT_EQ(table.asns[PackedOrigin::AsIndex(table.answers[3])], 4200000003u);
  // Nothing is left beside it.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(FlatV4CacheTest, AnotherDatabaseFileReadsAsNoCache) {
  const FlatV4Cache cache(dir_.string(), "/var/lib/location/database.db");
  cache.Store(source_, table_);
  FlatV4Cache::Table table;
  for (int field = 0; field < 5; ++field) {
    FlatV4Cache::Source other = source_;
    if (field == 0) ++other.device;
    if (field == 1) ++other.inode;
    if (field == 2) ++other.size;
    if (field == 3) ++other.modified_ns;
    if (field == 4) ++other.built;
    EXPECT_FALSE(cache.Load(other, table)) << field;
    EXPECT_TRUE(Empty(table)) << field;
  }
  // Another path has its own file.
  const FlatV4Cache elsewhere(dir_.string(), "/srv/other.db");
  EXPECT_NE(elsewhere.path(), cache.path());
  EXPECT_FALSE(elsewhere.Load(source_, table));
}

TEST_F(FlatV4CacheTest, ADamagedFileReadsAsNoCacheAndIsReplacedByTheNextStore) {
  const FlatV4Cache cache(dir_.string(), "/var/lib/location/database.db");
  cache.Store(source_, table_);
  const std::string good = ReadFile(cache.path());
  FlatV4Cache::Table table;
  // Every single byte flipped, the file cut anywhere, a byte more.
  for (std::size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x40);
    WriteFile(cache.path(), bad);
    EXPECT_FALSE(cache.Load(source_, table)) << "byte " << i;
    EXPECT_TRUE(Empty(table)) << "byte " << i;
    WriteFile(cache.path(), good.substr(0, i));
    EXPECT_FALSE(cache.Load(source_, table)) << "cut at " << i;
  }
  WriteFile(cache.path(), good + '\0');
  EXPECT_FALSE(cache.Load(source_, table));
  cache.Store(source_, table_);
  EXPECT_TRUE(cache.Load(source_, table));
}

TEST_F(FlatV4CacheTest, RangesThatCannotBeATableAreNotLoaded) {
  const FlatV4Cache cache(dir_.string(), "/var/lib/location/database.db");
  FlatV4Cache::Table table;
  const struct {
    const char* what;
    FlatV4Cache::Table stored;
  } cases[] = {
      {"does not start at 0", Ranges({5, 10}, {"JP", "US"})},
      {"not ascending", Ranges({0, 10, 10}, {"JP", "US", "AU"})},
      {"descending", Ranges({0, 20, 10}, {"JP", "US", "AU"})},
      {"an AS index past the table",
       [] {
         auto t = Ranges({0, 10}, {"JP", "US"});
         t.asns.pop_back();
         return t;
       }()},
      {"a country number that is no code",
       [] {
         auto t = Ranges({0, 10}, {"JP", "US"});
         t.answers[1] |= 0x3ffu;
         return t;
       }()},
  };
  for (const auto& c : cases) {
    cache.Store(source_, c.stored);
    EXPECT_FALSE(cache.Load(source_, table)) << c.what;
    EXPECT_TRUE(Empty(table)) << c.what;
  }
}

TEST_F(FlatV4CacheTest, AnUnwritableDirectoryIsNoCacheAndNoError) {
  const fs::path file = dir_ / "a-file";
  fs::create_directories(dir_);
  WriteFile(file.string(), "x");
  const FlatV4Cache cache((file / "sub").string(), "/var/lib/location/database.db");
  cache.Store(source_, table_);
  FlatV4Cache::Table table;
  EXPECT_FALSE(cache.Load(source_, table));
}

// Sets or unsets environment variables for one test, and puts them back.
class Environment {
 public:
  void Set(const char* name, const char* value) {
    Keep(name);
    if (value == nullptr)
      ::unsetenv(name);
    else
      ::setenv(name, value, 1);
  }
  ~Environment() {
    for (const auto& [name, value] : kept_) {
      if (value)
        ::setenv(name.c_str(), value->c_str(), 1);
      else
        ::unsetenv(name.c_str());
    }
  }

 private:
  void Keep(const char* name) {
    for (const auto& kept : kept_)
      if (kept.first == name) return;
    const char* value = std::getenv(name);
    kept_.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
  }
  std::vector<std::pair<std::string, std::optional<std::string>>> kept_;
};

TEST(FlatV4CacheDirectoryTest, TheFirstOfOurVariableSystemdsXdgsAndHomeDecides) {
  Environment env;
  env.Set("FWLOG_CACHE_DIR", "/ours");
  env.Set("CACHE_DIRECTORY", "/var/cache/fwlog_exporter:/var/cache/second");
  env.Set("XDG_CACHE_HOME", "/xdg");
  env.Set("HOME", "/home/u");
  EXPECT_EQ(FlatV4Cache::Directory(), "/ours");
  env.Set("FWLOG_CACHE_DIR", "");
  EXPECT_EQ(FlatV4Cache::Directory(), std::nullopt);  // set and empty: no cache
  env.Set("FWLOG_CACHE_DIR", nullptr);
  EXPECT_EQ(FlatV4Cache::Directory(), "/var/cache/fwlog_exporter");
  env.Set("CACHE_DIRECTORY", nullptr);
  EXPECT_EQ(FlatV4Cache::Directory(), "/xdg/fwlog_exporter");
  env.Set("XDG_CACHE_HOME", nullptr);
  EXPECT_EQ(FlatV4Cache::Directory(), "/home/u/.cache/fwlog_exporter");
  env.Set("HOME", nullptr);
  EXPECT_EQ(FlatV4Cache::Directory(), std::nullopt);
}

}  // namespace
}  // namespace fwlog
