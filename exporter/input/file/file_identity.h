// What makes a followed file the same file: its device and inode number, and a
// fingerprint of its first bytes.
//
// Device + inode alone are not enough: an inode freed while the exporter was
// down can be given to a new file, and a file truncated and rewritten in place
// keeps its inode. So a Fingerprint — a 64-bit FNV-1a hash of the file's first
// `length` bytes, `length` growing with the file until kFingerprintBytes — goes
// with it. Bytes once written to a log do not change, so a file whose first
// `length` bytes no longer hash the same is not the file we read. The same
// fingerprint under another inode is a copy of it (copytruncate's copy).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fwlog {

inline constexpr std::uint32_t kFingerprintBytes = 1024;

struct FileId {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  bool valid() const { return inode != 0; }
  friend bool operator==(const FileId&, const FileId&) = default;
};

struct Fingerprint {
  std::uint64_t hash = 0;
  std::uint32_t length = 0;  // 0: the file was empty; matches every file
  friend bool operator==(const Fingerprint&, const Fingerprint&) = default;
};

std::uint64_t Fnv1a64(std::string_view bytes);

// The fingerprint of the first min(size, kFingerprintBytes) bytes of `fd`.
Fingerprint ReadFingerprint(int fd, std::uint64_t size);

// ReadFingerprint, when its first `prefix.length` bytes still hash to
// `prefix.hash`; nullopt when they do not (the file was rewritten).
std::optional<Fingerprint> GrowFingerprint(int fd, std::uint64_t size, const Fingerprint& prefix);

// Whether the first fp.length bytes of `fd` still hash to fp.hash. False when
// the file is shorter than that or cannot be read.
bool HeadMatches(int fd, const Fingerprint& fp);

// Where reading from "the end" starts: just after the last '\n' before `size`,
// so a line being written is read whole. Looks back at most
// max_line_bytes + 1 bytes; with no '\n' there, returns 0 if that covered the
// whole file, else `size`.
std::uint64_t LastLineStart(int fd, std::uint64_t size, std::size_t max_line_bytes);

// The folder part of `path` ("." when it has none).
std::string DirName(const std::string& path);

}  // namespace fwlog
