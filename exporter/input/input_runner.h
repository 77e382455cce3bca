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
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "config/config.h"
#include "core/checkpoint.h"
#include "core/line_sink.h"

namespace fwlog {

class InputRunner {
 public:
  InputRunner(const Config& config, LineSink& sink, InputStats& stats);
  ~InputRunner();
  InputRunner(const InputRunner&) = delete;
  InputRunner& operator=(const InputRunner&) = delete;

  // Resumes files at saved offsets (matched by input, identity and
  // fingerprint); call before Run().
  void Restore(const std::vector<FileCheckpoint>& files);
  // Runs `hook` on the Run() thread every `interval`, and once more when Run()
  // returns.
  void SetCheckpointHook(std::function<void()> hook, std::chrono::milliseconds interval);
  // The current offsets; call only from the checkpoint hook.
  std::vector<FileCheckpoint> Checkpoints() const;

  // Reads until Stop(). Returns an error message if an input could not start
  // (e.g. a syslog port that cannot be bound), empty otherwise.
  std::string Run();
  // Thread-safe; makes Run() return soon.
  void Stop();
};

// Reads each file once from its beginning to its end (`-` = stdin, `.gz`
// decompressed) and hands every line to `sink`, for `replay`, `parse` and
// `backfill`. A last line without a terminator is delivered too: the file is
// complete. `input` is the index LogLine carries.
// Returns an error message for a file that cannot be read, empty otherwise.
std::string ReadWholeFile(const std::string& path, int input, std::size_t max_line_bytes, LineSink& sink,
                          InputStats& stats);

}  // namespace fwlog
