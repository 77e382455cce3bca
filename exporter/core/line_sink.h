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

// Why an input could not read a path (fwlog_input_errors_total's reason).
enum class InputError { kNotFound, kPermissionDenied, kTooManyOpenFiles, kNotAFile, kOther };
inline constexpr std::size_t kInputErrorCount = 5;
constexpr std::string_view InputErrorName(InputError e) {
  switch (e) {
    case InputError::kNotFound:
      return "not_found";
    case InputError::kPermissionDenied:
      return "permission_denied";
    case InputError::kTooManyOpenFiles:
      return "too_many_open_files";
    case InputError::kNotAFile:
      return "not_a_file";
    case InputError::kOther:
      break;
  }
  return "other";
}

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
  // One failed attempt to look at or open a path the input follows (each
  // look counts, about once a second while the error lasts).
  virtual void InputFailed(int /*input*/, InputError /*reason*/) {}
  // What a person should read about an input: a path that cannot be read
  // (named, with the OS error: `warning`), or that can be again (not).
  // Inputs say it once per change, never every look.
  virtual void InputNotice(int /*input*/, std::string_view /*message*/, bool /*warning*/) {}
  // The files the input holds open now: those its paths name and rotated
  // ones being read to their end.
  virtual void FilesOpen(int /*input*/, std::size_t /*count*/) {}
};

}  // namespace fwlog
