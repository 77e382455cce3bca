#include "enrich/country/country_code.h"

#include "gtest/gtest.h"

namespace fwlog {
namespace {

TEST(CountryCodeTest, TwoLettersAreUpperCased) {
  EXPECT_EQ(CountryCode::FromText("JP").text(), "JP");
  EXPECT_EQ(CountryCode::FromText("jp").text(), "JP");
  EXPECT_EQ(CountryCode::FromText(" us ").text(), "US");
}

TEST(CountryCodeTest, RegionalCodesAreKept) {
  EXPECT_EQ(CountryCode::FromText("EU").text(), "EU");
  EXPECT_EQ(CountryCode::FromText("AP").text(), "AP");
}

TEST(CountryCodeTest, PlaceholdersAreUnknown) {
  for (const char* text : {"XX", "ZZ", "O1", "A1", "A2", "A3", "XD", "xx"}) {
    EXPECT_FALSE(CountryCode::FromText(text).known()) << text;
  }
}

TEST(CountryCodeTest, AnythingButTwoLettersIsUnknown) {
  for (const char* text : {"", "J", "JPN", "??", "J1", "Japan", "\xC3\x85X"}) {
    EXPECT_EQ(CountryCode::FromText(text).text(), "unknown") << text;
  }
}

TEST(CountryCodeTest, EveryCodeSurvivesItsNumberAndNoOtherNumberIsACode) {
  std::size_t codes = 0;
  for (std::uint32_t n = 0; n <= 0xffff; ++n) {
    const auto code = CountryCode::FromNumber(static_cast<std::uint16_t>(n));
    if (!code) continue;
    ++codes;
    EXPECT_EQ(code->number(), n);
    EXPECT_EQ(*code, CountryCode::FromText(code->text()).known() ? CountryCode::FromText(code->text()) : *code);
  }
  EXPECT_EQ(codes, 26u * 26 + 2);  // every letter pair, unknown, private
  EXPECT_EQ(CountryCode::FromNumber(CountryCode::FromText("JP").number()), CountryCode::FromText("JP"));
  EXPECT_EQ(CountryCode::FromNumber(CountryCode::Unknown().number()), CountryCode::Unknown());
  EXPECT_EQ(CountryCode::FromNumber(CountryCode::Private().number()), CountryCode::Private());
}

TEST(CountryCodeTest, DefaultIsUnknown) {
  EXPECT_FALSE(CountryCode().known());
  EXPECT_EQ(CountryCode().text(), "unknown");
  EXPECT_EQ(CountryCode(), CountryCode::Unknown());
}

TEST(CountryCodeTest, PrivateIsNeitherKnownNorUnknown) {
  EXPECT_EQ(CountryCode::Private().text(), "private");
  EXPECT_FALSE(CountryCode::Private().known());
  EXPECT_NE(CountryCode::Private(), CountryCode::Unknown());
  EXPECT_EQ(CountryCode::FromText("private"), CountryCode::Unknown());  // no database text becomes it
}

TEST(CountryCodeTest, EveryPairRoundTrips) {
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      const char text[] = {a, b};
      const auto code = CountryCode::FromText(std::string_view(text, 2));
      if (code.known()) {
        ASSERT_EQ(code.text(), std::string_view(text, 2));
      }
    }
  }
}

}  // namespace
}  // namespace fwlog
