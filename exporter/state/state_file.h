// The state file: what lets a restart continue counting exactly where the
// last snapshot stood — every followed file's identity and offset, and every
// metric's values (StateSnapshot, core/checkpoint.h), taken at one point.
//
// Format (version 1): UTF-8-agnostic text, one record per line, so a person
// can read it and a program can check it.
//
//   fwlog-state 1
//   written_at 1700000000
//   file input="router" path="/var/log/fw.log" device=2049 inode=131 fingerprint=0x1f2e3d4c5b6a7988
//   fingerprint_length=1024 offset=5678 [closed=1]
//   metric name="fwlog_packets_total" definition="counter;action,proto,range"
//   sample value=12 "action"="drop" "proto"="tcp"
//   history newest_hour=429000 future_packets=0
//   history_series kind="range" key="nict-notice" service="" first_seen=1542121919 last_seen=1542600000
//   first_hour=428990 first_day=17874 hours=3,,1 days=5,12
//   history_destination key="tcp/23" service="telnet" packets=4
//   end records=7 crc32=0x89abcdef
//
// Strings are quoted; a byte outside printable ASCII, '"' and '\' are written
// as \xHH, so label values may hold any bytes. Doubles are written in their
// shortest exact form (std::to_chars), so every value reads back bit for bit.
// `closed=1` marks a file read and closed but still known by its identity
// (core/checkpoint.h); a reader that does not know the field opens it, which
// reads nothing twice. `sample` lines belong to the `metric` line before
// them, labels in order. The `history` records are the page's history
// (core/history.h): `hours`/`days` list the counts of consecutive hours/days
// from first_hour/first_day (a zero written as nothing; absent: none), and
// `history_destination` records belong to the range series before them. A
// file written before the history existed has none and loads as an empty
// history.
// The `end` line counts the records and carries the CRC-32 of every byte
// before it: a truncated, edited or foreign file is refused, never half-read.
// Readers of version 1 skip record kinds and fields they do not know, so a
// later version may add to it; a higher version number is refused.
//
// WriteState replaces the file atomically: a temporary file in the same
// folder is written and fsync'ed, renamed over the old one, and the folder
// fsync'ed; a crash at any point leaves the old state or the new, never a mix.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/checkpoint.h"

namespace fwlog {

inline constexpr int kStateFileVersion = 1;

// The file's text for `snapshot` (what WriteState writes).
std::string FormatState(const StateSnapshot& snapshot);
// Parses FormatState's text. DataLoss for a damaged file (bad checksum,
// truncated, malformed record), InvalidArgument for a file that is not a
// state file at all, FailedPrecondition for a newer version.
absl::StatusOr<StateSnapshot> ParseStateText(const std::string& text);

// Writes `snapshot` to `path` atomically (see above).
absl::Status WriteState(const std::string& path, const StateSnapshot& snapshot);
// Reads `path`. NotFound when it does not exist (a first start); otherwise
// the errors of ParseState, or the I/O error.
absl::StatusOr<StateSnapshot> ReadState(const std::string& path);
// Renames a state file that could not be read to `path.corrupt-<unix time>`
// (with a number added if that exists), so it is kept for a person to look
// at and the next write starts clean. Returns the new name.
absl::StatusOr<std::string> SetAside(const std::string& path);

}  // namespace fwlog
