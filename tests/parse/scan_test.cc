#include "parse/scan.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace fwlog {
namespace {

std::string RandomText(std::mt19937& rng, std::size_t max_length) {
  static constexpr char kAlphabet[] = " ,=:ainIN-";  // few letters: many near-matches
  std::string s(rng() % (max_length + 1), ' ');
  for (char& c : s) c = kAlphabet[rng() % (sizeof kAlphabet - 1)];
  return s;
}

TEST(ScanTest, FindAgreesWithStringViewFind) {
  std::mt19937 rng(7);
  for (int i = 0; i < 200000; ++i) {
    const std::string text = RandomText(rng, 70);
    const std::string needle = RandomText(rng, 5);
    const std::size_t from = rng() % (text.size() + 2);
    ASSERT_EQ(Find(text, needle, from), std::string_view(text).find(needle, from))
        << "text \"" << text << "\" needle \"" << needle << "\" from " << from;
  }
}

TEST(ScanTest, ForEachFieldAgreesWithASimpleSplit) {
  std::mt19937 rng(11);
  for (int i = 0; i < 50000; ++i) {
    const std::string text = RandomText(rng, 80);
    std::vector<std::string_view> got, want;
    ForEachField(text, ',', [&](std::string_view f) { got.push_back(f); });
    std::size_t start = 0;
    for (std::size_t comma; (comma = text.find(',', start)) != std::string::npos; start = comma + 1)
      want.push_back(std::string_view(text).substr(start, comma - start));
    want.push_back(std::string_view(text).substr(start));
    ASSERT_EQ(got, want) << "\"" << text << "\"";
  }
}

TEST(ScanTest, ForEachTokenSkipsEmptyTokens) {
  std::vector<std::string_view> got;
  ForEachToken("  IN=eth0   OUT= SRC=1.2.3.4  ", [&](std::string_view t) { got.push_back(t); });
  EXPECT_EQ(got, (std::vector<std::string_view>{"IN=eth0", "OUT=", "SRC=1.2.3.4"}));
  got.clear();
  ForEachToken("", [&](std::string_view t) { got.push_back(t); });
  EXPECT_TRUE(got.empty());
}

std::vector<std::string_view> CursorTokens(std::string_view text, char stop) {
  std::vector<std::string_view> got;
  TokenCursor cursor(text, stop);
  for (std::string_view token; cursor.Next(token);) got.push_back(token);
  return got;
}

TEST(ScanTest, TokenCursorGivesTheWordsBeforeTheStopByte) {
  EXPECT_EQ(CursorTokens("  IN=eth0   OUT= SRC=1.2.3.4  ", '['),
            (std::vector<std::string_view>{"IN=eth0", "OUT=", "SRC=1.2.3.4"}));
  EXPECT_EQ(CursorTokens("PROTO=ICMP TYPE=3 [SRC=10.0.0.1 DST=10.0.0.2]", '['),
            (std::vector<std::string_view>{"PROTO=ICMP", "TYPE=3"}));
  EXPECT_EQ(CursorTokens("a SRC=1.2.3.4[x] DST=5.6.7.8", '['), (std::vector<std::string_view>{"a", "SRC=1.2.3.4"}));
  EXPECT_TRUE(CursorTokens("", '[').empty());
  EXPECT_TRUE(CursorTokens("[ SYN", '[').empty());
  EXPECT_TRUE(CursorTokens("                                    ", '[').empty());
}

TEST(ScanTest, TokenCursorAgreesWithForEachTokenUpToTheStopByte) {
  // Lengths around the 16-byte blocks, delimiters at every position.
  std::mt19937 rng(13);
  for (int i = 0; i < 100000; ++i) {
    std::string text = RandomText(rng, 70);
    if (rng() % 3 == 0 && !text.empty()) text[rng() % text.size()] = '[';
    std::vector<std::string_view> want;
    const std::string_view view(text);
    ForEachToken(view.substr(0, view.find('[')), [&](std::string_view t) { want.push_back(t); });
    ASSERT_EQ(CursorTokens(text, '['), want) << "\"" << text << "\"";
  }
}

}  // namespace
}  // namespace fwlog
