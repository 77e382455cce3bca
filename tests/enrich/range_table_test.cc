#include "enrich/range_table.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fwlog {
namespace {

// `prefix` followed by `n`, built by appending: `"n" + std::to_string(i)`
// draws a false -Wrestrict from GCC 12 at -O3 (GCC bug 105329).
std::string Numbered(const char* prefix, std::uint32_t n) {
  std::string s(prefix);
  s += std::to_string(n);
  return s;
}

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

IpAddress Ip(const char* text) {
  auto address = IpAddress::Parse(text);
  EXPECT_TRUE(address.has_value()) << text;
  return address.value_or(IpAddress());
}

Cidr Block(const char* text) {
  auto cidr = Cidr::Parse(text);
  EXPECT_TRUE(cidr.has_value()) << text;
  return cidr.value_or(Cidr());
}

std::string Fixture(const std::string& path) { return std::string(FWLOG_TEST_DATA_DIR) + "/ranges/" + path; }

// A fresh folder per test for files whose errors are checked by position.
class TempFolder {
 public:
  TempFolder() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::path(::testing::TempDir()) / (std::string("range_table_") + info->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempFolder() { fs::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return (path_ / name).string();
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string LoadError(const std::vector<std::string>& paths) {
  auto table = RangeTable::Load(paths);
  return table.ok() ? "(loaded)" : std::string(table.status().message());
}

// --- Lookup ---

TEST(RangeTableTest, LongestPrefixWins) {
  RangeTable table;
  table.Add(Block("8.0.0.0/8"), "wide");
  table.Add(Block("8.8.0.0/16"), "narrow");
  table.Add(Block("8.8.8.8/32"), "host");
  EXPECT_EQ(table.Lookup(Ip("8.8.8.8")), "host");
  EXPECT_EQ(table.Lookup(Ip("8.8.8.9")), "narrow");
  EXPECT_EQ(table.Lookup(Ip("8.9.0.1")), "wide");
}

TEST(RangeTableTest, LongestPrefixWinsForIpv6) {
  RangeTable table;
  table.Add(Block("2400::/12"), "apnic");
  table.Add(Block("2400:8500::/32"), "isp");
  table.Add(Block("2400:8500:1::/48"), "site");
  EXPECT_EQ(table.Lookup(Ip("2400:8500:1::5")), "site");
  EXPECT_EQ(table.Lookup(Ip("2400:8500:2::5")), "isp");
  EXPECT_EQ(table.Lookup(Ip("2401::1")), "apnic");
  EXPECT_EQ(table.Lookup(Ip("2a00::1")), "other");
}

TEST(RangeTableTest, GlobalAddressInNoRangeIsOther) {
  const RangeTable table;
  EXPECT_EQ(table.Lookup(Ip("8.8.8.8")), "other");
  EXPECT_EQ(table.Lookup(Ip("2001:4860:4860::8888")), "other");
}

TEST(RangeTableTest, NonGlobalAddressIsPrivate) {
  const RangeTable table;
  for (const char* text : {"192.168.1.10", "10.0.0.1", "127.0.0.1", "100.64.1.1", "169.254.0.1", "::1", "fe80::1",
                           "fd00::1", "2001:db8::1"}) {
    EXPECT_EQ(table.Lookup(Ip(text)), "private") << text;
  }
}

TEST(RangeTableTest, NamedRangeWinsOverPrivate) {
  RangeTable table;
  table.Add(Block("192.168.0.0/16"), "home");
  EXPECT_EQ(table.Lookup(Ip("192.168.1.10")), "home");
  EXPECT_EQ(table.Lookup(Ip("10.0.0.1")), "private");
}

TEST(RangeTableTest, CallerMayPassWhatItKnowsAboutGlobalness) {
  RangeTable table;
  table.Add(Block("192.168.0.0/16"), "home");
  EXPECT_EQ(table.Lookup(Ip("192.168.1.10"), false), "home");
  EXPECT_EQ(table.Lookup(Ip("10.0.0.1"), false), "private");
  EXPECT_EQ(table.Lookup(Ip("8.8.8.8"), true), "other");
}

TEST(RangeTableTest, Ipv6BlockNeverMatchesIpv4Address) {
  RangeTable table;
  table.Add(Block("::/0"), "all-v6");
  EXPECT_EQ(table.Lookup(Ip("2001:4860::1")), "all-v6");
  EXPECT_EQ(table.Lookup(Ip("8.8.8.8")), "other");
  EXPECT_EQ(table.Lookup(Ip("::ffff:8.8.8.8")), "other");  // v4-mapped is IPv4
}

TEST(RangeTableTest, ZeroPrefixIpv4BlockHoldsEveryIpv4Address) {
  RangeTable table;
  table.Add(Block("0.0.0.0/0"), "all-v4");
  EXPECT_EQ(table.Lookup(Ip("8.8.8.8")), "all-v4");
  EXPECT_EQ(table.Lookup(Ip("10.1.2.3")), "all-v4");
  EXPECT_EQ(table.Lookup(Ip("2001:4860::1")), "other");
}

TEST(RangeTableTest, LaterAddWithSamePrefixReplacesName) {
  RangeTable table;
  table.Add(Block("198.18.0.0/15"), "first");
  table.Add(Block("198.18.0.0/15"), "second");
  EXPECT_EQ(table.Lookup(Ip("198.18.5.5")), "second");
  EXPECT_EQ(table.size(), 1u);
  EXPECT_THAT(table.Names(), ElementsAre("second"));
}

TEST(RangeTableTest, ManyBlocksOfOneLengthAllResolve) {
  RangeTable table;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    table.Add(Cidr{IpAddress::FromV4(0x0B000000u + (i << 8)), 96 + 24}, Numbered("n", i % 7));
  }
  EXPECT_EQ(table.size(), 5000u);
  for (std::uint32_t i = 0; i < 5000; ++i) {
    ASSERT_EQ(table.Lookup(IpAddress::FromV4(0x0B000000u + (i << 8) + 77)), Numbered("n", i % 7)) << i;
  }
  EXPECT_EQ(table.Lookup(IpAddress::FromV4(0x0B000000u + (5000u << 8))), "other");
}

// Find() skips the probes for an IPv4 address whose /16 holds no block, and
// Flatten() turns the IPv4 blocks into disjoint intervals; the answers must
// be those of a plain longest-prefix search either way, for blocks longer
// and shorter than /16 and addresses at their edges.
TEST(RangeTableTest, AnswersAsALongestPrefixSearchOverTheBlocks) {
  std::mt19937 rng(12);
  struct Block {
    std::uint32_t net;
    int bits;
    std::string name;
  };
  const auto v4 = [](std::uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string(a >> 16 & 255) + "." + std::to_string(a >> 8 & 255) + "." +
           std::to_string(a & 255);
  };
  const auto mask = [](int bits) { return bits == 0 ? 0u : ~0u << (32 - bits); };
  for (int round = 0; round < 20; ++round) {
    RangeTable table;
    std::vector<Block> blocks;
    for (int i = 0; i < 30; ++i) {
      const int bits = static_cast<int>(rng() % 4 == 0 ? 4 + rng() % 12 : 16 + rng() % 17);
      const std::uint32_t net = static_cast<std::uint32_t>(rng()) & mask(bits);
      const std::string name = Numbered("r", static_cast<std::uint32_t>(i));
      const auto cidr = Cidr::Parse(v4(net) + "/" + std::to_string(bits));
      ASSERT_TRUE(cidr);
      table.Add(*cidr, name);
      std::erase_if(blocks, [&](const Block& b) { return b.bits == bits && b.net == net; });
      blocks.push_back({net, bits, name});
    }
    std::vector<std::pair<std::uint32_t, std::string>> flat;
    for (int i = 0; i < 3000; ++i) {
      std::uint32_t a = static_cast<std::uint32_t>(rng());
      if (i % 2 == 0) {  // at or next to a block's edge
        const Block& b = blocks[rng() % blocks.size()];
        a = (i % 4 == 0 ? b.net : b.net | ~mask(b.bits)) + static_cast<std::uint32_t>(rng() % 3) - 1;
      }
      const Block* best = nullptr;
      for (const auto& b : blocks)
        if ((a & mask(b.bits)) == b.net && (best == nullptr || b.bits > best->bits)) best = &b;
      const std::string expected = best != nullptr ? best->name : (Ip(v4(a).c_str()).IsGlobal() ? "other" : "private");
      ASSERT_EQ(table.Lookup(Ip(v4(a).c_str())), expected) << v4(a);
      flat.push_back({a, expected});
    }
    // The flat layout gives the same answers.
    ASSERT_FALSE(table.flat());
    table.Flatten();
    ASSERT_TRUE(table.flat());
    for (const auto& [a, expected] : flat) ASSERT_EQ(table.Lookup(Ip(v4(a).c_str())), expected) << v4(a);
  }
}

TEST(RangeTableTest, HandMadeBlockWithHostBitsIsMasked) {
  RangeTable table;
  table.Add(Cidr{Ip("8.8.8.8"), 96 + 24}, "google-dns");
  EXPECT_EQ(table.Lookup(Ip("8.8.8.1")), "google-dns");
}

TEST(RangeTableTest, NamesAreSortedAndDistinct) {
  RangeTable table;
  table.Add(Block("1.0.0.0/8"), "zeta");
  table.Add(Block("2.0.0.0/8"), "alpha");
  table.Add(Block("3.0.0.0/8"), "zeta");
  EXPECT_THAT(table.Names(), ElementsAre("alpha", "zeta"));
  EXPECT_EQ(table.size(), 3u);
}

// --- Loading ---

TEST(RangeTableTest, LoadsCatalogAndPlainListsFromAFolder) {
  auto table = RangeTable::Load({Fixture("good")});
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT(table->Names(), ElementsAre("blocklist", "example-scanner"));
  EXPECT_EQ(table->Lookup(Ip("192.0.2.55")), "example-scanner");
  EXPECT_EQ(table->Lookup(Ip("198.51.100.7")), "example-scanner");
  EXPECT_EQ(table->Lookup(Ip("198.51.100.8")), "private");  // TEST-NET-2, outside the /32
  EXPECT_EQ(table->Lookup(Ip("2001:db8:10:ffff::1")), "example-scanner");
  EXPECT_EQ(table->Lookup(Ip("203.0.113.15")), "example-scanner");
  EXPECT_EQ(table->Lookup(Ip("203.0.113.16")), "private");
}

TEST(RangeTableTest, PlainListIsNamedAfterItsFile) {
  auto table = RangeTable::Load({Fixture("good/blocklist.txt")});
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT(table->Names(), ElementsAre("blocklist"));
  EXPECT_EQ(table->Lookup(Ip("100.64.3.4")), "blocklist");  // a CGNAT block named by the user
  EXPECT_EQ(table->Lookup(Ip("8.8.4.4")), "blocklist");     // line with a trailing comment and CRLF
  EXPECT_EQ(table->Lookup(Ip("2001:db8:bad::1")), "blocklist");
  EXPECT_EQ(table->Lookup(Ip("1.1.1.1")), "blocklist");  // a bare address is a /32
  EXPECT_EQ(table->Lookup(Ip("9.9.9.9")), "other");      // commented out
  EXPECT_EQ(table->size(), 4u);
}

TEST(RangeTableTest, FolderLoadIgnoresReadmeHiddenAndOtherFiles) {
  // good/ also holds README.md, .hidden.txt (a bad CIDR) and notes.json.
  auto table = RangeTable::Load({Fixture("good")});
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->size(), 8u);
}

TEST(RangeTableTest, LoadsSeveralPaths) {
  auto table = RangeTable::Load({Fixture("good"), Fixture("extra")});
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT(table->Names(), ElementsAre("blocklist", "example-scanner", "lab"));
  EXPECT_EQ(table->Lookup(Ip("10.9.1.1")), "lab");
}

TEST(RangeTableTest, CatalogInfoKeepsDescriptionAndSource) {
  auto table = RangeTable::Load({Fixture("good")});
  ASSERT_TRUE(table.ok()) << table.status();
  const auto* info = table->Info("example-scanner");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->description, "A research scanner used in the tests.");
  EXPECT_EQ(info->source, "https://example.org/scanner");
  EXPECT_EQ(info->announced, "2024-05-01");
  EXPECT_THAT(info->file, HasSubstr("scanners.yaml"));
  EXPECT_EQ(table->Info("no-such-range"), nullptr);
}

TEST(RangeTableTest, EmptyPathListGivesEmptyTable) {
  auto table = RangeTable::Load({});
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->size(), 0u);
  EXPECT_EQ(table->Lookup(Ip("8.8.8.8")), "other");
}

