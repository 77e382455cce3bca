// Input: what the InputRunner drives, one per configured input (internal to
// the input stage). Everything here is called on the Run() thread.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/checkpoint.h"
#include "core/line_sink.h"

namespace fwlog {

class Input {
 public:
  virtual ~Input() = default;
  // Acquires what the input needs (binds a socket).
  virtual absl::Status Start() { return absl::OkStatus(); }
  // Releases it (closes listeners); lines already accepted stay readable.
  virtual void Shutdown() {}
  // Whether lines it accepted are lost unless Poll()ed after Shutdown()
  // (a syslog queue); files and stdin resume from their checkpoint instead.
  virtual bool HoldsAcceptedLines() const { return false; }
  // One round of reading. Returns true when more is ready right now.
  virtual bool Poll(LineSink& sink, InputStats& stats) = 0;
  // Descriptors whose readability means Poll has work.
  virtual void AppendWakeFds(std::vector<int>& /*fds*/) const {}
  virtual void Restore(const std::vector<FileCheckpoint>& /*checkpoints*/) {}
  // Takes from `orphans` (checkpoints of inputs no longer configured) those
  // of files it follows; returns how many.
  virtual std::size_t Adopt(std::vector<FileCheckpoint>& /*orphans*/) { return 0; }
  virtual void AppendCheckpoints(std::vector<FileCheckpoint>& /*out*/) const {}
  // Whether the files it reads changed since the last call, so that a
  // snapshot is due now; clears it.
  virtual bool TakeFilesChanged() { return false; }
};

}  // namespace fwlog
