// FileWrittenTime: when a log file's content was last written, for reading
// its stamps that carry no year after the fact (parse/timestamp.h, YearRule:
// the app asks here and hands the answer to the parser's TimeContext).
//
//   a gzip file (by its magic bytes, whatever its name) whose first member's
//   header has an MTIME: that MTIME, the time the original file was last
//   modified when it was compressed (logrotate's gzip keeps it; `gzip -n`
//   and compressing a pipe write 0, meaning none)
//   any other regular file, or a gzip file without MTIME: its st_mtime
//   `-` (standard input): the same for a regular file redirected in; a pipe
//   or a terminal has no such time: nullopt
//
// A file that cannot be opened or examined: nullopt (the reader reports
// why). Reads the first bytes only with pread, so standard input is left
// where it was.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace fwlog {

std::optional<std::int64_t> FileWrittenTime(const std::string& path);

}  // namespace fwlog
