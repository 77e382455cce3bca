// Fault test: many numbered lines written while the log is rotated every way
// and the exporter is killed (-9: no final snapshot) and restarted from its
// state file at random points, with a fixed seed. At the end every line must
// have been counted exactly once — at the state level: the counts live in the
// same snapshot as the offsets, as the exporter's counters do.
//
// The rotator behaves as a real one (logrotate, syslogd) does, and only as
// far as no tool can do better:
//  * it rotates between whole lines (the writer reopens at once);
//  * copytruncate copies and truncates with no write in between, and makes a
//    new copy file (the previous one was renamed away or replaced);
//  * before it rotates — destroying the previous rotated file — the exporter
//    has had a round to read since the last rotation and a snapshot after it
//    (rotation periods are hours, snapshots seconds);
//  * while the exporter is down it rotates at most once, and never deletes a
//    file with lines not yet in a snapshot.
// docs/inputs.md lists what is lost when these do not hold.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <random>
#include <thread>

#include "input/input_runner.h"
#include "input/test_waker.h"
#include "numbered_sink.h"
#include "state/state_file.h"
#include "test_util.h"

namespace fwlog {
namespace {

using ::fwlog::testing::NumberedLine;
using ::fwlog::testing::NumberedLineSink;
using ::fwlog::testing::TempDir;

constexpr std::uint64_t kLines = 120000;
constexpr auto kSnapshotInterval = std::chrono::seconds(10);

class Writer {
 public:
  explicit Writer(std::string path) : path_(std::move(path)) { Reopen(); }
  ~Writer() { ::close(fd_); }
  void Reopen() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  }
  // Writes `n` lines; the last may be left half-written until Complete().
  void Write(std::mt19937& rng, int n) {
    Complete();
    std::string text;
    for (int i = 0; i < n; ++i) text += NumberedLine(next_++, rng() % 120);
    std::size_t keep = 0;
    if (rng() % 3 == 0) keep = 1 + rng() % (text.size() - text.rfind('\n', text.size() - 2) - 1);
    Put(text.substr(0, text.size() - keep));
    pending_ = text.substr(text.size() - keep);
  }
  void Complete() {
    Put(pending_);
    pending_.clear();
  }
  std::uint64_t written() const { return next_; }
  // Bytes written to the current file since the last rotation.
  std::uint64_t since_rotation() const { return since_rotation_; }
  void Rotated() { since_rotation_ = 0; }

 private:
  void Put(const std::string& s) {
    if (s.empty()) return;
    ASSERT_EQ(::write(fd_, s.data(), s.size()), static_cast<ssize_t>(s.size()));
    since_rotation_ += s.size();
  }
  std::string path_;
  int fd_ = -1;
  std::uint64_t next_ = 0;
  std::uint64_t since_rotation_ = 0;
  std::string pending_;
};

// One exporter process: a runner on its own thread, stepped by the test.
class Exporter {
 public:
  Exporter(const Config& config, const std::string& state, ManualClock& clock) : state_(state) {
    InputRunnerOptions o;
    o.clock = &clock;
    o.waker = &waker_;
    o.poll_interval = std::chrono::milliseconds(0);
    o.use_inotify = false;
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
          ++snapshots_;
        },
        kSnapshotInterval);
    thread_ = std::thread([this] { EXPECT_TRUE(runner_->Run().ok()); });
    waker_.WaitUntilWaiting();
  }
  ~Exporter() {
    if (thread_.joinable()) Kill();
  }
  void Step() { waker_.Step(); }
  // kill -9: whatever happened since the last snapshot is lost.
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
  int snapshots() const { return snapshots_; }

 private:
  std::string state_;
  TestWaker waker_;
  NumberedLineSink sink_;
  InputStats stats_;
  std::unique_ptr<InputRunner> runner_;
  std::thread thread_;
  std::atomic<bool> killed_{false};
  int snapshots_ = 0;
};

