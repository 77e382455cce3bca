// WriteState / ReadState / SetAside: the state file's I/O (see state_file.h).
#include "state/state_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "core/text_file.h"

namespace fwlog {
namespace {

absl::Status IoError(const std::string& what, const std::string& path) {
  const int e = errno;
  const std::string message = what + " " + path + ": " + std::strerror(e);
  if (e == ENOENT) return absl::NotFoundError(message);
  if (e == EACCES || e == EPERM) return absl::PermissionDeniedError(message);
  return absl::UnavailableError(message);
}

std::string DirOf(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

bool WriteAll(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

absl::Status WriteState(const std::string& path, const StateSnapshot& snapshot) {
  const std::string text = FormatState(snapshot);
  std::string temp = path + ".tmp.XXXXXX";
  const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return IoError("cannot create a temporary file beside", path);
  const bool written = WriteAll(fd, text) && ::fsync(fd) == 0;
  const int write_errno = errno;
  const bool closed = ::close(fd) == 0;
  if (!written || !closed) {
    errno = written ? errno : write_errno;
    const absl::Status status = IoError("cannot write", temp);
    ::unlink(temp.c_str());
    return status;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const absl::Status status = IoError("cannot rename the new state over", path);
    ::unlink(temp.c_str());
    return status;
  }
  // The rename itself is durable only once the folder is synced.
  const std::string dir = DirOf(path);
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return IoError("cannot open folder", dir);
  const bool synced = ::fsync(dfd) == 0;
  ::close(dfd);
  if (!synced) return IoError("cannot sync folder", dir);
  return absl::OkStatus();
}

absl::StatusOr<StateSnapshot> ReadState(const std::string& path) {
  const auto text = ReadTextFile(path);
  if (!text.ok()) return absl::Status(text.status().code(), "state file " + std::string(text.status().message()));
  auto snapshot = ParseStateText(*text);
  if (!snapshot.ok()) {
    return absl::Status(snapshot.status().code(), path + ": " + std::string(snapshot.status().message()));
  }
  return snapshot;
}

absl::StatusOr<std::string> SetAside(const std::string& path) {
  const std::string base = path + ".corrupt-" + std::to_string(static_cast<long long>(std::time(nullptr)));
  std::string target = base;
  struct stat st {};
  for (int i = 1; ::lstat(target.c_str(), &st) == 0; ++i) target = base + "." + std::to_string(i);
  if (::rename(path.c_str(), target.c_str()) != 0) return IoError("cannot set aside", path);
  return target;
}

}  // namespace fwlog
