// LineSink: what an input stage feeds. The pipeline implements it; tests
// implement it to record what an input produced.
//
// All calls for one input come from one thread. OnLine receives complete lines
// only: an input keeps a line without its terminator until the rest arrives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/log_line.h"

namespace fwlog {

class LineSink {
 public:
  virtual ~LineSink() = default;
  virtual void OnLine(const LogLine& line) = 0;
  // Consecutive lines of one input, in order: the same as OnLine for each,
  // which is what it does unless a sink has a faster way.
  virtual void OnLines(std::span<const LogLine> lines) {
    for (const LogLine& line : lines) OnLine(line);
  }
  // The input has handed over every line it has for now (it is about to
  // wait, or the file is done): a sink that gathers its results in batches
  // makes them visible here.
  virtual void Flush() {}
};

// InputStats: health notifications from inputs, so the input stage reports
// without knowing how metrics are kept. Every method has a no-op default.
class InputStats {
 public:
  virtual ~InputStats() = default;
  virtual void BytesRead(int /*input*/, std::size_t /*bytes*/) {}
  virtual void FileRotated(int /*input*/) {}
  virtual void FileTruncated(int /*input*/) {}
  // Current read offset and size of one followed file, for lag.
  virtual void FilePosition(int /*input*/, std::string_view /*path*/, std::uint64_t /*offset*/,
                            std::uint64_t /*size*/) {}
  virtual void FileForgotten(int /*input*/, std::string_view /*path*/) {}
  // A line longer than the configured maximum was cut (the cut part is still
  // delivered, marked by the caller as invalid).
  virtual void LineTooLong(int /*input*/) {}
  // `count` syslog messages were dropped before they reached the pipeline.
  virtual void SyslogDropped(int /*input*/, std::string_view /*reason*/, std::uint64_t /*count*/) {}
  // `count` syslog datagrams or connections were refused: their sender is
  // not in the listener's allowed_senders.
  virtual void SyslogSendersRejected(int /*input*/, std::uint64_t /*count*/) {}
};

}  // namespace fwlog
