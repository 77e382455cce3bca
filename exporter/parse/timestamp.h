// Timestamp readers for the stamps firewall logs carry. Each reads a stamp at
// the start of `text`, returns the Unix time and how many bytes it used, or
// nullopt when the text does not start with that kind of stamp. None of them
// allocates; none accepts an impossible clock (month 13, hour 25).
//
//   RFC 3339 / ISO 8601   2018-11-16T00:12:34+09:00, ...34.202833Z, "T" or " ",
//                         offset as +09:00 or +0900; without an offset the
//                         stamp is read in `zone`
//   RFC 3164              Nov 16 00:12:34, day space-padded ("May  7") or not
//                         ("Jan 1"): read in `zone`, the year inferred from
//                         `now` so that no stamp lies more than a day in the
//                         future (a December line read in January is last year's);
//                         with a year it is read as given: Nov 16 2018 00:12:34
//                         (Cisco ASA `logging timestamp`), Nov 16 00:12:34 2018
//                         (Zyxel)
//   ctime                 Mon Mar 23 13:16:49 2026 (OpenWrt logread): read in `zone`
//   Unix epoch            1542294754 or 1542294754.123 — exactly ten integer
//                         digits (2001-09-09 .. 2286-11-20) and then a space or
//                         the end, so a VMID, a port or a pf rule number is
//                         never taken for a stamp
//   Proxmox pve-firewall  14/Mar/2024:09:03:53 +0100 (always with its offset)
//   RouterOS on-box       20:35:05 (today, or yesterday when that would lie
//                         more than an hour ahead of `now`), mar/18 20:35:05
//                         (year inferred as for RFC 3164), mar/18/2023 20:35:05;
//                         month names in either case
//
// Time zones: stamps without an offset are civil times in `zone`. In a DST gap
// (02:30 on a spring-forward night) they are read with the offset in force
// before the transition, so they land an hour later in wall time; in a DST
// overlap (01:30 on a fall-back night, which happens twice) they are read as
// the first of the two instants. See CivilToUnix.
//
// Hand-written rather than strptime/absl::ParseTime: those allocate or need a
// format scan per call, and this runs once per line.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/time/time.h"
#include "parse/memo.h"

namespace fwlog {

// Remembers the last civil hour converted in a zone and the civil date of the
// last `now`, so that a run of stamps from one hour (the usual case: logs
// arrive in time order) costs no time-zone lookup; absl::TimeZone::At is the
// costliest step of reading a stamp. An hour that holds a DST transition or
// any other offset change is never cached. Not thread-safe: a TimeContext
// belongs to one input on the pipeline thread.
class CivilCache {
 public:
  // Same result as CivilToUnix(year, ..., zone).
  std::int64_t ToUnix(const absl::TimeZone& zone, int year, int month, int day, int hour, int minute, int second);
  // The civil second of `now` in `zone`.
  absl::CivilSecond CivilNow(const absl::TimeZone& zone, std::int64_t now);

 private:
  absl::TimeZone hour_zone_;
  int year_ = 0, month_ = 0, day_ = 0, hour_ = -1;
  std::int64_t hour_start_ = 0;
  absl::TimeZone now_zone_;
  std::int64_t now_ = 0;
  bool have_now_ = false;
  absl::CivilSecond now_civil_;
};

struct TimeContext {
  absl::TimeZone zone = absl::UTCTimeZone();
  std::int64_t now = 0;  // Unix seconds: the receive time, for year inference
  mutable CivilCache cache;
};

struct Stamp {
  std::int64_t unix_seconds = 0;
  std::int32_t nanos = 0;
  std::size_t length = 0;  // bytes of `text` the stamp occupied
};

// The last stamp read with an explicit offset, by the bytes it occupied
// (ParseState::rfc3339).
using StampMemo = Memo<48, Stamp>;

// With a `memo`, a stamp with an explicit offset whose bytes the memo holds
// is answered from it, and a newly read one is kept there.
std::optional<Stamp> ReadRfc3339(std::string_view text, const TimeContext& ctx, StampMemo* memo = nullptr);
std::optional<Stamp> ReadRfc3164(std::string_view text, const TimeContext& ctx);
std::optional<Stamp> ReadCtime(std::string_view text, const TimeContext& ctx);
std::optional<Stamp> ReadEpoch(std::string_view text);
std::optional<Stamp> ReadPveStamp(std::string_view text);
std::optional<Stamp> ReadRouterOsStamp(std::string_view text, const TimeContext& ctx);

// Any of the above, tried in the order listed (for a custom pattern's `time`
// group, whose text is a stamp and nothing else).
std::optional<Stamp> ReadAnyStamp(std::string_view text, const TimeContext& ctx);

// Unix seconds of a civil time read in `zone`. For a time that falls into a
// DST gap or overlap, the pre-transition offset is used: a skipped time maps
// to the instant it would have been without the jump forward, a repeated time
// to its first occurrence.
std::int64_t CivilToUnix(int year, int month, int day, int hour, int minute, int second, const absl::TimeZone& zone);

}  // namespace fwlog
