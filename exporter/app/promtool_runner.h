// PromtoolRunner: turns OpenMetrics files into TSDB blocks with Debian's
// `promtool tsdb create-blocks-from openmetrics -q FILE DIR`, a few at a time.
//
// Each file must lie inside one 2-hour block of the Unix epoch's grid (the
// block length promtool 2.42 makes, with no flag to change it): promtool
// reads its input once per block it spans, so a file per block is read once.
// promtool spends most of a run waiting for its writes, so runs overlap (up
// to `parallel`). A file is deleted once its run succeeds; a run that fails
// keeps it and makes Wait() (or the next Submit()) return promtool's output.
// Not thread-safe; child processes are waited for by pid.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace fwlog {

class PromtoolRunner {
 public:
  PromtoolRunner(std::string promtool, std::string dir, int parallel);
  ~PromtoolRunner();
  PromtoolRunner(const PromtoolRunner&) = delete;
  PromtoolRunner& operator=(const PromtoolRunner&) = delete;

  absl::Status Submit(const std::string& file);
  // Waits for every run.
  absl::Status Wait();
  std::uint64_t finished() const { return finished_; }

 private:
  struct Run {
    pid_t pid;
    std::string file, log;
  };
  // Waits for the oldest run.
  absl::Status WaitOne();

  std::string promtool_, dir_;
  int parallel_;
  std::vector<Run> running_;
  std::uint64_t finished_ = 0;
};

}  // namespace fwlog