// --- Loading errors, with positions ---

TEST(RangeTableTest, MissingPathIsNotFound) {
  auto table = RangeTable::Load({"/nonexistent/ranges"});
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(table.status().message(), HasSubstr("/nonexistent/ranges"));
}

TEST(RangeTableTest, UnknownYamlKeyIsReportedWithLineAndColumn) {
  TempFolder dir;
  const auto file = dir.Write("typo.yaml", "name: x\ncidr:\n  - 1.2.3.4/32\n");
  EXPECT_THAT(LoadError({file}), StartsWith(file + ":2:1: unknown key \"cidr\" (expected one of: name,"));
}

TEST(RangeTableTest, UnknownKeyInCidrEntryIsReportedWithLineAndColumn) {
  TempFolder dir;
  const auto file = dir.Write("entry.yaml", "name: x\ncidrs:\n  - cidr: 1.2.3.4/32\n    since: 2020-01-01\n");
  EXPECT_THAT(LoadError({file}), StartsWith(file + ":4:5: unknown key \"since\""));
}

TEST(RangeTableTest, BadCidrInCatalogIsReportedWithLineAndColumn) {
  TempFolder dir;
  const auto file = dir.Write("bad.yaml", "name: x\ncidrs:\n  - 1.2.3.0/24\n  - 10.0.0.1/8\n");
  EXPECT_EQ(LoadError({file}), file + ":4:5: bad CIDR \"10.0.0.1/8\"");
}

