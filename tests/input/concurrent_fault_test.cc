// Fault test, live: the same promise as fault_test.cc, but the exporter runs
// on its own thread with the real waker (inotify, poll) and the real clock
// while the test writes, rotates and kills it — reads race with writes,
// partial lines and truncations as they do in production. The action
// sequence is fixed by the seed; the timing is not, and the result must not
// depend on it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <random>
#include <thread>

#include "input/input_runner.h"
#include "numbered_sink.h"
#include "state/state_file.h"
#include "test_util.h"

namespace fwlog {
namespace {

using ::fwlog::testing::NumberedLine;
using ::fwlog::testing::NumberedLineSink;
using ::fwlog::testing::TempDir;
using ::fwlog::testing::WaitFor;

constexpr std::uint64_t kLines = 100000;

class LiveExporter {
 public:
  LiveExporter(const Config& config, const std::string& state) : state_(state) {
    InputRunnerOptions o;
    o.poll_interval = std::chrono::milliseconds(20);
    o.rotate_wait = std::chrono::milliseconds(100);
    runner_ = std::make_unique<InputRunner>(config, sink_, stats_, o);
    if (auto saved = ReadState(state); saved.ok()) {
      sink_.Load(saved->metrics);
      runner_->Restore(saved->files);
    }
    runner_->SetCheckpointHook(
        [this] {
          if (killed_) return;
          StateSnapshot s;
          s.files = runner_->Checkpoints();
          s.metrics.push_back(sink_.Save());
          ASSERT_TRUE(WriteState(state_, s).ok());
          saved_next_ = sink_.next();
        },
        std::chrono::milliseconds(10));
    thread_ = std::thread([this] { EXPECT_TRUE(runner_->Run().ok()); });
  }
  ~LiveExporter() {
    if (thread_.joinable()) Kill();
  }
  // Waits until a snapshot holds every line before `line`.
  bool WaitSaved(std::uint64_t line) {
    return WaitFor([&] { return saved_next_.load() >= line; }, std::chrono::seconds(20));
  }
  void Kill() {
    killed_ = true;
    runner_->Stop();
    thread_.join();
  }
  void StopCleanly() {
    runner_->Stop();
    thread_.join();
  }
  const NumberedLineSink& sink() const { return sink_; }

 private:
  std::string state_;
  NumberedLineSink sink_;
  InputStats stats_;
  std::unique_ptr<InputRunner> runner_;
  std::thread thread_;
  std::atomic<bool> killed_{false};
  std::atomic<std::uint64_t> saved_next_{0};
};

TEST(FaultTest, LiveExporterCountsEveryLineOnceWhileFilesRotateAndItIsKilled) {
  const TempDir dir = TempDir::InMemory();
  const std::string log = dir / "fw.log";
  const std::string rotated = dir / "fw.log.1";
  const std::string state = dir / "state";
  Config config;
  InputSpec in;
  in.name = "router";
  in.path = log;
  in.start_at = StartAt::kBeginning;
  config.inputs.push_back(in);

  std::mt19937 rng(1114);
  int fd = ::open(log.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  std::uint64_t written = 0;         // complete lines written
  std::uint64_t since_rotation = 0;  // complete lines in the current file
  std::string pending;               // the unwritten end of a half-written line
  bool safe_to_rotate = false;
  int renames = 0, copytruncates = 0, kills = 0, down_rotations = 0;
  auto put = [&](const std::string& s) {
    if (s.empty()) return;
    ASSERT_EQ(::write(fd, s.data(), s.size()), static_cast<ssize_t>(s.size()));
  };
  auto complete = [&] {
    put(pending);
    pending.clear();
  };
  auto rotate = [&](bool rename) {
    complete();
    if (rename) {
      ASSERT_EQ(::rename(log.c_str(), rotated.c_str()), 0);
      ::close(fd);
      fd = ::open(log.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
      ++renames;
    } else {
      ::unlink(rotated.c_str());
      testing::WriteFile(rotated, testing::ReadAll(log));
      ASSERT_EQ(::truncate(log.c_str(), 0), 0);
      ++copytruncates;
    }
    since_rotation = 0;
    safe_to_rotate = false;
  };

  auto exporter = std::make_unique<LiveExporter>(config, state);
  while (written < kLines) {
    const auto r = rng() % 100;
    if (r < 70) {
      complete();
      std::string text;
      const int n = 1 + static_cast<int>(rng() % 200);
      for (int i = 0; i < n; ++i) text += NumberedLine(written + static_cast<std::uint64_t>(i), rng() % 100);
      const std::size_t keep = rng() % 2 == 0 ? rng() % 20 : 0;
      put(text.substr(0, text.size() - keep));
      pending = text.substr(text.size() - keep);
      written += static_cast<std::uint64_t>(n);
      since_rotation += static_cast<std::uint64_t>(n);
      if (rng() % 4 == 0) std::this_thread::yield();
    } else if (r < 80 && exporter) {
      // A rotation period: every line so far read and saved, then rotate.
      complete();
      if (since_rotation == 0) {
        put(NumberedLine(written++, 5));
        since_rotation = 1;
      }
      ASSERT_TRUE(exporter->WaitSaved(written));
      rotate(rng() % 2 == 0);
    } else if (r < 85 && exporter) {
      complete();
      if (since_rotation > 0) {
        ASSERT_TRUE(exporter->WaitSaved(written));
        safe_to_rotate = true;
      }
    } else if (r < 92 && exporter) {
      exporter->Kill();
      exporter.reset();
      ++kills;
    } else if (!exporter && r < 95 && safe_to_rotate) {
      rotate(rng() % 2 == 0);
      ++down_rotations;
    } else if (!exporter) {
      exporter = std::make_unique<LiveExporter>(config, state);
    }
  }
  complete();
  ::close(fd);
  if (!exporter) exporter = std::make_unique<LiveExporter>(config, state);
  ASSERT_TRUE(exporter->WaitSaved(written));
  exporter->StopCleanly();

  const auto& sink = exporter->sink();
  for (const auto& e : sink.errors()) ADD_FAILURE() << e;
  EXPECT_EQ(sink.count(), written);
  EXPECT_EQ(sink.next(), written);
  auto saved = ReadState(state);
  ASSERT_TRUE(saved.ok()) << saved.status();
  NumberedLineSink from_state;
  from_state.Load(saved->metrics);
  EXPECT_EQ(from_state.count(), written);
  std::printf("lines %llu, renames %d, copytruncates %d, kills %d, rotations while down %d\n",
              static_cast<unsigned long long>(written), renames, copytruncates, kills, down_rotations);
  EXPECT_GE(renames + copytruncates, 40);
  EXPECT_GE(kills, 40);
}

}  // namespace
}  // namespace fwlog
