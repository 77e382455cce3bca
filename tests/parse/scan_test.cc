#include "parse/memo.h"
#include "parse/scan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
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

std::vector<std::string_view> WordsBefore(std::string_view text, char stop) {
  std::vector<std::string_view> got;
  ForEachWordBefore(text, stop, [&](std::string_view word) { got.push_back(word); });
  return got;
}

TEST(ScanTest, ForEachWordBeforeGivesTheWordsBeforeTheStopByte) {
  EXPECT_EQ(WordsBefore("  IN=eth0   OUT= SRC=1.2.3.4  ", '['),
            (std::vector<std::string_view>{"IN=eth0", "OUT=", "SRC=1.2.3.4"}));
  EXPECT_EQ(WordsBefore("PROTO=ICMP TYPE=3 [SRC=10.0.0.1 DST=10.0.0.2]", '['),
            (std::vector<std::string_view>{"PROTO=ICMP", "TYPE=3"}));
  EXPECT_EQ(WordsBefore("a SRC=1.2.3.4[x] DST=5.6.7.8", '['), (std::vector<std::string_view>{"a", "SRC=1.2.3.4"}));
  EXPECT_TRUE(WordsBefore("", '[').empty());
  EXPECT_TRUE(WordsBefore("[ SYN", '[').empty());
  EXPECT_TRUE(WordsBefore("                                    ", '[').empty());
  const std::string long_line = std::string(70, 'x') + " SRC=1.2.3.4 " + std::string(60, ' ') + "DST=5.6.7.8 [SYN";
  EXPECT_EQ(WordsBefore(long_line, '['),
            (std::vector<std::string_view>{std::string_view(long_line).substr(0, 70), "SRC=1.2.3.4", "DST=5.6.7.8"}));
}

TEST(ScanTest, ForEachWordBeforeAgreesWithForEachTokenUpToTheStopByte) {
  // Lengths around the 16- and 64-byte blocks, delimiters and stop bytes at
  // every position. Each text is read from a heap block of exactly its size,
  // so that the sanitizer build sees any read past its end.
  std::mt19937 rng(13);
  for (int i = 0; i < 100000; ++i) {
    std::string text = RandomText(rng, 200);
    if (rng() % 3 == 0 && !text.empty()) text[rng() % text.size()] = '[';
    std::vector<std::string_view> want;
    const std::string_view view(text);
    ForEachToken(view.substr(0, view.find('[')), [&](std::string_view t) { want.push_back(t); });
    const std::unique_ptr<char[]> exact(new char[text.size()]);
    std::copy(text.begin(), text.end(), exact.get());
    std::vector<std::string> got;
    ForEachWordBefore(std::string_view(exact.get(), text.size()), '[',
                      [&](std::string_view word) { got.emplace_back(word); });
    ASSERT_EQ(got, std::vector<std::string>(want.begin(), want.end())) << "\"" << text << "\"";
  }
}

// Each side in a heap block of exactly n bytes, so that AddressSanitizer
// sees a read past either end; equal texts, and texts differing in one byte
// anywhere.
TEST(ScanTest, SameBytesAgreesWithMemcmp) {
  std::mt19937 rng(8);
  for (int round = 0; round < 200000; ++round) {
    const std::size_t n = rng() % 80;
    const std::unique_ptr<char[]> a(new char[n == 0 ? 1 : n]), b(new char[n == 0 ? 1 : n]);
    for (std::size_t i = 0; i < n; ++i) a[i] = b[i] = static_cast<char>('a' + rng() % 3);
    if (n > 0 && rng() % 2) b[rng() % n] = static_cast<char>('a' + rng() % 3);
    ASSERT_EQ(SameBytes(a.get(), b.get(), n), std::memcmp(a.get(), b.get(), n) == 0) << n;
  }
}

TEST(MemoTest, AnswersOnlyForTheBytesItKept) {
  Memo<8, int> memo;
  EXPECT_EQ(memo.ForSame(""), nullptr);  // nothing kept: not even the empty text
  EXPECT_EQ(memo.ForStartOf(""), nullptr);
  EXPECT_EQ(memo.ForStartOf(std::string(100, 'a')), nullptr);
  ASSERT_TRUE(memo.Keep("", 1));
  ASSERT_NE(memo.ForSame(""), nullptr);
  EXPECT_EQ(*memo.ForStartOf("abc"), 1);
  ASSERT_TRUE(memo.Keep("DROP ", 2));
  EXPECT_EQ(*memo.ForSame("DROP "), 2);
  EXPECT_EQ(memo.ForSame("DROP"), nullptr);
  EXPECT_EQ(memo.ForSame("DROPX"), nullptr);
  EXPECT_EQ(*memo.ForStartOf("DROP IN=ppp0"), 2);
  EXPECT_EQ(memo.ForStartOf("DROP"), nullptr);
  EXPECT_FALSE(memo.Keep("123456789", 3));  // longer than 8: what was kept stays
  EXPECT_EQ(*memo.ForSame("DROP "), 2);
}

}  // namespace
}  // namespace fwlog
