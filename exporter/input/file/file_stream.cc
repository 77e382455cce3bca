#include "input/file/file_stream.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace fwlog {

FileStream::FileStream(UniqueFd fd, FileId id, std::string path, std::uint64_t offset, std::size_t max_line_bytes)
    : fd_(std::move(fd)), id_(id), path_(std::move(path)), read_offset_(offset), splitter_(max_line_bytes) {
  RefreshFingerprint();
  const std::int64_t size = Size();
  last_size_ = size < 0 ? 0 : static_cast<std::uint64_t>(size);
}

FileStream::ReadResult FileStream::Read(std::span<char> buffer, std::size_t budget, LineDelivery& deliver) {
  ReadResult result;
  at_eof_ = false;
  while (result.bytes < budget) {
    const std::size_t want = std::min(buffer.size(), budget - result.bytes);
    const ssize_t n = ::pread(fd_.get(), buffer.data(), want, static_cast<off_t>(read_offset_));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {  // end of file, or an error we treat like it until the next round
      at_eof_ = result.eof = true;
      break;
    }
    // If the file was truncated and rewritten while we read, these bytes may
    // be the new content at our old offset. The first bytes still matching
    // after the read proves they are not: drop them otherwise, and let the
    // next truncation check restart (and finish from the copy).
    if (fingerprint_.length > 0 && !HeadMatches(fd_.get(), fingerprint_)) {
      at_eof_ = result.eof = true;
      break;
    }
    read_offset_ += static_cast<std::uint64_t>(n);
    result.bytes += static_cast<std::size_t>(n);
    splitter_.Feed({buffer.data(), static_cast<std::size_t>(n)}, deliver);
  }
  if (result.bytes > 0 && fingerprint_.length < kFingerprintBytes) {
    // Grown only if the bytes it covered are still there; otherwise the old
    // one stays, and the next truncation check sees the rewrite.
    const std::int64_t size = Size();
    if (auto grown = GrowFingerprint(fd_.get(), size < 0 ? 0 : static_cast<std::uint64_t>(size), fingerprint_)) {
      fingerprint_ = *grown;
    }
  }
  return result;
}

std::int64_t FileStream::Size() const {
  struct stat st {};
  if (::fstat(fd_.get(), &st) != 0) return -1;
  return st.st_size;
}

bool FileStream::Deleted() const {
  struct stat st {};
  return ::fstat(fd_.get(), &st) == 0 && st.st_nlink == 0;
}

bool FileStream::Truncated(std::int64_t size) const {
  if (size < 0) return false;
  if (static_cast<std::uint64_t>(size) < read_offset_) return true;
  // Truncated and rewritten to the same size or more since the last round:
  // only the first bytes tell. (One pread of at most 1 KiB.)
  return !HeadMatches(fd_.get(), fingerprint_);
}

void FileStream::RestartFromZero() {
  read_offset_ = 0;
  splitter_.Reset();
  RefreshFingerprint();
}

void FileStream::RefreshFingerprint() {
  const std::int64_t size = Size();
  fingerprint_ = ReadFingerprint(fd_.get(), size < 0 ? 0 : static_cast<std::uint64_t>(size));
}

}  // namespace fwlog
