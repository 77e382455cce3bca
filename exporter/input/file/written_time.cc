#include "input/file/written_time.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fwlog {

std::optional<std::int64_t> FileWrittenTime(const std::string& path) {
  const bool is_stdin = path == "-";
  const int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::optional<std::int64_t> written;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    // RFC 1952: ID1 ID2 CM FLG, then MTIME as four bytes, least significant first.
    unsigned char head[8];
    if (::pread(fd, head, sizeof head, 0) == static_cast<ssize_t>(sizeof head) && head[0] == 0x1f && head[1] == 0x8b &&
        head[2] == 8) {
      const std::uint32_t mtime = static_cast<std::uint32_t>(head[4]) | static_cast<std::uint32_t>(head[5]) << 8 |
                                  static_cast<std::uint32_t>(head[6]) << 16 | static_cast<std::uint32_t>(head[7]) << 24;
      if (mtime != 0) written = mtime;
    }
    if (!written) written = static_cast<std::int64_t>(st.st_mtim.tv_sec);
  }
  if (!is_stdin) ::close(fd);
  return written;
}

}  // namespace fwlog
