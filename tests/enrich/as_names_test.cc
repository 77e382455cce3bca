// AsNames and AsLabelText: the `asn` and `as_org` label texts.
#include "enrich/as_names.h"

#include <string>

#include "gtest/gtest.h"

namespace fwlog {
namespace {

TEST(AsLabelTextTest, MakesAnyNameALabelOfBoundedValidUtf8) {
  const struct {
    std::string name;
    std::size_t max;
    std::string want;
  } cases[] = {
      {"CENSYS-ARIN-01", 96, "CENSYS-ARIN-01"},
      {"", 96, "unknown"},
      {"ABC", 2, "AB"},
      {"Telef\xc3\xb3nica", 6, "Telef"},          // the two-byte ó would pass the bound: cut before it
      {"Telef\xc3\xb3nica", 7, "Telef\xc3\xb3"},  // fits
      {"bad\xff"
       "byte",
       96,
       "bad\xef\xbf\xbd"
       "byte"},                      // an invalid byte becomes U+FFFD
      {"\xc3", 96, "\xef\xbf\xbd"},  // a cut sequence too
  };
  for (const auto& c : cases) EXPECT_EQ(AsLabelText(c.name, c.max), c.want) << c.name;
}

TEST(AsNamesTest, NamesEachNumberOnceAndKeepsItsViews) {
  int asked = 0;
  AsNames names([&asked](std::uint32_t asn) {
    ++asked;
    return asn == 398324 ? std::string("CENSYS-ARIN-01") : std::string();
  });
  const AsNames::Names censys = names.Get(398324);
  EXPECT_EQ(censys.number, "398324");
  EXPECT_EQ(censys.name, "CENSYS-ARIN-01");
  EXPECT_EQ(names.Get(64500).name, "unknown");  // no name in the database
  EXPECT_EQ(names.Get(64500).number, "64500");
  // Far more numbers than the memo of recent ones holds: each is still named
  // once, and the first one's views stay where they were.
  for (std::uint32_t asn = 1; asn < 20000; ++asn) names.Get(asn);
  for (std::uint32_t asn = 1; asn < 20000; ++asn) names.Get(asn);
  EXPECT_EQ(asked, 2 + 19999);
  const AsNames::Names again = names.Get(398324);
  EXPECT_EQ(again.number.data(), censys.number.data());
  EXPECT_EQ(again.name.data(), censys.name.data());
  EXPECT_EQ(names.Get(0).number, "unknown");
  EXPECT_EQ(names.Private().number, "private");
}

// Numbers of the whole 32-bit space, the array's and the hash map's: each
// its own ordinal (0 unknown, 1 private, then in order of first Get), the
// same on every Get.
TEST(AsNamesTest, GivesEachNumberOneOrdinalAcrossTheWholeRange) {
  AsNames names([](std::uint32_t asn) { return "AS" + std::to_string(asn); });
  EXPECT_EQ(names.Get(0).ordinal, 0u);
  EXPECT_EQ(names.Private().ordinal, 1u);
  const std::uint32_t numbers[] = {1, 398324, (1u << 19) - 1, 1u << 19, 4200000000u, 4294967295u};
  std::uint32_t next = 2;
  for (const std::uint32_t asn : numbers) {
    const AsNames::Names first = names.Get(asn);
    EXPECT_EQ(first.ordinal, next++) << asn;
    EXPECT_EQ(first.number, std::to_string(asn));
    EXPECT_EQ(first.name, "AS" + std::to_string(asn));
  }
  for (std::uint32_t i = 0; i < std::size(numbers); ++i) {
    const AsNames::Names again = names.Get(numbers[i]);
    EXPECT_EQ(again.number, std::to_string(numbers[i]));
    EXPECT_EQ(again.ordinal, 2 + i) << numbers[i];
  }
  EXPECT_EQ(names.size(), std::size(numbers));
}

}  // namespace
}  // namespace fwlog
