// SummarySource: makes the Summary (http/summary.h) that `/` and
// GET /api/summary show, from the event history (metrics/event_history.h)
// and the current pipeline's registry (inputs' health, active scanners).
//
// `serve` keeps one for the life of the process: the history outlives
// reloads, and Use() hands it each new pipeline's configuration and
// registry (on the input thread, when the pipeline is swapped in). Make()
// runs on the HTTP threads, any number at once: it takes a copy of what
// Use() gave under a lock and reads the history without one (the history's
// readers need none). Dates and hours are the configured zone's.
#pragma once

#include <prometheus/registry.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "config/config.h"
#include "http/summary.h"
#include "metrics/event_history.h"

namespace fwlog {

class SummarySource {
 public:
  // Ports and countries listed (most packets first).
  static constexpr std::size_t kTop = 10;
  // Days listed at least, ending at the newest day.
  static constexpr int kMinDays = 14;

  SummarySource(std::shared_ptr<EventHistory> history, std::string telemetry_path);

  // Any thread.
  void Use(const Config& config, absl::TimeZone zone, std::shared_ptr<prometheus::Registry> registry);
  Summary Make() const;

 private:
  struct Current {
    absl::TimeZone zone;
    std::string zone_name;
    std::vector<InputSpec> inputs;
    bool scans = false;
    bool top_sources = false;
    std::shared_ptr<prometheus::Registry> registry;
    // The configuration's port purposes by "proto/port" (the history's port
    // key), e.g. "tcp/5555" -> "android-adb".
    std::map<std::string, std::string, std::less<>> purposes;
  };
  std::shared_ptr<EventHistory> history_;
  std::string telemetry_path_;
  mutable std::mutex mu_;  // guards current_
  std::shared_ptr<const Current> current_;
};

}  // namespace fwlog
