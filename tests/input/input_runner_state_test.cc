// InputRunner and the state file: a snapshot as soon as the files change,
// checkpoints of a renamed input, the tick hook, the descriptor budget.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <thread>

#include "input/input_runner.h"
#include "input/test_waker.h"
#include "test_util.h"

namespace fwlog {
namespace {

using ::fwlog::testing::AppendFile;
using ::fwlog::testing::CountingStats;
using ::fwlog::testing::RecordingSink;
using ::fwlog::testing::TempDir;
using ::fwlog::testing::WriteFile;
using ::testing::ElementsAre;

Config FileConfig(const std::string& name, const std::string& path) {
  Config c;
  InputSpec in;
  in.name = name;
  in.kind = InputKind::kFile;
  in.path = path;
  in.start_at = StartAt::kBeginning;
  c.inputs.push_back(in);
  return c;
}

InputRunnerOptions Stepped(ManualClock& clock, TestWaker& waker) {
  InputRunnerOptions o;
  o.clock = &clock;
  o.waker = &waker;
  o.poll_interval = std::chrono::milliseconds(0);
  o.use_inotify = false;
  return o;
}

// Runs `runner` on a thread of its own, stepped by the test.
class Running {
 public:
  Running(InputRunner& runner, TestWaker& waker) : runner_(runner), waker_(waker) {
    thread_ = std::thread([this] { EXPECT_TRUE(runner_.Run().ok()); });
    waker_.WaitUntilWaiting();
  }
  ~Running() {
    runner_.Stop();
    thread_.join();
  }
  void Step() { waker_.Step(); }

 private:
  InputRunner& runner_;
  TestWaker& waker_;
  std::thread thread_;
};

TEST(InputRunnerStateTest, WritesACheckpointAsSoonAsARotationIsNoticed) {
  TempDir dir;
  const auto log = dir / "fw.log";
  WriteFile(log, "1\n");
  ManualClock clock;
  TestWaker waker;
  RecordingSink sink;
  CountingStats stats;
  InputRunner runner(FileConfig("router", log), sink, stats, Stepped(clock, waker));
  int hooks = 0;
  std::vector<FileCheckpoint> seen;
  runner.SetCheckpointHook(
      [&] {
        ++hooks;
        seen = runner.Checkpoints();
      },
      std::chrono::hours(1));
  Running running(runner, waker);
  EXPECT_EQ(hooks, 1);  // the file opened
  AppendFile(log, "2\n");
  running.Step();
  EXPECT_EQ(hooks, 1);  // lines alone wait for the interval
  ASSERT_EQ(::rename(log.c_str(), (dir / "fw.log.1").c_str()), 0);
  WriteFile(log, "3\n");
  running.Step();
  EXPECT_EQ(hooks, 2);  // the rotation: at once
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].offset, 4u);  // the rotated file, read to its end
  EXPECT_EQ(seen[1].offset, 2u);  // and its successor
}

TEST(InputRunnerStateTest, RenamedInputResumesWhereTheOldNameStood) {
  TempDir dir;
  const auto log = dir / "fw.log";
  WriteFile(log, "1\n");
  ManualClock clock;
  std::vector<FileCheckpoint> saved;
  {
    TestWaker waker;
    RecordingSink sink;
    CountingStats stats;
    InputRunner runner(FileConfig("router", log), sink, stats, Stepped(clock, waker));
    { Running running(runner, waker); }
    saved = runner.Checkpoints();
    EXPECT_THAT(sink.Texts(), ElementsAre("1"));
  }
  saved.push_back(FileCheckpoint{"gone", dir / "elsewhere.log", 1, 2, 3, 4, 5});  // an input removed
  AppendFile(log, "2\n");
  TestWaker waker;
  RecordingSink sink;
  CountingStats stats;
  InputRunner runner(FileConfig("edge", log), sink, stats, Stepped(clock, waker));
  const RestoreSummary summary = runner.Restore(saved);
  EXPECT_EQ(summary.adopted, 1u);
  EXPECT_EQ(summary.dropped, 1u);
  { Running running(runner, waker); }
  EXPECT_THAT(sink.Texts(), ElementsAre("2"));
  ASSERT_EQ(runner.Checkpoints().size(), 1u);
  EXPECT_EQ(runner.Checkpoints()[0].input, "edge");
}

TEST(InputRunnerStateTest, TickHookRunsEveryIntervalWithoutLines) {
  TempDir dir;
  ManualClock clock;
  TestWaker waker;
  RecordingSink sink;
  CountingStats stats;
  InputRunner runner(FileConfig("router", dir / "fw.log"), sink, stats, Stepped(clock, waker));
  int ticks = 0;
  runner.SetTickHook([&] { ++ticks; }, std::chrono::milliseconds(200));
  Running running(runner, waker);
  EXPECT_EQ(ticks, 0);
  clock.Advance(std::chrono::milliseconds(200));
  running.Step();
  EXPECT_EQ(ticks, 1);
  clock.Advance(std::chrono::milliseconds(100));
  running.Step();
  EXPECT_EQ(ticks, 1);
}

TEST(InputRunnerStateTest, FollowedFilesStayWithinRlimitLessTheReserve) {
  TempDir dir;
  for (int i = 0; i < 30; ++i) WriteFile(dir / ("f" + std::to_string(100 + i) + ".log"), std::to_string(i) + "\n");
  struct rlimit rl {};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &rl), 0);
  ASSERT_GT(rl.rlim_cur, 100u);
  ManualClock clock;
  TestWaker waker;
  RecordingSink sink;
  CountingStats stats;
  InputRunnerOptions o = Stepped(clock, waker);
  o.reserved_descriptors = rl.rlim_cur - 20;  // 20 for followed files
  InputRunner runner(FileConfig("router", dir.path() + "/*.log"), sink, stats, o);
  {
    Running running(runner, waker);
    running.Step();
  }
  EXPECT_EQ(sink.lines.size(), 20u);
  EXPECT_EQ(stats.files_open, 20u);
  EXPECT_EQ(stats.errors["too_many_open_files"], 20);  // 10 files, two looks
}

}  // namespace
}  // namespace fwlog
