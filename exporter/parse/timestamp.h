// Timestamp readers for the stamps firewall logs carry. Each reads a stamp at
// the start of `text`, returns the Unix time and how many bytes it used, or
// nullopt when the text does not start with that kind of stamp. None of them
// allocates; none accepts an impossible clock (month 13, hour 25).
//
//   RFC 3339 / ISO 8601   2018-11-16T00:12:34+09:00, ...34.202833Z, "T" or " ",
//                         offset as +09:00 or +0900; without an offset the
//                         stamp is read in `zone`
//   RFC 3164              Nov 16 00:12:34, day space-padded ("May  7") or not
//                         ("Jan 1"): read in `zone`, the year given by the
//                         context's YearRule (below); with a year it is read
//                         as given: Nov 16 2018 00:12:34 (Cisco ASA `logging
//                         timestamp`), Nov 16 00:12:34 2018 (Zyxel)
//   ctime                 Mon Mar 23 13:16:49 2026 (OpenWrt logread): read in `zone`
//   Unix epoch            1542294754 or 1542294754.123 — exactly ten integer
//                         digits (2001-09-09 .. 2286-11-20) and then a space or
//                         the end, so a VMID, a port or a pf rule number is
//                         never taken for a stamp
//   Proxmox pve-firewall  14/Mar/2024:09:03:53 +0100 (always with its offset)
//   RouterOS on-box       20:35:05 (today, or yesterday when that would lie
//                         more than an hour ahead of the rule's reference
//                         time), mar/18 20:35:05 (year as for RFC 3164),
//                         mar/18/2023 20:35:05; month names in either case
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

struct Stamp {
  std::int64_t unix_seconds = 0;
  std::int32_t nanos = 0;
  std::size_t length = 0;      // bytes of `text` the stamp occupied
  bool year_inferred = false;  // the text had no year (YearRule gave it)
};

// How a stamp without a year (RFC 3164 "Nov 16 00:12:34", RouterOS
// "mar/18 20:35:05") gets one. The stage that knows where lines come from
// chooses (the app: live inputs keep the first rule; files read after the
// fact take the second from input's FileWrittenTime(), or the third from
// --year); the stamp readers apply it.
struct YearRule {
  enum class Kind {
    // Live reading: the latest year that puts the stamp no more than a day
    // after the receive time (TimeContext::now); a sender's clock may run a
    // little ahead, and a December line read on January 1st is last year's.
    kReceiveTime,
    // A file read after the fact: the same with `written`, the time the file
    // was last written, for the receive time. Its last line is not later than
    // that; a stamp that would be is the year before's; and reading back from
    // the end, each New Year crossed is a year back. Right for every line of
    // a file that spans less than a year. The day's allowance also covers a
    // configured zone a few hours off the sender's.
    // Once the file has shown a stamp with a year in its envelope (a relay
    // that writes RFC 3339 for some lines and RFC 3164 for others, as an
    // ASUS router's log does), a yearless stamp takes the year that puts it
    // nearest that stamp instead: a copied file's mtime says less than its
    // own neighbouring lines.
    kWrittenBefore,
    // --year: the first such stamp lies in `year`, and each later one in the
    // earliest year that puts it no more than a day before the stamp before it:
    // logs run forward, so a step back from December to January is the next
    // year, while a line a little out of order stays in its year. Through any
    // number of files given oldest first.
    kStartYear,
  };
  Kind kind = Kind::kReceiveTime;
  std::int64_t written = 0;  // kWrittenBefore: Unix seconds
  int year = 0;              // kStartYear
};

// The time-related context of one input: its zone, the receive time of the
// line being read, how yearless stamps get their year, and the caches. Not
// thread-safe: one per input, on the pipeline thread.
struct TimeContext {
  absl::TimeZone zone = absl::UTCTimeZone();
  std::int64_t now = 0;  // Unix seconds: the receive time
  YearRule years;
  mutable CivilCache cache;
  // kStartYear: the last yearless stamp read (0: none yet) and its year.
  mutable std::int64_t last_yearless = 0;
  mutable int last_year = 0;
  // kWrittenBefore: the last envelope stamp that carried its year (0: none
  // yet); the Parser notes it (NoteStamp).
  mutable std::int64_t last_dated = 0;

  // Starts `rule` and forgets the stamps read under the one before.
  void SetYearRule(const YearRule& rule) {
    years = rule;
    last_yearless = 0;
    last_year = 0;
    last_dated = 0;
  }
  // A line's envelope stamp, read under this context.
  void NoteStamp(const Stamp& stamp) const {
    if (!stamp.year_inferred && years.kind == YearRule::Kind::kWrittenBefore) last_dated = stamp.unix_seconds;
  }
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
