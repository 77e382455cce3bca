// `backfill`: read old logs once, in event time, and write the configured
// metrics with event-time timestamps: as Prometheus TSDB blocks (--tsdb DIR,
// through Debian's promtool, one 2-hour OpenMetrics piece at a time) or as
// one OpenMetrics file (--output).
//
// The files go through the same Pipeline as `replay` (parse, enrich); the
// backfill keeps its own CounterSet and, whenever an event's time passes a
// step boundary, takes the series that changed in the step that ended
// (CounterSet::PublishChanged). A value at boundary B holds the events with
// time < B, as a scrape at B would. SampleSchedule decides which samples
// each change writes (around the change, at the ends of its hour and day),
// so increase() over a day or an hour at its end is exact while a quiet
// series costs a handful of samples (docs/history.md has the figures).
//
// Memory grows with the number of series, not with the length of the
// history; disk holds at most a few 2-hour pieces besides the blocks.
//
// Lines must come in time order. A line older than the last boundary written
// cannot go back in time; it is counted in the current step and reported as
// late. Lines without a stamp of their own are skipped and reported.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "app/commands.h"
#include "app/report.h"

namespace fwlog {

struct BackfillOptions {
  std::string tsdb_dir;  // --tsdb: blocks go here (one of tsdb_dir, output)
  std::string output;    // --output: one OpenMetrics file
  std::string promtool = "promtool";
  // The sample grid; divides an hour. Why 5m: docs/history.md.
  std::int64_t step_seconds = 300;
  // Extra labels on every sample (job, instance), in the given order.
  std::vector<std::pair<std::string, std::string>> labels;
  // Events at or after this Unix time are left out (0: none are).
  std::int64_t until = 0;
  // Print a progress line on stderr; default: when stderr is a terminal.
  bool progress = false;
};

int Backfill(const CommonOptions& common, const BackfillOptions& options, const std::vector<std::string>& files);

}  // namespace fwlog
