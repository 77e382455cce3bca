// Timestamp readers for the stamps firewall logs carry. Each reads a stamp at
// the start of `text`, returns the Unix time and how many bytes it used, or
// nullopt when the text does not start with that kind of stamp.
//
//   RFC 3339 / ISO 8601   2018-11-16T00:12:34+09:00, ...34.202833Z, "T" or " ";
//                         without an offset the stamp is read in `zone`
//   RFC 3164              Nov 16 00:12:34 (day space-padded, no year): read in
//                         `zone`, the year inferred from `now` so that no stamp
//                         lies more than a day in the future (a December line
//                         read in January is last year's)
//
// Hand-written rather than strptime/absl::ParseTime: those allocate or need a
// format scan per call, and this runs once per line.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/time/time.h"

namespace fwlog {

struct TimeContext {
  absl::TimeZone zone = absl::UTCTimeZone();
  std::int64_t now = 0;  // Unix seconds: the receive time, for year inference
};

struct Stamp {
  std::int64_t unix_seconds = 0;
  std::int32_t nanos = 0;
  std::size_t length = 0;  // bytes of `text` the stamp occupied
};

std::optional<Stamp> ReadRfc3339(std::string_view text, const TimeContext& ctx);
std::optional<Stamp> ReadRfc3164(std::string_view text, const TimeContext& ctx);

// Unix seconds of a civil time read in `zone`. For a time that falls into a
// DST gap or overlap, the earlier/pre-transition mapping is used.
std::int64_t CivilToUnix(int year, int month, int day, int hour, int minute, int second,
                         const absl::TimeZone& zone);

}  // namespace fwlog
