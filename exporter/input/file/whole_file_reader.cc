// ReadWholeFile (declared in input_runner.h): replay of plain and gzip files.
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <vector>

#include "input/input_runner.h"
#include "input/line_delivery.h"
#include "input/line_splitter.h"

namespace fwlog {

absl::Status ReadWholeFile(const std::string& path, int input, std::size_t max_line_bytes, LineSink& sink,
                           InputStats& stats) {
  const bool is_stdin = path == "-";
  const std::string name = is_stdin ? std::string("standard input") : path;
  // gzread reads plain files as they are, so one reader serves both.
  errno = 0;
  gzFile f = nullptr;
  if (is_stdin) {
    const int fd = ::dup(STDIN_FILENO);
    if (fd >= 0) {
      f = ::gzdopen(fd, "rb");
      if (f == nullptr) ::close(fd);
    }
  } else {
    f = ::gzopen(path.c_str(), "rb");
  }
  if (f == nullptr) {
    if (errno == 0) return absl::ResourceExhaustedError("cannot open " + name + ": out of memory");
    return absl::ErrnoToStatus(errno, "cannot open " + name);
  }
  // Our buffer is larger than zlib's, so zlib reads (plain files) or
  // inflates (gzip) straight into it instead of through its own and a copy.
  ::gzbuffer(f, 64 * 1024);
  LineDelivery deliver{sink, stats, input, static_cast<std::int64_t>(std::time(nullptr))};
  LineSplitter splitter(max_line_bytes);
  std::vector<char> buffer(256 * 1024);
  absl::Status error;
  for (;;) {
    const int n = ::gzread(f, buffer.data(), static_cast<unsigned>(buffer.size()));
    if (n < 0) {
      int code = 0;
      const char* message = ::gzerror(f, &code);
      error = code == Z_ERRNO ? absl::ErrnoToStatus(errno, "cannot read " + name)
                              : absl::DataLossError("cannot read " + name + ": " + message);
      break;
    }
    if (n == 0) {
      // A gzip stream that stops early reads as EOF with an error set.
      int code = 0;
      const char* message = ::gzerror(f, &code);
      if (code != Z_OK && code != Z_STREAM_END) error = absl::DataLossError("cannot read " + name + ": " + message);
      break;
    }
    stats.BytesRead(input, static_cast<std::size_t>(n));
    splitter.Feed({buffer.data(), static_cast<std::size_t>(n)}, deliver);
  }
  if (error.ok()) splitter.Finish(deliver);  // the file is complete: its last line counts
  sink.Flush();
  ::gzclose(f);
  return error;
}

}  // namespace fwlog
