// InputRunner: owns every configured input (followed files and globs, stdin,
// syslog listeners) and delivers their complete lines to one LineSink, all on
// the thread that calls Run().
//
// Files are followed like `tail -F` (from the end on first start unless
// start_at: beginning; through rotation by rename, copytruncate, delete and
// recreate, symlink flips), syslog listeners run on their own threads and hand
// messages over through a bounded queue, and the checkpoint hook runs on the
// Run() thread between two lines, so offsets and counters are captured at one
// consistent point.
//
// How the app wires it to the state file (state/state_file.h):
//
//   auto saved = ReadState(config.state_file);
//   if (saved.ok()) {
//     counters.Restore(saved->metrics);          // values first...
//     runner.Restore(saved->files);              // ...and offsets: one snapshot
//   } else if (!absl::IsNotFound(saved.status())) {
//     SetAside(config.state_file);               // damaged: keep it aside, start fresh
//   }
//   runner.SetCheckpointHook([&] {
//     WriteState(config.state_file, {now, runner.Checkpoints(), counters.Snapshot()});
//   }, std::chrono::seconds(5));
//   std::thread reader([&] { runner.Run(); });   // SIGTERM: runner.Stop(); reader.join();
//
// The checkpoint hook also runs as soon as the inputs' files change: after
// the first round (the files opened), when a rotation is noticed, when a
// file is closed. So the state file always knows every file being read, and
// a crash never needs one that left its path unseen by it.
//
// Followed files share a descriptor budget: RLIMIT_NOFILE less
// reserved_descriptors and what the syslog listeners may hold.
//
// Files, rotation and the limits are described in docs/inputs.md.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "config/config.h"
#include "core/checkpoint.h"
#include "core/line_sink.h"
#include "input/clock.h"
#include "input/waker.h"

namespace fwlog {

// What tests (and only rarely the app) change about how the runner works.
struct InputRunnerOptions {
  // Time source; nullptr: the system clock.
  const Clock* clock = nullptr;
  // How the loop waits; nullptr: poll(2) on the inputs' descriptors.
  Waker* waker = nullptr;
  // Longest wait between two rounds when no descriptor wakes the loop; also
  // how often followed paths are rescanned.
  std::chrono::milliseconds poll_interval{1000};
  // How long a rotated-away or deleted file stays open after its last data.
  std::chrono::milliseconds rotate_wait{5000};
  bool use_inotify = true;
  // The descriptor a stdin input reads.
  int stdin_fd = 0;
  // TCP syslog idle timeout override (tests); zero: the config's seconds.
  std::chrono::milliseconds syslog_idle_timeout{0};
  // Descriptors kept for everything but followed files and syslog
  // listeners: scrapes, state file writes, reloads (docs/inputs.md).
  std::size_t reserved_descriptors = 128;
};

// What Restore() did with the checkpoints of inputs no longer configured.
struct RestoreSummary {
  std::size_t adopted = 0;  // taken by an input that follows those files
  std::size_t dropped = 0;  // no input follows them
};

class InputRunner {
 public:
  InputRunner(const Config& config, LineSink& sink, InputStats& stats);
  InputRunner(const Config& config, LineSink& sink, InputStats& stats, InputRunnerOptions options);
  // Must not run while Run() does: Stop() and join first.
  ~InputRunner();
  InputRunner(const InputRunner&) = delete;
  InputRunner& operator=(const InputRunner&) = delete;

  // Resumes files at saved offsets (matched by input, identity and
  // fingerprint); call before Run(). An input with any checkpoint (even the
  // inode-0 placeholder written for an input that had no file) reads files
  // it does not know from their beginning: they appeared while it was down.
  // Offsets belong to files, not to input names: checkpoints of an input no
  // longer configured go to the first file input that follows those files
  // (FileTailer::Adopt), so an input renamed resumes where it stood.
  RestoreSummary Restore(const std::vector<FileCheckpoint>& files);
  // Runs `hook` on the Run() thread every `interval`, as soon as the inputs'
  // files change (see above), and once more when Run() returns.
  void SetCheckpointHook(std::function<void()> hook, std::chrono::milliseconds interval);
  // Runs `tick` on the Run() thread every `interval`, lines or not.
  void SetTickHook(std::function<void()> tick, std::chrono::milliseconds interval);
  // The current offsets, always at line boundaries; call only from the
  // checkpoint hook (or before Run / after it returned).
  std::vector<FileCheckpoint> Checkpoints() const;

  // Reads until Stop(). An error if an input could not start (e.g. a
  // syslog port that cannot be bound: the bind's errno as the code).
  absl::Status Run();
  // Thread-safe; makes Run() return soon. Before returning, Run() stops the
  // listeners, hands over the syslog messages already queued, and runs the
  // checkpoint hook once more. Stop() before Run() makes Run() return at once.
  void Stop();

  // The port syslog input `input` (its index in Config::inputs) is bound
  // to: 0 until Run() has bound it, or for other inputs. Thread-safe.
  int SyslogPort(std::size_t input) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads each file once from its beginning to its end (`-` = stdin, `.gz`
// decompressed) and hands every line to `sink`, for `replay`, `parse` and
// `backfill`. A last line without a terminator is delivered too: the file is
// complete. `input` is the index LogLine carries.
// A file that cannot be opened or read is an error naming it, with its
// errno's code (NotFound, PermissionDenied, ...); a damaged gzip stream is
// DataLoss. Lines before the damage are delivered.
absl::Status ReadWholeFile(const std::string& path, int input, std::size_t max_line_bytes, LineSink& sink,
                           InputStats& stats);

}  // namespace fwlog