TEST(FaultTest, EveryLineIsCountedOnceThroughRotationsAndKills) {
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

  std::mt19937 rng(20181116);
  ManualClock clock;
  Writer writer(log);
  auto exporter = std::make_unique<Exporter>(config, state, clock);
  // Whether the last snapshot was taken after the last rotation, with bytes
  // in the current file (so its fingerprint is not empty): then one rotation
  // while down loses nothing.
  bool safe_to_rotate = false;
  int renames = 0, copytruncates = 0, recreates = 0, kills = 0, down_rotations = 0;

  // One round that reads everything written and then writes a snapshot.
  auto snapshot = [&] {
    clock.Advance(kSnapshotInterval);
    exporter->Step();
    safe_to_rotate = writer.since_rotation() > 0;
  };
  auto rotate = [&](int kind) {
    writer.Complete();
    if (kind == 0) {  // rename + create
      ASSERT_EQ(::rename(log.c_str(), rotated.c_str()), 0);
      writer.Reopen();
      ++renames;
    } else if (kind == 1) {  // copytruncate into a new copy file
      ::unlink(rotated.c_str());
      testing::WriteFile(rotated, testing::ReadAll(log));
      ASSERT_EQ(::truncate(log.c_str(), 0), 0);
      ++copytruncates;
    } else {  // delete + recreate
      ASSERT_EQ(::unlink(log.c_str()), 0);
      writer.Reopen();
      ++recreates;
    }
    writer.Rotated();
    safe_to_rotate = false;
  };

  while (writer.written() < kLines) {
    const auto r = rng() % 100;
    if (exporter) {
      if (r < 40) {
        writer.Write(rng, 1 + static_cast<int>(rng() % 150));
      } else if (r < 70) {
        exporter->Step();
      } else if (r < 80) {
        snapshot();
      } else if (r < 88) {
        // As a rotation period would: lines in the file, read and saved.
        if (writer.since_rotation() == 0) writer.Write(rng, 1);
        writer.Complete();
        snapshot();
        rotate(static_cast<int>(rng() % 3));
      } else {
        exporter->Kill();
        exporter.reset();
        ++kills;
      }
    } else {
      if (r < 50) {
        writer.Write(rng, 1 + static_cast<int>(rng() % 150));
      } else if (r < 60 && safe_to_rotate) {
        rotate(static_cast<int>(rng() % 2));  // never delete while down
        ++down_rotations;
      } else {
        exporter = std::make_unique<Exporter>(config, state, clock);
      }
    }
  }
  writer.Complete();
  if (!exporter) exporter = std::make_unique<Exporter>(config, state, clock);
  exporter->Step();
  clock.Advance(std::chrono::seconds(60));  // rotated files are closed
  exporter->Step();
  exporter->StopCleanly();

  const auto& sink = exporter->sink();
  for (const auto& e : sink.errors()) ADD_FAILURE() << e;
  EXPECT_EQ(sink.count(), writer.written());
  EXPECT_EQ(sink.next(), writer.written());
  // The same at the state level, and a clean restart reads nothing again.
  auto saved = ReadState(state);
  ASSERT_TRUE(saved.ok()) << saved.status();
  NumberedLineSink from_state;
  from_state.Load(saved->metrics);
  EXPECT_EQ(from_state.count(), writer.written());
  Exporter again(config, state, clock);
  again.Step();
  again.StopCleanly();
  EXPECT_EQ(again.sink().count(), writer.written());
  EXPECT_TRUE(again.sink().errors().empty());

  std::printf("lines %llu, renames %d, copytruncates %d, delete+recreate %d, kills %d, rotations while down %d\n",
              static_cast<unsigned long long>(writer.written()), renames, copytruncates, recreates, kills,
              down_rotations);
  EXPECT_GE(writer.written(), kLines);
  EXPECT_GE(renames, 20);
  EXPECT_GE(copytruncates, 20);
  EXPECT_GE(recreates, 20);
  EXPECT_GE(kills, 50);
  EXPECT_GE(down_rotations, 5);
}

}  // namespace
}  // namespace fwlog
