#include "input/line_splitter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace fwlog {
namespace {

using ::testing::ElementsAre;

struct Collected {
  std::vector<std::string> lines;
  std::vector<bool> cuts;
};

Collected Split(const std::vector<std::string>& chunks, std::size_t max, bool finish = false) {
  Collected c;
  LineSplitter s(max);
  auto on_line = [&](std::string_view text, bool cut) {
    c.lines.emplace_back(text);
    c.cuts.push_back(cut);
  };
  for (const auto& chunk : chunks) s.Feed(chunk, on_line);
  if (finish) s.Finish(on_line);
  return c;
}

TEST(LineSplitterTest, DeliversCompleteLines) {
  EXPECT_THAT(Split({"a\nbb\nccc\n"}, 100).lines, ElementsAre("a", "bb", "ccc"));
}

TEST(LineSplitterTest, KeepsPartialLineUntilItsNewlineArrives) {
  LineSplitter s(100);
  std::vector<std::string> out;
  auto on_line = [&](std::string_view t, bool) { out.emplace_back(t); };
  s.Feed("one\ntw", on_line);
  EXPECT_THAT(out, ElementsAre("one"));
  EXPECT_EQ(s.pending_bytes(), 2u);
  s.Feed("o", on_line);
  EXPECT_THAT(out, ElementsAre("one"));
  s.Feed("\nthree", on_line);
  EXPECT_THAT(out, ElementsAre("one", "two"));
  EXPECT_EQ(s.pending_bytes(), 5u);
}

TEST(LineSplitterTest, FinishDeliversUnterminatedLastLine) {
  EXPECT_THAT(Split({"a\nlast"}, 100, true).lines, ElementsAre("a", "last"));
  EXPECT_THAT(Split({"a\n"}, 100, true).lines, ElementsAre("a"));
}

TEST(LineSplitterTest, EmptyLinesAreLines) { EXPECT_THAT(Split({"\n\na\n"}, 100).lines, ElementsAre("", "", "a")); }

TEST(LineSplitterTest, StripsOneTrailingCarriageReturn) {
  EXPECT_THAT(Split({"a\r\nb\r\r\n", "c\r", "\n"}, 100).lines, ElementsAre("a", "b\r", "c"));
}

TEST(LineSplitterTest, CutsLongLineAndKeepsNextLineWhole) {
  // In one chunk (delivered from the input) and byte by byte (held).
  const std::string text = "0123456789ABC\nshort\n";
  auto whole = Split({text}, 10);
  EXPECT_THAT(whole.lines, ElementsAre("0123456789", "short"));
  EXPECT_THAT(whole.cuts, ElementsAre(true, false));
  std::vector<std::string> bytes;
  for (char c : text) bytes.emplace_back(1, c);
  auto held = Split(bytes, 10);
  EXPECT_THAT(held.lines, ElementsAre("0123456789", "short"));
  EXPECT_THAT(held.cuts, ElementsAre(true, false));
}

TEST(LineSplitterTest, LineOfExactlyMaxBytesIsWholeEvenWithCrlf) {
  auto c = Split({"0123456789\r\n0123456789\n01234567890\n"}, 10);
  EXPECT_THAT(c.lines, ElementsAre("0123456789", "0123456789", "0123456789"));
  EXPECT_THAT(c.cuts, ElementsAre(false, false, true));
}

TEST(LineSplitterTest, PendingBytesCountDroppedBytesOfLongLine) {
  LineSplitter s(4);
  int lines = 0;
  auto on_line = [&](std::string_view, bool) { ++lines; };
  s.Feed("abcdefghij", on_line);
  EXPECT_EQ(s.pending_bytes(), 10u);  // a checkpoint stays before the whole line
  s.Feed("kl\n", on_line);
  EXPECT_EQ(lines, 1);
  EXPECT_EQ(s.pending_bytes(), 0u);
}

TEST(LineSplitterTest, ResetForgetsPartialLine) {
  LineSplitter s(100);
  std::vector<std::string> out;
  auto on_line = [&](std::string_view t, bool) { out.emplace_back(t); };
  s.Feed("half", on_line);
  s.Reset();
  s.Feed("new\n", on_line);
  EXPECT_THAT(out, ElementsAre("new"));
}

TEST(LineSplitterTest, AnyChunkingGivesTheSameLines) {
  std::mt19937 rng(42);
  std::string text;
  for (int i = 0; i < 2000; ++i) {
    const int len = static_cast<int>(rng() % 30);
    for (int j = 0; j < len; ++j) text.push_back(static_cast<char>('a' + rng() % 26));
    if (rng() % 5 == 0) text.push_back('\r');
    text.push_back('\n');
  }
  const auto expected = Split({text}, 20);
  for (int round = 0; round < 20; ++round) {
    std::vector<std::string> chunks;
    for (std::size_t at = 0; at < text.size();) {
      const std::size_t n = 1 + rng() % 50;
      chunks.push_back(text.substr(at, n));
      at += n;
    }
    const auto got = Split(chunks, 20);
    ASSERT_EQ(got.lines, expected.lines);
    ASSERT_EQ(got.cuts, expected.cuts);
  }
}

// Gathers views as LineDelivery does and copies them only when told to send:
// a view the splitter let go stale before SendBatch() would read wrong.
struct Gatherer {
  std::vector<std::string_view> gathered;
  std::vector<std::string> sent;
  std::size_t batch = 3;
  void operator()(std::string_view text, bool /*cut*/) {
    gathered.push_back(text);
    if (gathered.size() == batch) SendBatch();
  }
  void SendBatch() {
    for (const auto text : gathered) sent.emplace_back(text);
    gathered.clear();
  }
};

TEST(LineSplitterTest, AGatheringConsumerHasSentEveryCompleteLineWhenFeedReturns) {
  std::mt19937 rng(5);
  std::string text;
  for (int i = 0; i < 500; ++i) {
    const int len = static_cast<int>(rng() % 40);
    for (int j = 0; j < len; ++j) text.push_back(static_cast<char>('a' + rng() % 26));
    text.push_back('\n');
  }
  const auto expected = Split({text}, 30);
  for (int round = 0; round < 20; ++round) {
    LineSplitter s(30);
    Gatherer g;
    g.batch = 1 + rng() % 8;
    std::size_t complete = 0;
    for (std::size_t at = 0; at < text.size();) {
      const std::size_t n = std::min<std::size_t>(1 + rng() % 60, text.size() - at);
      // Fed from a buffer that is overwritten right after, as a reader's is.
      std::string buffer = text.substr(at, n);
      s.Feed(buffer, g);
      buffer.assign(buffer.size(), '#');
      at += n;
      complete += static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(at - n),
                                                      text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
      ASSERT_TRUE(g.gathered.empty()) << "lines left unsent when Feed returned";
      ASSERT_EQ(g.sent.size(), complete);
    }
    ASSERT_EQ(g.sent, expected.lines);
  }
}

}  // namespace
}  // namespace fwlog
