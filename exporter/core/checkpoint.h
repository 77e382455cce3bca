// Checkpoint values: what the state file keeps so that a restart resumes
// exactly where the last snapshot stood — each followed file's identity and
// offset, and every counter and gauge value — taken together at one point
// between two lines.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/history.h"

namespace fwlog {

struct FileCheckpoint {
  std::string input;  // the configured input's name
  std::string path;   // the path the file was opened by
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  // Hash of the file's first bytes (up to fingerprint_length), so a file whose
  // inode was reused, or that was truncated and rewritten while we were down,
  // is not mistaken for the one we read.
  std::uint64_t fingerprint = 0;
  std::uint32_t fingerprint_length = 0;
  std::uint64_t offset = 0;  // bytes consumed: always at a line boundary
  // A file read and closed because no path named it any more (renamed away,
  // its folder unreadable): kept so that it is resumed at `offset`, not read
  // again, should it come back. Open files have it false.
  bool closed = false;
};

struct MetricSample {
  std::string metric;
  // Label names and values in the metric's label order.
  std::vector<std::pair<std::string, std::string>> labels;
  double value = 0;
};

struct MetricCheckpoint {
  std::string metric;
  // A digest of the metric's definition (type, labels, filters, cap); values
  // are restored only into a metric whose definition is unchanged.
  std::string definition;
  std::vector<MetricSample> samples;
};

struct StateSnapshot {
  std::int64_t written_at = 0;  // Unix seconds
  std::vector<FileCheckpoint> files;
  std::vector<MetricCheckpoint> metrics;
  // The page's history (absent from files written before it existed).
  HistoryCheckpoint history;
};

}  // namespace fwlog