TEST(RangeTableTest, BadCidrInPlainListIsReportedWithLineAndColumn) {
  TempFolder dir;
  const auto file = dir.Write("list.txt", "# comment\n1.2.3.4\n   66.77.88.257/32  # typo\n");
  EXPECT_EQ(LoadError({file}), file + ":3:4: bad CIDR \"66.77.88.257/32\"");
}

TEST(RangeTableTest, TwoTokensOnOneLineAreABadCidr) {
  TempFolder dir;
  const auto file = dir.Write("list.txt", "1.2.3.4 5.6.7.8\n");
  EXPECT_EQ(LoadError({file}), file + ":1:1: bad CIDR \"1.2.3.4 5.6.7.8\"");
}

TEST(RangeTableTest, YamlSyntaxErrorIsReportedWithPosition) {
  TempFolder dir;
  const auto file = dir.Write("broken.yaml", "name: x\ncidrs: [1.2.3.4/32\n");
  EXPECT_THAT(LoadError({file}), StartsWith(file + ":"));
  EXPECT_THAT(LoadError({file}), ::testing::MatchesRegex(".*broken\\.yaml:[0-9]+:[0-9]+: .*"));
}

TEST(RangeTableTest, MissingNameIsAnError) {
  TempFolder dir;
  const auto file = dir.Write("noname.yaml", "cidrs: [1.2.3.4/32]\n");
  EXPECT_EQ(LoadError({file}), file + ":1:1: missing key \"name\"");
}

