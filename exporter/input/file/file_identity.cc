#include "input/file/file_identity.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace fwlog {

std::uint64_t Fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

namespace {

// Reads exactly `n` bytes at `offset` unless the file ends first.
std::size_t ReadAt(int fd, char* buf, std::size_t n, std::uint64_t offset) {
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::pread(fd, buf + got, n - got, static_cast<off_t>(offset + got));
    if (r <= 0) break;
    got += static_cast<std::size_t>(r);
  }
  return got;
}

}  // namespace

Fingerprint ReadFingerprint(int fd, std::uint64_t size) {
  std::array<char, kFingerprintBytes> head;
  const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(size, kFingerprintBytes));
  const std::size_t got = ReadAt(fd, head.data(), want, 0);
  return {Fnv1a64({head.data(), got}), static_cast<std::uint32_t>(got)};
}

std::optional<Fingerprint> GrowFingerprint(int fd, std::uint64_t size, const Fingerprint& prefix) {
  std::array<char, kFingerprintBytes> head;
  const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(size, kFingerprintBytes));
  const std::size_t got = ReadAt(fd, head.data(), want, 0);
  if (got < prefix.length || Fnv1a64({head.data(), prefix.length}) != prefix.hash) return std::nullopt;
  return Fingerprint{Fnv1a64({head.data(), got}), static_cast<std::uint32_t>(got)};
}

bool HeadMatches(int fd, const Fingerprint& fp) {
  if (fp.length == 0) return true;
  std::array<char, kFingerprintBytes> head;
  const std::size_t want = std::min<std::size_t>(fp.length, head.size());
  if (ReadAt(fd, head.data(), want, 0) != want) return false;
  return Fnv1a64({head.data(), want}) == fp.hash;
}

std::uint64_t LastLineStart(int fd, std::uint64_t size, std::size_t max_line_bytes) {
  std::array<char, 4096> buf;
  const std::uint64_t window = std::min<std::uint64_t>(size, max_line_bytes + 1);
  std::uint64_t end = size;
  while (end > size - window) {
    const std::uint64_t begin = end - std::min<std::uint64_t>(end - (size - window), buf.size());
    const auto n = static_cast<std::size_t>(end - begin);
    if (ReadAt(fd, buf.data(), n, begin) != n) return size;
    for (std::size_t i = n; i > 0; --i) {
      if (buf[i - 1] == '\n') return begin + i;
    }
    end = begin;
  }
  return window == size ? 0 : size;
}

std::string DirName(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace fwlog
