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
// converted afresh. The last two spans are kept: a log that interleaves two
// clocks (two hosts, or RFC 3164 stamps whose year is inferred next to
// RFC 3339 stamps of another year) would otherwise convert on every switch.
//
// Locate() also gives the local civil hour's number (hours since
// 1970-01-01T00 local), the event history's bucket. The view At() returns
// points to static storage. Not thread-safe (it keeps
// the span); cheap to copy.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>

#include "absl/time/time.h"

namespace fwlog {

class HourOfDay {
 public:
  explicit HourOfDay(absl::TimeZone zone) : zone_(zone) {}

  // The hour of day ("00".."23") and the civil hour's number, counted from
  // 1970-01-01T00 local (negative before it).
  struct Local {
    std::string_view text;
    std::int64_t number;
  };
  Local Locate(std::int64_t unix_seconds) {
    if (unix_seconds >= spans_[0].begin && unix_seconds < spans_[0].end) return {{spans_[0].text, 2}, spans_[0].number};
    if (unix_seconds >= spans_[1].begin && unix_seconds < spans_[1].end) {
      std::swap(spans_[0], spans_[1]);  // most recently used first
      return {{spans_[0].text, 2}, spans_[0].number};
    }
    spans_[1] = spans_[0];
    Compute(unix_seconds);
    return {{spans_[0].text, 2}, spans_[0].number};
  }
  std::string_view At(std::int64_t unix_seconds) { return Locate(unix_seconds).text; }

  absl::TimeZone zone() const { return zone_; }

 private:
  void Compute(std::int64_t unix_seconds);

  // Every second in [begin, end) has the local hour `text`; begin == end:
  // empty (unused yet).
  struct Span {
    std::int64_t begin = 0;
    std::int64_t end = 0;
    const char* text = nullptr;
    std::int64_t number = 0;
  };

  absl::TimeZone zone_;
  Span spans_[2];  // most recently used first
};

}  // namespace fwlog