TEST(RangeTableTest, MissingCidrsIsAnError) {
  TempFolder dir;
  const auto file = dir.Write("nocidrs.yaml", "name: x\ndescription: nothing\n");
  EXPECT_EQ(LoadError({file}), file + ":1:1: missing key \"cidrs\"");
}

TEST(RangeTableTest, ReservedNameIsRefused) {
  TempFolder dir;
  const auto file = dir.Write("r.yaml", "name: private\ncidrs: [1.2.3.4/32]\n");
  EXPECT_THAT(LoadError({file}), StartsWith(file + ":1:7: the range name \"private\" is reserved"));
}

TEST(RangeTableTest, NameWithSpacesIsRefused) {
  TempFolder dir;
  const auto file = dir.Write("r.yaml", "name: my scanner\ncidrs: [1.2.3.4/32]\n");
  EXPECT_THAT(LoadError({file}), StartsWith(file + ":1:7: bad range name \"my scanner\""));
}

TEST(RangeTableTest, BadAnnouncedDateIsRefused) {
  TempFolder dir;
  const auto file = dir.Write("d.yaml", "name: x\nannounced: 2018-13-45\ncidrs: [1.2.3.4/32]\n");
  EXPECT_EQ(LoadError({file}), file + ":2:12: bad date \"2018-13-45\" (expected YYYY-MM-DD)");
}

TEST(RangeTableTest, SameNameInTwoFilesIsRefused) {
  TempFolder dir;
  dir.Write("a.yaml", "name: scanner\ncidrs: [1.2.3.4/32]\n");
  const auto second = dir.Write("scanner.txt", "5.6.7.8\n");
  EXPECT_THAT(LoadError({dir.path()}), StartsWith(second + ":1:1: range \"scanner\" is already defined in "));
}

TEST(RangeTableTest, SameBlockInTwoRangesIsRefused) {
  TempFolder dir;
  const auto first = dir.Write("a.txt", "1.2.3.0/24\n");
  const auto second = dir.Write("b.txt", "# b\n1.2.3.0/24\n");
  EXPECT_EQ(LoadError({dir.path()}), second + ":2:1: 1.2.3.0/24 is already in range \"a\" (" + first + ":1:1)");
}

TEST(RangeTableTest, SameBlockTwiceInOneRangeIsHarmless) {
  TempFolder dir;
  const auto file = dir.Write("a.txt", "1.2.3.0/24\n1.2.3.0/24\n");
  auto table = RangeTable::Load({file});
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->size(), 1u);
}

// --- The shipped catalog (config/ranges/) ---

std::string ShippedRanges() { return std::string(FWLOG_CONFIG_DIR) + "/ranges"; }

