// `backfill`: read old logs once, in event time, and write the default
// metrics as OpenMetrics with timestamps, ready for
//   promtool tsdb create-blocks-from openmetrics OUT DATA_DIR
//
// The files go through the same Pipeline as `replay` (parse, enrich); the
// backfill keeps its own CounterSet and, whenever an event's time passes a
// step boundary, samples every series at that boundary — as a scrape every
// `step` would have. A sample at boundary B holds the events with time < B.
// A counter series is given a 0 sample at the boundary before its first event,
// so increase() over a window starting before it is exact. Gauges (first/last
// seen) are sampled the same way, without the 0.
//
// Memory grows with the number of series, not with the length of the history:
// each metric family's samples are streamed to an anonymous temporary file and
// the families are joined into OUT at the end (OpenMetrics forbids
// interleaving families).
//
// Lines must come in time order. A line older than the last written boundary
// cannot go back in time; it is counted in the current step and reported as
// late. Lines without a stamp of their own are skipped and reported. A quiet
// stretch longer than max_gap is left unsampled (see below).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "app/commands.h"
#include "app/report.h"

namespace fwlog {

struct BackfillOptions {
  std::string output;
  std::int64_t step_seconds = 60;
  // Extra labels on every sample (job, instance), in the given order.
  std::vector<std::pair<std::string, std::string>> labels;
  // A quiet stretch longer than this (no event at all) is not filled with
  // samples: the series end at the step after the last event and resume at
  // the step before the next one, as if the exporter had been stopped
  // (counters keep their totals: no reset). Guards against a stray stamp years
  // away turning into millions of samples.
  std::int64_t max_gap_seconds = 7 * 86400;
  // Events at or after this Unix time are left out (0: none are).
  std::int64_t until = 0;
  // Print a progress line on stderr; default: when stderr is a terminal.
  bool progress = false;
};

int Backfill(const CommonOptions& common, const BackfillOptions& options, const std::vector<std::string>& files);

}  // namespace fwlog
