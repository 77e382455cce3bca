// ReadWholeFile (replay) and StdinInput (follow stdin until EOF).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include "input/input_runner.h"
#include "input/stdin_input.h"
#include "test_util.h"

namespace fwlog {
namespace {

using ::fwlog::testing::CountingStats;
using ::fwlog::testing::RecordingSink;
using ::fwlog::testing::TempDir;
using ::fwlog::testing::WriteFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

void WriteGzip(const std::string& path, const std::string& text, const char* mode = "wb") {
  gzFile f = ::gzopen(path.c_str(), mode);
  ::gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  ::gzclose(f);
}

TEST(ReadWholeFileTest, DeliversEveryLineAndTheLastUnterminatedOne) {
  TempDir dir;
  WriteFile(dir / "a.log", "one\r\ntwo\nlast");
  RecordingSink sink;
  CountingStats stats;
  EXPECT_TRUE(ReadWholeFile(dir / "a.log", 2, 100, sink, stats).ok());
  EXPECT_THAT(sink.Texts(), ElementsAre("one", "two", "last"));
  EXPECT_EQ(sink.lines[0].input, 2);
  EXPECT_EQ(stats.bytes_read, 13u);
}

TEST(ReadWholeFileTest, ReadsGzipTransparently) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 50000; ++i) text += "line " + std::to_string(i) + "\n";
  WriteGzip(dir / "a.log.gz", text);
  RecordingSink sink;
  CountingStats stats;
  EXPECT_TRUE(ReadWholeFile(dir / "a.log.gz", 0, 100, sink, stats).ok());
  ASSERT_EQ(sink.lines.size(), 50000u);
  EXPECT_EQ(sink.lines[49999].text, "line 49999");
  EXPECT_EQ(stats.bytes_read, text.size());
}

TEST(ReadWholeFileTest, ReadsConcatenatedGzipMembers) {
  TempDir dir;
  WriteGzip(dir / "a.gz", "first\n");
  WriteGzip(dir / "a.gz", "second\n", "ab");
  RecordingSink sink;
  CountingStats stats;
  EXPECT_TRUE(ReadWholeFile(dir / "a.gz", 0, 100, sink, stats).ok());
  EXPECT_THAT(sink.Texts(), ElementsAre("first", "second"));
}

TEST(ReadWholeFileTest, CutsLongLines) {
  TempDir dir;
  WriteFile(dir / "a.log", std::string(300, 'x') + "\nok\n");
  RecordingSink sink;
  CountingStats stats;
  EXPECT_TRUE(ReadWholeFile(dir / "a.log", 0, 256, sink, stats).ok());
  ASSERT_EQ(sink.lines.size(), 2u);
  EXPECT_EQ(sink.lines[0].text.size(), 256u);
  EXPECT_TRUE(sink.lines[0].cut);
  EXPECT_EQ(stats.too_long_lines, 1);
}

TEST(ReadWholeFileTest, MissingFileIsAnError) {
  RecordingSink sink;
  CountingStats stats;
  const absl::Status error = ReadWholeFile("/nonexistent/fw.log", 0, 100, sink, stats);
  EXPECT_TRUE(absl::IsNotFound(error)) << error;
  EXPECT_EQ(error.message(), "cannot open /nonexistent/fw.log: No such file or directory");
}

TEST(ReadWholeFileTest, CorruptGzipIsAnErrorAfterTheGoodLines) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "line " + std::to_string(i) + "\n";
  WriteGzip(dir / "a.gz", text);
  std::string gz = testing::ReadAll(dir / "a.gz");
  WriteFile(dir / "a.gz", gz.substr(0, gz.size() - 20));  // cut short
  RecordingSink sink;
  CountingStats stats;
  const absl::Status error = ReadWholeFile(dir / "a.gz", 0, 100, sink, stats);
  EXPECT_TRUE(absl::IsDataLoss(error)) << error;
  EXPECT_THAT(std::string(error.message()), HasSubstr("cannot read " + (dir / "a.gz")));
  EXPECT_LT(sink.lines.size(), 1000u);
}

TEST(ReadWholeFileTest, DashReadsStandardInput) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const int saved = ::dup(STDIN_FILENO);
  ::dup2(fds[0], STDIN_FILENO);
  ::close(fds[0]);
  ASSERT_EQ(::write(fds[1], "a\nb", 3), 3);
  ::close(fds[1]);
  RecordingSink sink;
  CountingStats stats;
  const absl::Status error = ReadWholeFile("-", 0, 100, sink, stats);
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  EXPECT_TRUE(error.ok()) << error;
  EXPECT_THAT(sink.Texts(), ElementsAre("a", "b"));
}

TEST(StdinInputTest, FollowsUntilEndOfFile) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ManualClock clock(1234);
  StdinInput in(1, fds[0], 100, clock);
  RecordingSink sink;
  CountingStats stats;
  EXPECT_FALSE(in.Poll(sink, stats));  // nothing yet, and it does not block
  EXPECT_THAT(sink.Texts(), IsEmpty());
  ASSERT_EQ(::write(fds[1], "one\ntw", 6), 6);
  in.Poll(sink, stats);
  EXPECT_THAT(sink.Texts(), ElementsAre("one"));
  EXPECT_EQ(sink.lines[0].input, 1);
  ASSERT_EQ(::write(fds[1], "o\nlast", 6), 6);
  ::close(fds[1]);
  in.Poll(sink, stats);
  EXPECT_THAT(sink.Texts(), ElementsAre("one", "two", "last"));  // EOF completes the last line
  EXPECT_TRUE(in.done());
  std::vector<int> wake;
  in.AppendWakeFds(wake);
  EXPECT_THAT(wake, IsEmpty());
  ::close(fds[0]);
}

}  // namespace
}  // namespace fwlog
