// Helpers shared by the input stage's tests: a temporary folder, file
// writers, a sink that records lines, and stats that count callbacks.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "core/line_sink.h"

namespace fwlog::testing {

class TempDir {
 public:
  TempDir() : TempDir(std::filesystem::temp_directory_path().string()) {}
  explicit TempDir(const std::string& base) {
    std::string tmpl = base + "/fwlog-input-XXXXXX";
    path_ = ::mkdtemp(tmpl.data());
  }
  // In memory where the machine has /dev/shm, so a test that writes its
  // state file a thousand times is not timed by the disk's fsync.
  static TempDir InMemory() { return ::access("/dev/shm", W_OK) == 0 ? TempDir(std::string("/dev/shm")) : TempDir(); }
  TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline void WriteFile(const std::string& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

inline void AppendFile(const std::string& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  [[maybe_unused]] const auto n = ::write(fd, text.data(), text.size());
  ::close(fd);
}

inline std::string ReadAll(const std::string& path) {
  std::string out;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return out;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

// copytruncate as logrotate does it: copy, then truncate in place.
inline void CopyTruncate(const std::string& path, const std::string& copy) {
  WriteFile(copy, ReadAll(path));
  ::truncate(path.c_str(), 0);
}

struct RecordedLine {
  std::string text;
  int input = 0;
  std::string host;
  bool cut = false;
};

class RecordingSink : public LineSink {
 public:
  void OnLine(const LogLine& line) override {
    lines.push_back({std::string(line.text), line.input, std::string(line.transport_host), line.cut});
  }
  std::vector<std::string> Texts() const {
    std::vector<std::string> out;
    for (const auto& l : lines) out.push_back(l.text);
    return out;
  }
  void Clear() { lines.clear(); }
  std::vector<RecordedLine> lines;
};

class CountingStats : public InputStats {
 public:
  void BytesRead(int, std::size_t bytes) override { bytes_read += bytes; }
  void FileRotated(int) override { ++rotations; }
  void FileTruncated(int) override { ++truncations; }
  void FilePosition(int, std::string_view path, std::uint64_t offset, std::uint64_t size) override {
    positions[std::string(path)] = {offset, size};
  }
  void FileForgotten(int, std::string_view path) override { forgotten.emplace_back(path); }
  void LineTooLong(int) override { ++too_long_lines; }
  void SyslogDropped(int, std::string_view reason, std::uint64_t count) override {
    dropped[std::string(reason)] += static_cast<int>(count);
  }
  void SyslogSendersRejected(int, std::uint64_t count) override { senders_rejected += static_cast<int>(count); }
  void InputFailed(int, InputError reason) override { ++errors[std::string(InputErrorName(reason))]; }
  void InputNotice(int, std::string_view message, bool warning) override {
    (warning ? warnings : infos).emplace_back(message);
  }
  void FilesOpen(int, std::size_t count) override { files_open = count; }

  std::size_t bytes_read = 0;
  int rotations = 0;
  int truncations = 0;
  int too_long_lines = 0;
  std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> positions;
  std::vector<std::string> forgotten;
  std::map<std::string, int> dropped;
  int senders_rejected = 0;
  std::map<std::string, int> errors;  // by reason
  std::vector<std::string> warnings, infos;
  std::size_t files_open = 0;
};

// Waits for a condition another thread (a listener) makes true: checks it
// every millisecond, up to `limit`. For socket tests only; file tests step.
inline bool WaitFor(const std::function<bool()>& done, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace fwlog::testing
