#include "core/byte_scan.h"

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

TEST(ByteScanTest, FindAgreesWithStringViewFind) {
  std::mt19937 rng(7);
  for (int i = 0; i < 200000; ++i) {
    const std::string text = RandomText(rng, 70);
    const std::string needle = RandomText(rng, 5);
    const std::size_t from = rng() % (text.size() + 2);
    ASSERT_EQ(Find(text, needle, from), std::string_view(text).find(needle, from))
        << "text \"" << text << "\" needle \"" << needle << "\" from " << from;
  }
}

TEST(ByteScanTest, ForEachFieldAgreesWithASimpleSplit) {
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

TEST(ByteScanTest, ForEachTokenSkipsEmptyTokens) {
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

TEST(ByteScanTest, ForEachWordBeforeGivesTheWordsBeforeTheStopByte) {
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

TEST(ByteScanTest, ForEachWordBeforeAgreesWithForEachTokenUpToTheStopByte) {
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
TEST(ByteScanTest, KeyRunStartStopsAtTheFirstNonKeyByteOrTheFloor) {
  const std::string_view text = "a=1 user.name@host-1_x=2 a-very-long-key.with.more.than.16=3";
  const std::size_t user = text.find("user"), sep = text.find("=2");
  EXPECT_EQ(KeyRunStart(text, 0, sep), user);
  EXPECT_EQ(KeyRunStart(text, user + 3, sep), user + 3);
  EXPECT_EQ(KeyRunStart(text, 0, text.size() - 2), text.find("a-very"));
  EXPECT_EQ(KeyRunStart(text, 0, 0), 0u);
  EXPECT_EQ(FindAnyOf4(text, 0, ' ', '\t', ';', ']'), 3u);
  EXPECT_EQ(FindAnyOf4(text, 25, ' ', '\t', ';', ']'), text.size());
}

TEST(ByteScanTest, SameBytesAgreesWithMemcmp) {
  std::mt19937 rng(8);
  for (int round = 0; round < 200000; ++round) {
    const std::size_t n = rng() % 80;
    const std::unique_ptr<char[]> a(new char[n == 0 ? 1 : n]), b(new char[n == 0 ? 1 : n]);
    for (std::size_t i = 0; i < n; ++i) a[i] = b[i] = static_cast<char>('a' + rng() % 3);
    if (n > 0 && rng() % 2) b[rng() % n] = static_cast<char>('a' + rng() % 3);
    ASSERT_EQ(SameBytes(a.get(), b.get(), n), std::memcmp(a.get(), b.get(), n) == 0) << n;
  }
}

// Every routine against its scalar reference (in a portable build they are
// the same code, and this test holds them to their meaning alone). Texts from
// an alphabet of delimiters, spaces, stop bytes, control bytes, tab, DEL and
// high bytes, at lengths around the 16- and 64-byte blocks, each in a heap
// block of exactly its size so that AddressSanitizer sees a read past it.
std::string RandomBytes(std::mt19937& rng, std::size_t max_length) {
  static constexpr char kBytes[] = {' ',    ',',    '[',    '=',    'a',    'I',    'N',    '\n', '\t', '\x00',
                                    '\x1f', '\x7e', '\x7f', '\x80', '\xc3', '\xa9', '\xff', ':',  '-',  '1',
                                    '_',    '.',    '@',    'z',    '0',    '9',    '`',    '{',  '/',  '\xe1'};
  std::string s(rng() % (max_length + 1), ' ');
  const bool printable_run = rng() % 4 == 0;  // many lines are clean from end to end
  for (char& c : s) c = printable_run ? static_cast<char>(0x20 + rng() % 95) : kBytes[rng() % sizeof kBytes];
  return s;
}

template <typename Check>
void ForRandomTexts(unsigned seed, int rounds, Check check) {
  std::mt19937 rng(seed);
  for (int i = 0; i < rounds; ++i) {
    const std::string text = RandomBytes(rng, 200);
    const std::unique_ptr<char[]> exact(new char[text.empty() ? 1 : text.size()]);
    std::copy(text.begin(), text.end(), exact.get());
    check(std::string_view(exact.get(), text.size()), rng);
  }
}

TEST(ByteScanTest, EveryRoutineAgreesWithItsScalarReference) {
  ForRandomTexts(21, 100000, [](std::string_view text, std::mt19937& rng) {
    const std::string shown = ::testing::PrintToString(std::string(text));
    ASSERT_EQ(FirstNotPrintableAscii(text), scalar::FirstNotPrintableAscii(text)) << shown;
    const ControlAndHigh fast = FindControlAndHigh(text), plain = scalar::FindControlAndHigh(text);
    ASSERT_EQ(fast.control, plain.control) << shown;
    ASSERT_EQ(fast.high, plain.high) << shown;
    ASSERT_EQ(FindByte(text, ' '), scalar::FindByte(text, ' ')) << shown;
    const std::size_t cut = text.empty() ? 0 : rng() % text.size();
    ASSERT_EQ(SameBytes(text.data(), text.data() + cut, text.size() - cut),
              scalar::SameBytes(text.data(), text.data() + cut, text.size() - cut))
        << shown;
    const std::string_view needle = text.substr(rng() % (text.size() + 1), rng() % 5);
    const std::size_t from = rng() % (text.size() + 2);
    ASSERT_EQ(Find(text, needle, from), scalar::Find(text, needle, from)) << shown;
    std::vector<std::string_view> got, want;
    ForEachField(text, ',', [&](std::string_view f) { got.push_back(f); });
    scalar::ForEachField(text, ',', [&](std::string_view f) { want.push_back(f); });
    ASSERT_EQ(got, want) << shown;
    got.clear();
    want.clear();
    ForEachWordBefore(text, '[', [&](std::string_view w) { got.push_back(w); });
    scalar::ForEachWordBefore(text, '[', [&](std::string_view w) { want.push_back(w); });
    ASSERT_EQ(got, want) << shown;
    const std::size_t start = rng() % (text.size() + 1);
    ASSERT_EQ(FindAnyOf4(text, start, ' ', '\t', ':', '['), scalar::FindAnyOf4(text, start, ' ', '\t', ':', '['))
        << shown;
    const std::size_t end = rng() % (text.size() + 1), floor = rng() % (end + 1);
    ASSERT_EQ(KeyRunStart(text, floor, end), scalar::KeyRunStart(text, floor, end))
        << shown << " " << floor << " " << end;
  });
}

}  // namespace
}  // namespace fwlog