TEST(RangeTableTest, NictNoticeCatalogHoldsTheAnnouncedAddresses) {
  auto own = RangeTable::Load({ShippedRanges() + "/nict-notice.yaml"});
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_THAT(own->Names(), ElementsAre("nict-notice"));
  EXPECT_EQ(own->size(), 14u);
  auto table = RangeTable::Load({ShippedRanges()});
  ASSERT_TRUE(table.ok()) << table.status();
  for (const char* text : {"210.150.186.238", "122.1.4.87", "122.1.4.88", "150.249.227.160", "150.249.227.175",
                           // NICT's 2019 NOTICE blocks: first and last addresses, and the issue's 153.231.226.170
                           "153.231.215.8", "153.231.215.15", "153.231.216.176", "153.231.216.191", "153.231.216.216",
                           "153.231.216.223", "153.231.226.160", "153.231.226.170", "153.231.226.175",
                           "153.231.227.192", "153.231.227.199", "153.231.227.208", "153.231.227.231"}) {
    EXPECT_EQ(table->Lookup(Ip(text)), "nict-notice") << text;
  }
  // Next to the blocks, and the gap between 153.231.227.192/29 and .208/29.
  for (const char* text : {"210.150.186.237", "122.1.4.86", "122.1.4.89", "150.249.227.159", "150.249.227.176",
                           "153.231.215.7", "153.231.215.16", "153.231.216.192", "153.231.226.159", "153.231.226.176",
                           "153.231.227.200", "153.231.227.207", "153.231.227.232"}) {
    EXPECT_EQ(table->Lookup(Ip(text)), "other") << text;
  }
}

TEST(RangeTableTest, NictNoticeCatalogSaysWhatItIsAndWhereFrom) {
  auto table = RangeTable::Load({ShippedRanges()});
  ASSERT_TRUE(table.ok()) << table.status();
  const auto* info = table->Info("nict-notice");
  ASSERT_NE(info, nullptr);
  EXPECT_THAT(info->description, HasSubstr("NOTICE"));
  EXPECT_THAT(info->source, StartsWith("https://www.nict.go.jp/"));
  EXPECT_EQ(info->category, "government-survey");
}

// --- Categories and snapshots ---

TEST(RangeTableTest, CatalogKeepsCategoryAndSnapshot) {
  TempFolder folder;
  folder.Write("a.yaml", "name: a\nsnapshot: 2026-06-22\ncategory: search-engine\ncidrs: [192.0.2.0/24]\n");
  folder.Write("b.yaml", "name: b\ncidrs: [198.51.100.0/24]\n");
  auto table = RangeTable::Load({folder.path()});
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->Info("a")->category, "search-engine");
  EXPECT_EQ(table->Info("a")->snapshot, "2026-06-22");
  EXPECT_EQ(table->Info("b")->category, "");
  EXPECT_EQ(table->Info("b")->snapshot, "");
}

TEST(RangeTableTest, BadCategoryOrSnapshotIsRefusedWithPosition) {
  struct Case {
    const char* line;
    const char* error;
  };
  for (const Case& c : {
           Case{"category: Search-Engine", "a.yaml:2:11: bad category \"Search-Engine\""},
           Case{"category: search engine", "a.yaml:2:11: bad category \"search engine\""},
           Case{"category: \"\"", "a.yaml:2:11: bad category \"\""},
           Case{"category: [a, b]", "a.yaml:2:11: \"category\" must be a string"},
           Case{"snapshot: 2026-6-22", "a.yaml:2:11: bad date \"2026-6-22\" (expected YYYY-MM-DD)"},
           Case{"snapshot: 2026-02-30", "a.yaml:2:11: bad date \"2026-02-30\""},
           Case{"snapshot: yesterday", "a.yaml:2:11: bad date \"yesterday\""},
       }) {
    TempFolder folder;
    const auto path = folder.Write("a.yaml", std::string("name: a\n") + c.line + "\ncidrs: [192.0.2.0/24]\n");
    EXPECT_THAT(LoadError({path}), HasSubstr(c.error)) << c.line;
  }
}

TEST(RangeTableTest, MatchAnswersTheRangesCategory) {
  TempFolder folder;
  folder.Write("a.yaml", "name: a\ncategory: search-engine\ncidrs: [192.0.2.0/24, \"2001:db8::/32\"]\n");
  folder.Write("b.yaml", "name: b\ncidrs: [198.51.100.0/24]\n");
  auto table = RangeTable::Load({folder.path()});
  ASSERT_TRUE(table.ok()) << table.status();
  struct Case {
    const char* address;
    const char* range;
    const char* category;
  };
  for (const Case& c : {
           Case{"192.0.2.7", "a", "search-engine"},
           Case{"2001:db8::7", "a", "search-engine"},
           Case{"198.51.100.7", "b", "unknown"},  // named, no category
           Case{"8.8.8.8", "other", "other"},
           Case{"10.1.2.3", "private", "private"},
           Case{"fe80::1", "private", "private"},
       }) {
    const IpAddress address = Ip(c.address);
    const RangeTable::Hit hit = table->Match(address, address.IsGlobal());
    EXPECT_EQ(hit.range, c.range) << c.address;
    EXPECT_EQ(hit.category, c.category) << c.address;
  }
}

