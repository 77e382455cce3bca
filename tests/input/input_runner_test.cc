#include "input/input_runner.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "input/test_waker.h"
#include "numbered_sink.h"
#include "state/state_file.h"
#include "test_util.h"

namespace fwlog {
namespace {

using ::fwlog::testing::AppendFile;
using ::fwlog::testing::CountingStats;
using ::fwlog::testing::NumberedLine;
using ::fwlog::testing::NumberedLineSink;
using ::fwlog::testing::RecordingSink;
using ::fwlog::testing::TempDir;
using ::fwlog::testing::WaitFor;
using ::fwlog::testing::WriteFile;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

Config FileConfig(const std::string& path, StartAt start_at = StartAt::kBeginning) {
  Config c;
  InputSpec in;
  in.name = "router";
  in.kind = InputKind::kFile;
  in.path = path;
  in.start_at = start_at;
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

// A sink safe to read from the test thread while Run() feeds it.
class LockedSink : public LineSink {
 public:
  void OnLine(const LogLine& line) override {
    std::lock_guard lock(mu_);
    lines_.emplace_back(line.text);
    hosts_.emplace_back(line.transport_host);
  }
  std::vector<std::string> lines() {
    std::lock_guard lock(mu_);
    return lines_;
  }
  std::vector<std::string> hosts() {
    std::lock_guard lock(mu_);
    return hosts_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> lines_, hosts_;
};

TEST(InputRunnerTest, CallsCheckpointHookOnceTheFilesAreOpenEveryIntervalAndWhenRunEnds) {
  TempDir dir;
  WriteFile(dir / "fw.log", "1\n");
  ManualClock clock;
  TestWaker waker;
  RecordingSink sink;
  CountingStats stats;
  InputRunner runner(FileConfig(dir / "fw.log"), sink, stats, Stepped(clock, waker));
  int hooks = 0;
  std::vector<FileCheckpoint> seen;
  runner.SetCheckpointHook(
      [&] {
        ++hooks;
        seen = runner.Checkpoints();
      },
      std::chrono::seconds(10));
  std::thread t([&] { EXPECT_TRUE(runner.Run().ok()); });
  waker.WaitUntilWaiting();
  EXPECT_EQ(hooks, 1);  // the first round opened the file: a snapshot at once
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].offset, 2u);
  clock.Advance(std::chrono::seconds(5));
  waker.Step();
  EXPECT_EQ(hooks, 1);
  clock.Advance(std::chrono::seconds(5));
  waker.Step();
  EXPECT_EQ(hooks, 2);
  AppendFile(dir / "fw.log", "2\n");
  waker.Step();
  runner.Stop();
  t.join();
  EXPECT_EQ(hooks, 3);  // once more at the end
  EXPECT_EQ(seen[0].offset, 4u);
  EXPECT_THAT(sink.Texts(), ElementsAre("1", "2"));
}

TEST(InputRunnerTest, StopBeforeRunMakesRunReturnAtOnce) {
  Config c;
  RecordingSink sink;
  CountingStats stats;
  InputRunner runner(c, sink, stats);
  int hooks = 0;
  runner.SetCheckpointHook([&] { ++hooks; }, std::chrono::seconds(1));
  runner.Stop();
  EXPECT_TRUE(runner.Run().ok());
  EXPECT_EQ(hooks, 1);
}

TEST(InputRunnerTest, StopIsPromptWhileWaiting) {
  TempDir dir;
  InputRunnerOptions o;
  o.poll_interval = std::chrono::hours(1);
  RecordingSink sink;
  CountingStats stats;
  InputRunner runner(FileConfig(dir / "fw.log"), sink, stats, o);
  std::thread t([&] { EXPECT_TRUE(runner.Run().ok()); });
  const auto start = std::chrono::steady_clock::now();
  runner.Stop();
  t.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(InputRunnerTest, InotifyWakesTheLoopWhenAFileGrows) {
  TempDir dir;
  WriteFile(dir / "fw.log", "");
  InputRunnerOptions o;
  o.poll_interval = std::chrono::hours(1);  // only inotify can wake it in time
  LockedSink sink;
  CountingStats stats;
  InputRunner runner(FileConfig(dir / "fw.log"), sink, stats, o);
  std::thread t([&] { EXPECT_TRUE(runner.Run().ok()); });
  AppendFile(dir / "fw.log", "appended\n");
  EXPECT_TRUE(WaitFor([&] { return sink.lines().size() == 1; }));
  WriteFile(dir / "new.log", "x\n");
  ASSERT_EQ(::rename((dir / "fw.log").c_str(), (dir / "fw.log.1").c_str()), 0);
  ASSERT_EQ(::rename((dir / "new.log").c_str(), (dir / "fw.log").c_str()), 0);
  EXPECT_TRUE(WaitFor([&] { return sink.lines().size() == 2; }));
  runner.Stop();
  t.join();
  EXPECT_THAT(sink.lines(), ElementsAre("appended", "x"));
}

TEST(InputRunnerTest, ReadsStdinInput) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  Config c;
  InputSpec in;
  in.name = "pipe";
  in.kind = InputKind::kStdin;
  c.inputs.push_back(in);
  ManualClock clock;
  TestWaker waker;
  auto o = Stepped(clock, waker);
  o.stdin_fd = fds[0];
  RecordingSink sink;
  CountingStats stats;
  InputRunner runner(c, sink, stats, o);
  std::thread t([&] { EXPECT_TRUE(runner.Run().ok()); });
  waker.WaitUntilWaiting();
  ASSERT_EQ(::write(fds[1], "k1\nk2", 5), 5);
  ::close(fds[1]);
  waker.Step();
  runner.Stop();
  t.join();
  EXPECT_THAT(sink.Texts(), ElementsAre("k1", "k2"));
  ::close(fds[0]);
}

TEST(InputRunnerTest, SyslogListenerBindsOnRunAndDeliversThroughTheLoop) {
  Config c;
  InputSpec in;
  in.name = "remote";
  in.kind = InputKind::kSyslog;
  in.syslog.listen = "127.0.0.1:0";
  c.inputs.push_back(FileConfig("/nonexistent/fw.log").inputs[0]);
  c.inputs.push_back(in);
  ManualClock clock;
  TestWaker waker;
  RecordingSink sink;
  CountingStats stats;
  InputRunner runner(c, sink, stats, Stepped(clock, waker));
  EXPECT_EQ(runner.SyslogPort(1), 0);
  std::thread t([&] { EXPECT_TRUE(runner.Run().ok()); });
  waker.WaitUntilWaiting();
  const int port = runner.SyslogPort(1);
  ASSERT_NE(port, 0);
  EXPECT_EQ(runner.SyslogPort(0), 0);
  const int s = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const std::string m = "<4>Nov 16 00:12:34 gw kernel: DROP";
  ::sendto(s, m.data(), m.size(), 0, reinterpret_cast<const sockaddr*>(&a), sizeof a);
  ::close(s);
  // Between steps the loop sits in Wait, so reading the sink here is safe.
  EXPECT_TRUE(WaitFor([&] {
    waker.Step();
    return !sink.lines.empty();
  }));
  runner.Stop();
  t.join();
  ASSERT_EQ(sink.lines.size(), 1u);
  EXPECT_EQ(sink.lines[0].text, m);
  EXPECT_EQ(sink.lines[0].host, "gw");
  EXPECT_EQ(sink.lines[0].input, 1);
}

TEST(InputRunnerTest, RunReturnsTheErrorOfAListenerThatCannotBind) {
  Config c;
  InputSpec in;
  in.name = "remote";
  in.kind = InputKind::kSyslog;
  in.syslog.listen = "192.0.2.1:5514";  // TEST-NET address, not ours
  c.inputs.push_back(in);
  RecordingSink sink;
  CountingStats stats;
  InputRunner runner(c, sink, stats);
  EXPECT_THAT(std::string(runner.Run().message()), ::testing::HasSubstr("cannot listen on 192.0.2.1:5514"));
}

// A restart restores offsets and counts from one state file: lines read
// after the last snapshot are read again, lines before it never.
TEST(InputRunnerTest, RestoreFromStateCountsEveryLineExactlyOnce) {
  TempDir dir;
  const auto log = dir / "fw.log";
  const auto state = dir / "state";
  std::uint64_t written = 0;
  auto write = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += NumberedLine(written++, 10);
    AppendFile(log, s);
  };
  write(5);
  ManualClock clock;
  NumberedLineSink counts;
  CountingStats stats;
  {
    TestWaker waker;
    InputRunner runner(FileConfig(log, StartAt::kEnd), counts, stats, Stepped(clock, waker));
    std::atomic<bool> killed{false};
    runner.SetCheckpointHook(
        [&] {
          if (killed) return;
          StateSnapshot s;
          s.files = runner.Checkpoints();
          s.metrics.push_back(counts.Save());
          ASSERT_TRUE(WriteState(state, s).ok());
        },
        std::chrono::seconds(10));
    std::thread t([&] { EXPECT_TRUE(runner.Run().ok()); });
    waker.WaitUntilWaiting();  // start_at end: the first 5 are skipped
    write(3);
    waker.Step();
    EXPECT_EQ(counts.count(), 3u);
    clock.Advance(std::chrono::seconds(10));
    waker.Step();  // snapshot: lines 5..7
    write(4);
    waker.Step();  // read 8..11, then "killed": no snapshot at the end
    EXPECT_EQ(counts.count(), 7u);
    killed = true;
    runner.Stop();
    t.join();
  }
  write(2);
  auto snapshot = ReadState(state);
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  NumberedLineSink restored;
  restored.Load(snapshot->metrics);
  EXPECT_EQ(restored.count(), 3u);
  EXPECT_EQ(restored.next(), 8u);
  TestWaker waker;
  InputRunner runner(FileConfig(log, StartAt::kEnd), restored, stats, Stepped(clock, waker));
  runner.Restore(snapshot->files);
  std::thread t([&] { EXPECT_TRUE(runner.Run().ok()); });
  waker.WaitUntilWaiting();
  runner.Stop();
  t.join();
  EXPECT_THAT(restored.errors(), IsEmpty());
  EXPECT_EQ(restored.count(), 9u);  // lines 5..13, each once
  EXPECT_EQ(restored.next(), written);
}

}  // namespace
}  // namespace fwlog
