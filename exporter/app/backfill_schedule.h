// SampleSchedule: which samples backfill writes for each series, so that a
// quiet series costs almost nothing while increase() over a whole hour or a
// whole day of the zone, evaluated at its end, stays exact.
//
// A series changes at step boundary B when events in [B - step, B) touched it
// (the value at B holds the events with time < B, as a scrape at B would).
// For each change the schedule writes, each only once and in time order per
// series:
//   before: the old value at the start of the day and of the hour that hold
//           B - step, and at B - step (a counter's first change: 0 there; a
//           gauge's first value has no "before");
//   at B:   the new value;
//   after:  the new value at the first hour end and the first midnight at or
//           after B, unless the series changes again before them.
// So every day (and hour) in which a series changed has samples at both of
// its ends, and Prometheus 2's increase() (closed range, no extrapolation
// when samples sit on both ends) gives exactly the difference; a day in which
// it did not change holds no sample, one, or two equal ones: no increase.
// A port seen twice in six months costs twelve samples instead of one per
// step. Hours and days are those of `zone`; step must divide an hour.
//
// Not thread-safe; one per backfill run.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "absl/time/time.h"

namespace fwlog {

class SampleSchedule {
 public:
  // Receives each sample: series id, Unix seconds, value.
  using Emit = std::function<void(std::uint32_t id, std::int64_t time, double value)>;

  SampleSchedule(absl::TimeZone zone, std::int64_t step, Emit emit);

  // Starts the changes that appear at boundary `b` (increasing between calls):
  // writes the "after" samples still pending before b - step of every series.
  void BeginBoundary(std::int64_t b);
  // Series `id` has `value` at the current boundary; `counter`: a first
  // change starts from 0.
  void Change(std::uint32_t id, double value, bool counter);
  // Writes every pending "after" sample.
  void Finish();

  // The earliest time any later call can still write: samples before it are
  // final (a chunk that ends there can be closed).
  std::int64_t settled_before() const { return settled_; }

 private:
  struct Series {
    bool known = false;
    double value = 0;
    std::int64_t last_time = INT64_MIN;      // the last sample written
    std::int64_t hour_end = 0, day_end = 0;  // pending "after" times (0: none)
  };
  void Write(std::uint32_t id, Series& s, std::int64_t time, double value);
  // Writes s's pending "after" samples before `before`, drops the rest.
  void FlushAfter(std::uint32_t id, Series& s, std::int64_t before);
  std::int64_t HourStart(std::int64_t t) const;
  std::int64_t DayStart(std::int64_t t) const;

  absl::TimeZone zone_;
  std::int64_t step_;
  Emit emit_;
  std::vector<Series> series_;
  // Pending "after" times, earliest first (entries may be stale).
  using Due = std::pair<std::int64_t, std::uint32_t>;
  std::priority_queue<Due, std::vector<Due>, std::greater<Due>> due_;
  std::int64_t b_ = 0, day_start_ = 0, hour_start_ = 0, hour_end_ = 0, day_end_ = 0;
  std::int64_t settled_ = INT64_MIN;
};

}  // namespace fwlog