TEST(RangeTableTest, FolderLoadReadsSubFoldersButNotHiddenOnes) {
  TempFolder folder;
  fs::create_directories(fs::path(folder.path()) / "scanners");
  fs::create_directories(fs::path(folder.path()) / ".old");
  folder.Write("top.txt", "192.0.2.0/24\n");
  folder.Write("scanners/deep.txt", "198.51.100.0/24\n");
  folder.Write(".old/stale.txt", "not a CIDR\n");
  auto table = RangeTable::Load({folder.path()});
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_THAT(table->Names(), ElementsAre("deep", "top"));
}

// --- The shipped scanner catalog (config/ranges/scanners/) ---

// Each shipped file's name and CIDRs, read back with a few lines of code
// (the generated files are plain: "name: x" and "  - cidr" lines).
struct ShippedFile {
  std::string path;
  std::string name;
  std::vector<std::string> cidrs;
};

std::vector<ShippedFile> ShippedScannerFiles() {
  std::vector<ShippedFile> out;
  for (const auto& entry : fs::directory_iterator(ShippedRanges() + "/scanners")) {
    if (entry.path().extension() != ".yaml") continue;
    ShippedFile file{entry.path().string(), "", {}};
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("name: ", 0) == 0) file.name = line.substr(6);
      if (line.rfind("  - ", 0) == 0) {
        std::string cidr = line.substr(4);
        std::erase(cidr, '"');
        file.cidrs.push_back(cidr);
      }
    }
    out.push_back(std::move(file));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

TEST(RangeTableTest, ShippedCatalogLoadsWithEveryScannerRange) {
  auto table = RangeTable::Load({ShippedRanges()});
  ASSERT_TRUE(table.ok()) << table.status();
  const auto files = ShippedScannerFiles();
  EXPECT_GE(files.size(), 60u);
  EXPECT_EQ(table->Names().size(), files.size() + 1);  // and nict-notice
  EXPECT_GT(table->size(), 20000u);
  EXPECT_TRUE(table->flat());
  for (const auto& file : files) {
    const auto* info = table->Info(file.name);
    ASSERT_NE(info, nullptr) << file.path;
    EXPECT_FALSE(info->category.empty()) << file.name;
    EXPECT_EQ(info->snapshot.size(), 10u) << file.name;
    EXPECT_THAT(info->source, StartsWith("https://github.com/OpenFilters/internet-scanners/")) << file.name;
  }
  EXPECT_TRUE(fs::exists(ShippedRanges() + "/scanners/LICENSE"));
}

TEST(RangeTableTest, ShippedCatalogNamesKnownScanners) {
  auto table = RangeTable::Load({ShippedRanges()});
  ASSERT_TRUE(table.ok()) << table.status();
  struct Case {
    const char* address;
    const char* range;
    const char* category;
  };
  for (const Case& c : {
           Case{"162.142.125.1", "censys", "search-engine"},
           Case{"153.231.226.170", "nict-notice", "government-survey"},
           Case{"210.150.186.238", "nict-notice", "government-survey"},
           Case{"8.8.8.8", "other", "other"},
           Case{"192.168.1.1", "private", "private"},
       }) {
    const IpAddress address = Ip(c.address);
    const auto hit = table->Match(address, address.IsGlobal());
    EXPECT_EQ(hit.range, c.range) << c.address;
    EXPECT_EQ(hit.category, c.category) << c.address;
  }
}

// Copy-free: in the repository alone. Every shipped block's first and last
// address is named by a range, and by its own one unless a longer block of
// another range lies there (nested blocks of two organisations); every range
// names most of its blocks' first addresses.
TEST(RangeTableTest, ShippedScannerBlocksAreNamedByTheirOwnRange) {
  auto table = RangeTable::Load({ShippedRanges()});
  ASSERT_TRUE(table.ok()) << table.status();
  std::vector<std::string> shadowed;
  for (const auto& file : ShippedScannerFiles()) {
    ASSERT_FALSE(file.cidrs.empty()) << file.path;
    std::size_t own = 0;
    for (const auto& text : file.cidrs) {
      const auto cidr = Cidr::Parse(text);
      ASSERT_TRUE(cidr) << file.path << ": " << text;
      const auto range = table->Lookup(cidr->network);
      ASSERT_NE(range, "other") << text;
      if (range == file.name) {
        ++own;
      } else {
        shadowed.push_back(text + " of " + file.name + " -> " + std::string(range));
      }
    }
    EXPECT_GE(own * 10, file.cidrs.size() * 9) << file.name;
  }
  EXPECT_LE(shadowed.size(), 50u) << ::testing::PrintToString(shadowed);
  if (!shadowed.empty()) std::cout << shadowed.size() << " blocks named by a longer block of another range\n";
}

