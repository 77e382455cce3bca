// LocTree on its own: what Map() refuses, and the flattened IPv4 table held
// to the tree walk it replaces (tests/perf/libloc_tree_test.cc holds both to
// libloc's own lookup).
#include "enrich/country/loc_tree.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "gtest/gtest.h"

namespace fwlog {
namespace {

constexpr char kDatabase[] = "/var/lib/location/database.db";

// An open descriptor, closed at the end of the scope.
class Fd {
 public:
  explicit Fd(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string WriteTemp(const std::string& name, const std::string& bytes) {
  const auto path = std::filesystem::temp_directory_path() / (name + "." + std::to_string(::getpid()));
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

// A version-1 header whose fields are all zero except those given: the
// network data and tree offsets/lengths (header fields 5..8).
std::string Header(std::uint32_t data_offset, std::uint32_t data_length, std::uint32_t tree_offset,
                   std::uint32_t tree_length) {
  std::string bytes = "LOCDBXX";
  bytes.push_back('\x01');
  bytes.append(8 + 4 * 13, '\0');
  const auto put = [&bytes](int field, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes[8 + 8 + 4 * field + i] = static_cast<char>(v >> (24 - 8 * i));
  };
  put(5, data_offset);
  put(6, data_length);
  put(7, tree_offset);
  put(8, tree_length);
  return bytes;
}

TEST(LocTreeTest, RefusesFilesThatAreNotAVersionOneDatabase) {
  const std::string body(64, '\0');
  const struct {
    const char* name;
    std::string bytes;
  } cases[] = {
      {"empty", ""},
      {"text", "this is not a location database, just some text that is long enough\n"},
      {"version 2", "LOCDBXX\x02" + body + body},
      {"header cut short", Header(0, 0, 0, 0).substr(0, 40)},
      {"tree beyond the end", Header(68, 12, 80, 1200) + body},
      {"data beyond the end", Header(68, 1200, 80, 12) + body},
      {"tree offset not aligned", Header(68, 12, 81, 12) + body},
      {"tree shorter than a node", Header(68, 12, 80, 4) + body},
  };
  for (const auto& c : cases) {
    const std::string path = WriteTemp("loc_tree_test", c.bytes);
    Fd fd(path);
    ASSERT_GE(fd.get(), 0);
    EXPECT_FALSE(LocTree::Map(fd.get(), std::nullopt, 0).has_value()) << c.name;
    std::filesystem::remove(path);
  }
}

class LocTreeDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kDatabase)) GTEST_SKIP() << kDatabase << " is not installed (libloc-database)";
  }
};

TEST_F(LocTreeDatabaseTest, FlattenedIpv4AnswersAsTheWalk) {
  Fd fd(kDatabase);
  ASSERT_GE(fd.get(), 0);
  auto flat = LocTree::Map(fd.get(), std::nullopt, 0, LocTree::V4::kFlatten);
  auto walk = LocTree::Map(fd.get(), std::nullopt, 0, LocTree::V4::kWalk);
  ASSERT_TRUE(flat.has_value());
  ASSERT_TRUE(walk.has_value());
  ASSERT_TRUE(flat->HasFlatV4());
  ASSERT_FALSE(walk->HasFlatV4());
  EXPECT_GT(flat->v4_ranges(), 100000u);  // the real database: ~170 k
  std::mt19937_64 rng(1116);
  for (int i = 0; i < 300000; ++i) {
    auto a = static_cast<std::uint32_t>(rng());
    // Every third address at the edge of a /24, where ranges often start.
    if (i % 3 == 1) a &= 0xffffff00u;
    if (i % 3 == 2) a |= 0xffu;
    const auto address = IpAddress::FromV4(a);
    const LocTree::Result from_table = flat->Find(address);
    const LocTree::Result walked = walk->Find(address);
    ASSERT_EQ(from_table.origin, walked.origin) << address.ToString();
    // The table vouches for the /24 only when the walk's answer covers it.
    if (from_table.reach <= 96 + 24) {
      ASSERT_LE(walked.reach, 96 + 24) << address.ToString();
    }
  }
}

TEST_F(LocTreeDatabaseTest, Ipv6IsWalkedTheSameWithOrWithoutTheIpv4Table) {
  Fd fd(kDatabase);
  ASSERT_GE(fd.get(), 0);
  auto flat = LocTree::Map(fd.get(), std::nullopt, 0, LocTree::V4::kFlatten);
  auto walk = LocTree::Map(fd.get(), std::nullopt, 0, LocTree::V4::kWalk);
  ASSERT_TRUE(flat.has_value() && walk.has_value());
  EXPECT_EQ(flat->Find(*IpAddress::Parse("2001:4860:4860::8888")).origin.code, CountryCode::FromText("US"));
  std::mt19937_64 rng(48);
  for (int i = 0; i < 20000; ++i) {
    IpAddress::Bytes b{};
    for (auto& byte : b) byte = static_cast<std::uint8_t>(rng());
    b[0] = 0x20;  // inside 2000::/8, where most networks are
    const auto address = IpAddress::FromBytes(b);
    const LocTree::Result x = flat->Find(address), y = walk->Find(address);
    ASSERT_EQ(x.origin, y.origin) << address.ToString();
    ASSERT_EQ(x.reach, y.reach) << address.ToString();
  }
}

}  // namespace
}  // namespace fwlog
