// FileStream: one open log file being read — its descriptor, identity,
// fingerprint, read offset and the partial line it holds.
//
// It reads with pread(2) from its own offset, so the descriptor's position
// never matters, and delivers complete lines through a LineDelivery. Its
// consumed() offset — read offset minus the held partial line — is always at
// a line boundary: that is what a checkpoint saves and a restart resumes at.
//
// The stream knows nothing of paths, globs or rotation policy; FileTailer
// decides when a stream is drained, restarted from 0 or closed.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>

#include "input/file/descriptor_budget.h"
#include "input/file/file_identity.h"
#include "input/line_delivery.h"
#include "input/line_splitter.h"
#include "input/unique_fd.h"

namespace fwlog {

class FileStream {
 public:
  // `fd` is open for reading on the file `id`; reading starts at `offset`.
  FileStream(UniqueFd fd, FileId id, std::string path, std::uint64_t offset, std::size_t max_line_bytes);
  FileStream(const FileStream&) = delete;
  FileStream& operator=(const FileStream&) = delete;

  struct ReadResult {
    std::size_t bytes = 0;
    bool eof = false;  // false: stopped because `budget` ran out
  };
  // Reads up to `budget` bytes through `buffer`, delivering complete lines.
  // Bytes read while the file was being truncated and rewritten are dropped
  // (the first bytes no longer match): the next Truncated() call sees it.
  ReadResult Read(std::span<char> buffer, std::size_t budget, LineDelivery& deliver);

  // The file's current size (fstat), or -1 when it cannot be read.
  std::int64_t Size() const;
  // Whether the file has no name left anywhere (deleted): it can never be
  // found again.
  bool Deleted() const;
  // The budget share its descriptor holds, given back when it is closed.
  void HoldSlot(DescriptorBudget::Slot slot) { slot_ = std::move(slot); }
  // Whether the file no longer holds what we read: shorter than what was read,
  // or its first bytes changed (truncated and rewritten in place). `size` is
  // from Size().
  bool Truncated(std::int64_t size) const;
  // Reads again from offset 0, dropping the held partial line.
  void RestartFromZero();

  int fd() const { return fd_.get(); }
  FileId id() const { return id_; }
  const Fingerprint& fingerprint() const { return fingerprint_; }
  std::uint64_t read_offset() const { return read_offset_; }
  std::uint64_t consumed() const { return read_offset_ - splitter_.pending_bytes(); }

  // The path the file was last seen at, for checkpoints and rescans.
  const std::string& path() const { return path_; }
  void set_path(const std::string& path) { path_ = path; }
  // Whether a path of the pattern currently names this file; a stream that is
  // not followed is draining: read to its end and closed after rotate_wait.
  bool followed() const { return followed_; }
  void set_followed(bool followed) { followed_ = followed; }

  // When data last arrived (or the stream started draining), for rotate_wait.
  std::chrono::steady_clock::time_point last_activity() const { return last_activity_; }
  void set_last_activity(std::chrono::steady_clock::time_point t) { last_activity_ = t; }
  bool at_eof() const { return at_eof_; }
  std::uint64_t last_size() const { return last_size_; }
  void set_last_size(std::uint64_t size) { last_size_ = size; }

 private:
  void RefreshFingerprint();

  UniqueFd fd_;
  DescriptorBudget::Slot slot_;
  FileId id_;
  std::string path_;
  bool followed_ = true;
  Fingerprint fingerprint_;
  std::uint64_t read_offset_;
  std::uint64_t last_size_ = 0;
  LineSplitter splitter_;
  bool at_eof_ = false;
  std::chrono::steady_clock::time_point last_activity_{};
};

}  // namespace fwlog