// The flat IPv4 layout answers as the per-length probes do, over the shipped
// catalog: at every block's edges and next to them, and at random.
TEST(RangeTableTest, FlatLayoutAnswersAsTheReferenceOnTheShippedCatalog) {
  auto table = RangeTable::Load({ShippedRanges()});
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_TRUE(table->flat());
  std::vector<std::uint32_t> addresses;
  for (const auto& file : ShippedScannerFiles()) {
    for (const auto& text : file.cidrs) {
      const auto cidr = Cidr::Parse(text);
      if (!cidr || !cidr->network.is_v4()) continue;
      const std::uint32_t first = cidr->network.v4();
      const int bits = cidr->prefix128 - 96;
      const std::uint32_t last = first | (bits == 0 ? ~0u : (1u << (32 - bits)) - 1);
      for (std::uint32_t a : {first - 1, first, first + 1, last - 1, last, last + 1}) addresses.push_back(a);
    }
  }
  std::mt19937 rng(18);
  for (int i = 0; i < 200000; ++i) addresses.push_back(static_cast<std::uint32_t>(rng()));
  for (std::uint32_t a : {0u, 1u, 0xFFFFFFFFu, 0xFFFF0000u, 0x0000FFFFu}) addresses.push_back(a);
  std::size_t named = 0;
  for (const std::uint32_t a : addresses) {
    const IpAddress address = IpAddress::FromV4(a);
    const bool global = address.IsGlobal();
    const auto fast = table->Match(address, global);
    const auto reference = table->MatchReference(address, global);
    ASSERT_EQ(fast.range, reference.range) << address.ToString();
    ASSERT_EQ(fast.category, reference.category) << address.ToString();
    if (fast.range != "other" && fast.range != "private") ++named;
  }
  EXPECT_GT(named, 40000u);
}

// With the copied data at hand (../shared/data/scanners, outside the
// repository): an address from each organisation's own files is named by that
// organisation's range, for at least 95 % of them.
TEST(RangeTableTest, ScannerDataAddressesAreNamedByTheirOrganisation) {
  const fs::path data = fs::path(FWLOG_CONFIG_DIR).parent_path().parent_path() / "shared/data/scanners/cidr";
  if (!fs::is_directory(data)) GTEST_SKIP() << data << " is absent";
  auto table = RangeTable::Load({ShippedRanges()});
  ASSERT_TRUE(table.ok()) << table.status();
  // The data's file stem -> the range name (ORGS in scripts/make-scanner-ranges.py),
  // read from each shipped file's source line.
  std::map<std::string, std::string> range_of;
  for (const auto& file : ShippedScannerFiles()) {
    std::ifstream in(file.path);
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("source: ", 0) != 0) continue;
      const auto open = line.find(" (");
      const auto stem_end = line.find("_v", open);
      if (open != std::string::npos && stem_end != std::string::npos)
        range_of[line.substr(open + 2, stem_end - open - 2)] = file.name;
    }
  }
  std::set<std::string> orgs;
  std::vector<std::string> misses;
  for (const auto& entry : fs::directory_iterator(data)) {
    const std::string file = entry.path().filename().string();
    const auto cut = file.rfind("_v");
    if (cut == std::string::npos || entry.path().extension() != ".txt") continue;
    const std::string stem = file.substr(0, cut);
    if (!orgs.insert(stem).second) continue;  // one address per organisation: from the first file read
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line) && (line.empty() || line[0] == '#')) {
    }
    const auto cidr = Cidr::Parse(line.substr(0, line.find_first_of(" \t#")));
    ASSERT_TRUE(cidr) << file << ": " << line;
    const auto range = table->Lookup(cidr->network.Masked(cidr->prefix128));
    if (range_of.count(stem) == 0 || range != range_of[stem]) misses.push_back(stem + " -> " + std::string(range));
  }
  EXPECT_GE(orgs.size(), 60u);
  EXPECT_LE(misses.size() * 20, orgs.size()) << ::testing::PrintToString(misses);
  std::cout << orgs.size() - misses.size() << " of " << orgs.size() << " organisations named by their own range"
            << (misses.empty() ? "" : ": not " + ::testing::PrintToString(misses)) << "\n";
}

// --- Reading cidrs: lists without yaml-cpp (ListReader::kLineScan) ---

