// OpenMetricsChunks: backfill's samples as OpenMetrics files, one per window
// of event time, each closed as soon as no later sample can fall into it.
//
// OpenMetrics forbids interleaving families, and samples arrive in time
// order across families, so each open window keeps one anonymous temporary
// file per family; closing a window writes HELP/TYPE and joins them into one
// file ending in `# EOF`, then hands its path to `closed`. Memory grows with
// the number of series; disk with one window's samples (twice while joining).
// `window` 0: a single window for everything (--output).
//
// Counters named *_total are OpenMetrics counters (the family named without
// _total); other counters are `unknown`; first/last seen are gauges.
// Not thread-safe.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "config/config.h"

namespace fwlog {

class OpenMetricsChunks {
 public:
  // A closed window's joined file, its window [start, end) (Unix seconds;
  // 0, 0 for the single window) and its sample count.
  using Closed =
      std::function<absl::Status(const std::string& path, std::int64_t start, std::int64_t end, std::uint64_t samples)>;
  // `path_for(start)`: where a window's joined file goes.
  OpenMetricsChunks(const std::vector<MetricSpec>& specs, std::vector<std::pair<std::string, std::string>> labels,
                    std::int64_t window, std::function<std::string(std::int64_t start)> path_for, Closed closed);
  ~OpenMetricsChunks();

  // Names series `id` (of spec `metric`) before its first sample.
  void Name(std::uint32_t id, std::size_t metric, const std::vector<std::pair<std::string, std::string>>& labels);
  bool named(std::uint32_t id) const { return id < series_.size() && !series_[id].prefix.empty(); }
  absl::Status Write(std::uint32_t id, std::int64_t time, double value);
  // Closes every window that ends at or before `before` (all: INT64_MAX).
  absl::Status CloseBefore(std::int64_t before);

  std::uint64_t samples() const { return samples_; }

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const {
      if (f) std::fclose(f);
    }
  };
  using FilePtr = std::unique_ptr<std::FILE, FileCloser>;
  struct Family {
    std::string type_name, type, help;
  };
  struct Series {
    std::size_t metric = 0;
    std::string prefix;  // name{labels} and a space
  };
  struct Window {
    std::vector<FilePtr> files;  // by family, made when first written
    std::uint64_t samples = 0;
  };
  absl::Status Close(std::int64_t start, Window& window);

  std::vector<Family> families_;
  std::vector<std::pair<std::string, std::string>> labels_;
  std::int64_t window_;
  std::function<std::string(std::int64_t)> path_for_;
  Closed closed_;
  std::vector<Series> series_;
  std::map<std::int64_t, Window> open_;  // by start
  std::string line_;
  std::uint64_t samples_ = 0;
};

}  // namespace fwlog
