#include "input/line_splitter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <utility>
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
  auto on_line = EachLine([&](std::string_view text, bool cut) {
    c.lines.emplace_back(text);
    c.cuts.push_back(cut);
  });
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
  auto on_line = EachLine([&](std::string_view t, bool) { out.emplace_back(t); });
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
  auto on_line = EachLine([&](std::string_view, bool) { ++lines; });
  s.Feed("abcdefghij", on_line);
  EXPECT_EQ(s.pending_bytes(), 10u);  // a checkpoint stays before the whole line
  s.Feed("kl\n", on_line);
  EXPECT_EQ(lines, 1);
  EXPECT_EQ(s.pending_bytes(), 0u);
}

TEST(LineSplitterTest, ResetForgetsPartialLine) {
  LineSplitter s(100);
  std::vector<std::string> out;
  auto on_line = EachLine([&](std::string_view t, bool) { out.emplace_back(t); });
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
  void operator()(std::string_view text, bool /*cut*/, bool /*printable*/) {
    gathered.push_back(text);
    if (gathered.size() == batch) SendBatch();
  }
  void SendBatch() {
    for (const auto text : gathered) sent.emplace_back(text);
    gathered.clear();
  }
};
static_assert(LineReceiver<Gatherer>);

// A callable without SendBatch() is no LineReceiver: it cannot be handed to
// Feed() by mistake and lose the call that keeps gathered views valid.
static_assert(!LineReceiver<decltype([](std::string_view, bool, bool) {})>);

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

TEST(LineSplitterTest, FindLineEndAgreesWithABytewiseSearch) {
  // Texts of every length up to 80, mostly printable, with bytes at the
  // edges of printable ASCII sprinkled in, each in an exact-size heap block
  // (a read past the end shows under the sanitizers). The answer must be
  // the first '\n', and `printable` true exactly when every byte before it
  // is in 0x20..0x7e.
  std::mt19937 rng(11);
  const char edges[] = {'\n',
                        '\r',
                        '\t',
                        0x00,
                        0x1f,
                        0x20,
                        0x7e,
                        0x7f,
                        static_cast<char>(0x80),
                        static_cast<char>(0xc3),
                        static_cast<char>(0xff)};
  for (int round = 0; round < 100000; ++round) {
    const std::size_t n = rng() % 81;
    auto block = std::make_unique<char[]>(n == 0 ? 1 : n);
    for (std::size_t i = 0; i < n; ++i) {
      block[i] = rng() % 12 == 0 ? edges[rng() % sizeof edges] : static_cast<char>(0x20 + rng() % 95);
    }
    const std::string_view text(block.get(), n);
    std::size_t expected = std::string_view::npos;
    for (std::size_t i = 0; i < n && expected == std::string_view::npos; ++i)
      if (text[i] == '\n') expected = i;
    bool expected_printable = expected != std::string_view::npos;
    for (std::size_t i = 0; expected_printable && i < expected; ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      expected_printable = c >= 0x20 && c <= 0x7e;
    }
    bool printable = !expected_printable;
    ASSERT_EQ(LineSplitter::FindLineEnd(text, printable), expected) << round;
    ASSERT_EQ(printable, expected_printable) << round;
  }
}

TEST(LineSplitterTest, TellsAThreeArgumentConsumerWhichLinesAreKnownPrintable) {
  LineSplitter s(100);
  std::vector<std::pair<std::string, bool>> got;
  auto on_line =
      EachLine([&](std::string_view text, bool /*cut*/, bool printable) { got.emplace_back(text, printable); });
  s.Feed("plain ascii line, long enough for a block\nwith\ttab\ncrlf\r\nnon-ascii \xc3\xa9\n\nhel", on_line);
  s.Feed("d over two reads\nlast", on_line);
  s.Finish(on_line);
  EXPECT_THAT(
      got,
      ElementsAre(std::pair<std::string, bool>("plain ascii line, long enough for a block", true),
                  std::pair<std::string, bool>("with\ttab", false), std::pair<std::string, bool>("crlf", false),
                  std::pair<std::string, bool>("non-ascii \xc3\xa9", false), std::pair<std::string, bool>("", true),
                  std::pair<std::string, bool>("held over two reads", false),
                  std::pair<std::string, bool>("last", false)));
}

}  // namespace
}  // namespace fwlog