// What a load gives, to compare two loads: the error, or the names, block
// count and each name's catalog entry.
std::string Outcome(const std::vector<std::string>& paths, RangeTable::ListReader reader) {
  auto table = RangeTable::Load(paths, reader);
  if (!table.ok()) return "error: " + std::string(table.status().message());
  std::string out = std::to_string(table->size()) + " blocks;";
  for (const auto& name : table->Names()) {
    const auto* info = table->Info(name);
    out += " " + name;
    if (info != nullptr) out += "[" + info->description + "|" + info->category + "|" + info->snapshot + "]";
  }
  return out;
}

TEST(RangeTableTest, LineScanReadsCatalogsAsYamlDoes) {
  const std::string head = "name: a\ncategory: search-engine\n";
  for (const std::string& list : {
           // the generated shape, and mistakes in it (positions must agree)
           std::string("cidrs:\n  - 192.0.2.0/24\n  - \"2001:db8::/32\"\n"),
           std::string("cidrs:\n  - 192.0.2.0/24\n  - 10.0.0.1/8\n"),
           std::string("cidrs:\n  - 192.0.2.0/24\n  - \"2001:db8::1/32\"\n"),
           std::string("cidrs:\n- 192.0.2.0/24\n\n# a comment\n- 198.51.100.7   \n"),
           std::string("cidrs:\n  - 192.0.2.0/24\n  - 192.0.2.0/24\n"),
           std::string("cidrs:\n  - 192.0.2.0/24\n  - 999.0.0.0/8\n"),
           // shapes it leaves to yaml-cpp
           std::string("cidrs:\n  - 192.0.2.0/24\n    - 198.51.100.0/24\n"),
           std::string("cidrs:\n  - 192.0.2.0/24 # trailing comment\n"),
           std::string("cidrs:\n  - {cidr: 192.0.2.0/24, note: x}\n  - 198.51.100.0/24\n"),
           std::string("cidrs:\n  - 2001:db8::\n"),
           std::string("cidrs:\n  - 192.0.2.0/24\r\n  - 198.51.100.0/24\r\n"),
           std::string("cidrs:\n  - 192.0.2.0/24\nsource: late\n"),
           std::string("cidrs:\n  - 192.0.2.0/24\ncidrs:\n  - 198.51.100.0/24\n"),
           std::string("cidrs:\n"),
           std::string("cidrs: [192.0.2.0/24]\n"),
           std::string("cidrs:   \n  - 192.0.2.0/24\n"),
           std::string("cidrs:\n  - \"192.0.2.0/24\n"),
           std::string("cidrs:\n  - \"\"\n"),
       }) {
    TempFolder folder;
    const auto path = folder.Write("a.yaml", head + list);
    EXPECT_EQ(Outcome({path}, RangeTable::ListReader::kLineScan), Outcome({path}, RangeTable::ListReader::kYaml))
        << list;
  }
}

// A `cidrs:` line inside a scalar or collection the header leaves open is
// not the list (the fuzz target found the unclosed quote).
TEST(RangeTableTest, LineScanLeavesAListInsideAnOpenHeaderToYaml) {
  for (const std::string& text : {
           std::string("name: a\nsource: \"https://example.org\ncidrs:\n  - 192.0.2.0/24\n"),
           std::string(
               "name: a\nsource: \"https://example.org\ncidrs:\n  - 192.0.2.0/24\n\"\ncidrs: [198.51.100.0/24]\n"),
           std::string("name: a\nsource: [x,\ncidrs:\n  - 192.0.2.0/24\n"),
           std::string("name: a\ndescription: 'it\ncidrs:\n  - 192.0.2.0/24\n'\ncidrs:\n  - 203.0.113.0/24\n"),
       }) {
    TempFolder folder;
    const auto path = folder.Write("a.yaml", text);
    EXPECT_EQ(Outcome({path}, RangeTable::ListReader::kLineScan), Outcome({path}, RangeTable::ListReader::kYaml))
        << text;
  }
}

TEST(RangeTableTest, LineScanLoadsTheShippedCatalogAsYamlDoes) {
  const auto fast = RangeTable::Load({ShippedRanges()}, RangeTable::ListReader::kLineScan);
  const auto reference = RangeTable::Load({ShippedRanges()}, RangeTable::ListReader::kYaml);
  ASSERT_TRUE(fast.ok()) << fast.status();
  ASSERT_TRUE(reference.ok()) << reference.status();
  EXPECT_EQ(Outcome({ShippedRanges()}, RangeTable::ListReader::kLineScan),
            Outcome({ShippedRanges()}, RangeTable::ListReader::kYaml));
  for (const auto& file : ShippedScannerFiles()) {
    for (const auto& text : file.cidrs) {
      const auto cidr = Cidr::Parse(text);
      ASSERT_TRUE(cidr) << text;
      ASSERT_EQ(fast->Lookup(cidr->network), reference->Lookup(cidr->network)) << text;
    }
  }
}

}  // namespace
}  // namespace fwlog
