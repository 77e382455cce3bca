// The hot path allocates nothing per line: once warm, reading N lines costs
// the same number of heap allocations whether N is 10 or 5000.
#include <gtest/gtest.h>

#include "input/file/file_tailer.h"
#include "input/line_splitter.h"
#include "input/syslog/message_queue.h"
#include "support/allocation_counter.h"
#include "test_util.h"

namespace fwlog {
namespace {

using ::fwlog::testing::AllocationCount;
using ::fwlog::testing::AppendFile;
using ::fwlog::testing::TempDir;
using ::fwlog::testing::WriteFile;

class NullSink : public LineSink {
 public:
  void OnLine(const LogLine& line) override { bytes += line.text.size(); }
  std::size_t bytes = 0;
};

std::string Lines(int n) {
  std::string s;
  for (int i = 0; i < n; ++i)
    s += "Nov 16 00:12:34 router kernel: DROP IN=ppp0 SRC=210.150.186.238 DPT=" + std::to_string(i) + "\n";
  return s;
}

TEST(AllocationTest, LineSplitterAllocatesNothingOnceWarm) {
  LineSplitter s(1024);
  std::size_t n = 0;
  auto on_line = EachLine([&](std::string_view, bool) { ++n; });
  const std::string text = Lines(5000);
  s.Feed(text.substr(0, 100), on_line);  // warm: the held buffer reaches its size
  s.Feed(std::string(2000, 'x') + "\n", on_line);
  const auto before = AllocationCount();
  for (std::size_t at = 0; at < text.size(); at += 777) s.Feed(std::string_view(text).substr(at, 777), on_line);
  EXPECT_EQ(AllocationCount(), before);
  EXPECT_GT(n, 5000u);
}

TEST(AllocationTest, FileTailerAllocationsDoNotGrowWithLines) {
  TempDir dir;
  const auto path = dir / "fw.log";
  ManualClock clock;
  FileTailerOptions o;
  o.use_inotify = false;
  o.rescan_interval = std::chrono::hours(1);  // rescans are not per line
  FileTailer t(0, "router", path, StartAt::kBeginning, clock, o);
  NullSink sink;
  InputStats stats;
  WriteFile(path, Lines(100));
  t.Poll(sink, stats);  // warm
  auto cost = [&](int lines) {
    AppendFile(path, Lines(lines));
    const auto before = AllocationCount();
    t.Poll(sink, stats);
    return AllocationCount() - before;
  };
  EXPECT_EQ(cost(10), cost(5000));
  EXPECT_EQ(cost(5000), 0u);
}

TEST(AllocationTest, MessageQueueAllocatesNothingPerMessage) {
  MessageQueue q(10000, 1 << 20);
  const auto before = AllocationCount();
  for (int round = 0; round < 10; ++round) {
    for (int i = 0; i < 1000; ++i) q.Push("<13>Nov 16 00:12:34 h kernel: message", 0, false);
    q.Drain(100000, [](const QueuedMessage&) {});
  }
  EXPECT_EQ(AllocationCount(), before);
}

}  // namespace
}  // namespace fwlog
