// HourOfDay: Unix seconds -> local hour of day, "00".."23", in one time zone,
// converting only about once an hour.
//
//   HourOfDay hours(tokyo);
//   hours.At(1542294754);   // 2018-11-15T15:12:34Z -> "00" (00:12:34 in Tokyo)
//
// A zone conversion (absl::TimeZone::At) is cheap but not free, and a log is
// mostly in time order, so HourOfDay remembers the span of seconds that shares
// the hour it computed last: the whole local hour around it, cut short at any
// UTC-offset change inside that hour (taken from the zone's transitions), so
// daylight-saving changes and half-hour or 45-minute offsets stay exact. A
// time outside the span (the next hour, or an out-of-order line) is simply
// converted afresh.
//
// The view At() returns points to static storage. Not thread-safe (it keeps
// the span); cheap to copy.
#pragma once

#include <cstdint>
#include <string_view>

#include "absl/time/time.h"

namespace fwlog {

class HourOfDay {
 public:
  explicit HourOfDay(absl::TimeZone zone) : zone_(zone) {}

  std::string_view At(std::int64_t unix_seconds) {
    if (text_ == nullptr || unix_seconds < begin_ || unix_seconds >= end_) Compute(unix_seconds);
    return std::string_view(text_, 2);
  }

  absl::TimeZone zone() const { return zone_; }

 private:
  void Compute(std::int64_t unix_seconds);

  absl::TimeZone zone_;
  // Every second in [begin_, end_) has the local hour text_.
  std::int64_t begin_ = 0;
  std::int64_t end_ = 0;
  const char* text_ = nullptr;
};

}  // namespace fwlog
