#include "parse/timestamp.h"

#include "core/byte_scan.h"

namespace fwlog {
namespace {

constexpr std::int64_t kDay = 86400;

// `n` decimal digits at `pos` (n is 2 or 4 at every call, so this unrolls).
inline bool Digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    const unsigned d = static_cast<unsigned>(s[i]) - '0';
    if (d > 9) return false;
    v = v * 10 + static_cast<int>(d);
  }
  out = v;
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// 1..12 for "Jan".."Dec"; with `any_case`, also "jan", "JAN" (RouterOS).
int MonthFromAbbrev(std::string_view s, bool any_case = false) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (s.size() != 3) return 0;
  char c[3] = {s[0], s[1], s[2]};
  if (any_case) {
    if (c[0] >= 'a' && c[0] <= 'z') c[0] = static_cast<char>(c[0] - 'a' + 'A');
    for (int i = 1; i < 3; ++i)
      if (c[i] >= 'A' && c[i] <= 'Z') c[i] = static_cast<char>(c[i] - 'A' + 'a');
  }
  const std::string_view name(c, 3);
  for (int i = 0; i < 12; ++i)
    if (name == kMonths[i]) return i + 1;
  return 0;
}

bool IsWeekday(std::string_view s) {
  static constexpr std::string_view kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  for (const auto d : kDays)
    if (s == d) return true;
  return false;
}

bool ValidClock(int month, int day, int hour, int minute, int second) {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

// "HH:MM:SS" at `pos`.
bool Clock(std::string_view s, std::size_t pos, int& hour, int& minute, int& second) {
  return Digits(s, pos, 2, hour) && pos + 2 < s.size() && s[pos + 2] == ':' && Digits(s, pos + 3, 2, minute) &&
         pos + 5 < s.size() && s[pos + 5] == ':' && Digits(s, pos + 6, 2, second);
}

// Optional ".123456" at `pos`; advances `pos`. False when a separator has no
// digits after it.
bool Fraction(std::string_view s, std::size_t& pos, std::int32_t& nanos, bool comma_too) {
  nanos = 0;
  if (pos >= s.size() || !(s[pos] == '.' || (comma_too && s[pos] == ','))) return true;
  ++pos;
  int digits = 0;
  while (pos < s.size() && IsDigit(s[pos])) {
    if (digits < 9) nanos = nanos * 10 + (s[pos] - '0');
    ++digits;
    ++pos;
  }
  for (int i = digits; i < 9; ++i) nanos *= 10;
  return digits > 0;
}

// A day of month of one or two digits at `pos` ("7", " 7", "07", "17"),
// followed by `after`; advances `pos` past `after`.
bool Day(std::string_view s, std::size_t& pos, char after, int& day) {
  if (pos < s.size() && s[pos] == ' ') ++pos;  // space padding
  if (pos + 1 < s.size() && IsDigit(s[pos]) && s[pos + 1] == after) {
    day = s[pos] - '0';
    pos += 2;
    return true;
  }
  if (Digits(s, pos, 2, day) && pos + 2 < s.size() && s[pos + 2] == after) {
    pos += 3;
    return true;
  }
  return false;
}

// The stamp of a yearless civil time: the latest of last, this and next
// year's that lies no more than a day after `now` (a sender's clock may run a
// little ahead, so "Jan  1 00:00:05" read at 23:59:50 on Dec 31 is next year's).
std::int64_t YearInferred(int month, int day, int hour, int minute, int second, const TimeContext& ctx) {
  const auto now_civil = ctx.cache.CivilNow(ctx.zone, ctx.now);
  const int year = static_cast<int>(now_civil.year());
  // Next year's can only qualify for a stamp early in January read late in
  // December; only then is it worth a zone lookup.
  if (month == 1 && now_civil.month() == 12) {
    const std::int64_t next = ctx.cache.ToUnix(ctx.zone, year + 1, month, day, hour, minute, second);
    if (next <= ctx.now + kDay) return next;
  }
  const std::int64_t t = ctx.cache.ToUnix(ctx.zone, year, month, day, hour, minute, second);
  if (t > ctx.now + kDay) return ctx.cache.ToUnix(ctx.zone, year - 1, month, day, hour, minute, second);
  return t;
}

bool EndsToken(std::string_view s, std::size_t pos) { return pos == s.size() || s[pos] == ' '; }

// Unix seconds of a UTC civil time, by calendar arithmetic (days from civil,
// proleptic Gregorian); out-of-range days roll over as absl's normalisation
// does ("Apr 31" is May 1). No time-zone lookup: used for stamps that carry
// their own offset.
std::int64_t UtcToUnix(int year, int month, int day, int hour, int minute, int second) {
  const std::int64_t y = year - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = era * 146097 + doe - 719468;
  return days * kDay + hour * 3600 + minute * 60 + second;
}

}  // namespace

std::int64_t CivilToUnix(int year, int month, int day, int hour, int minute, int second, const absl::TimeZone& zone) {
  const absl::CivilSecond civil(year, month, day, hour, minute, second);
  const auto info = zone.At(civil);
  return absl::ToUnixSeconds(info.pre);
}

std::int64_t CivilCache::ToUnix(const absl::TimeZone& zone, int year, int month, int day, int hour, int minute,
                                int second) {
  if (hour == hour_ && day == day_ && month == month_ && year == year_ && zone == hour_zone_)
    return hour_start_ + minute * 60 + second;
  const auto first = zone.At(absl::CivilSecond(year, month, day, hour, 0, 0));
  const auto last = zone.At(absl::CivilSecond(year, month, day, hour, 59, 59));
  const std::int64_t start = absl::ToUnixSeconds(first.pre);
  if (first.kind == absl::TimeZone::TimeInfo::UNIQUE && last.kind == absl::TimeZone::TimeInfo::UNIQUE &&
      absl::ToUnixSeconds(last.pre) - start == 3599) {
    hour_zone_ = zone;
    year_ = year;
    month_ = month;
    day_ = day;
    hour_ = hour;
    hour_start_ = start;
    return start + minute * 60 + second;
  }
  hour_ = -1;
  return CivilToUnix(year, month, day, hour, minute, second, zone);
}

absl::CivilSecond CivilCache::CivilNow(const absl::TimeZone& zone, std::int64_t now) {
  if (!have_now_ || now != now_ || zone != now_zone_) {
    now_civil_ = absl::ToCivilSecond(absl::FromUnixSeconds(now), zone);
    now_ = now;
    now_zone_ = zone;
    have_now_ = true;
  }
  return now_civil_;
}

std::optional<Stamp> ReadRfc3339(std::string_view s, const TimeContext& ctx, StampMemo* memo) {
  // A stamp with an explicit offset looks at its own bytes and nothing after
  // them, and does not depend on the time context: a text that starts with
  // the same bytes has the same stamp.
  if (memo != nullptr) {
    if (const Stamp* kept = memo->ForStartOf(s)) return *kept;
  }
  int year, month, day, hour, minute, second;
  if (s.size() < 19 || !Digits(s, 0, 4, year) || s[4] != '-' || !Digits(s, 5, 2, month) || s[7] != '-' ||
      !Digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != ' ') || !Clock(s, 11, hour, minute, second))
    return std::nullopt;
  if (!ValidClock(month, day, hour, minute, second)) return std::nullopt;
  std::size_t pos = 19;
  std::int32_t nanos = 0;
  if (!Fraction(s, pos, nanos, true)) return std::nullopt;
  std::int64_t unix_seconds;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    unix_seconds = UtcToUnix(year, month, day, hour, minute, second);
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '+' ? 1 : -1;
    int oh, om;
    if (!Digits(s, pos + 1, 2, oh)) return std::nullopt;
    std::size_t mpos = pos + 3;
    if (mpos < s.size() && s[mpos] == ':') ++mpos;
    if (!Digits(s, mpos, 2, om) || oh > 23 || om > 59) return std::nullopt;
    pos = mpos + 2;
    unix_seconds = UtcToUnix(year, month, day, hour, minute, second) - sign * (oh * 3600 + om * 60);
  } else {
    // Local time: the answer depends on the zone, and the byte after the
    // stamp was looked at. Not remembered.
    return Stamp{ctx.cache.ToUnix(ctx.zone, year, month, day, hour, minute, second), nanos, pos};
  }
  const Stamp stamp{unix_seconds, nanos, pos};
  if (memo != nullptr) memo->Keep(s.substr(0, stamp.length), stamp);
  return stamp;
}

std::optional<Stamp> ReadRfc3164(std::string_view s, const TimeContext& ctx) {
  // "Mmm dd HH:MM:SS" with the day space-padded ("May  7"), zero-padded or bare;
  // a year may stand before the clock (Cisco) or after it (Zyxel).
  if (s.size() < 14 || s[3] != ' ') return std::nullopt;
  const int month = MonthFromAbbrev(s.substr(0, 3));
  if (month == 0) return std::nullopt;
  std::size_t pos = 4;
  int day, hour, minute, second, year = 0;
  if (!Day(s, pos, ' ', day)) return std::nullopt;
  if (pos + 5 <= s.size() && s[pos + 4] == ' ' && Digits(s, pos, 4, year)) pos += 5;  // Cisco: "Mar 24 2026 10:00:01"
  if (!Clock(s, pos, hour, minute, second)) return std::nullopt;
  if (!ValidClock(month, day, hour, minute, second)) return std::nullopt;
  pos += 8;
  std::int32_t nanos = 0;
  if (!Fraction(s, pos, nanos, false)) return std::nullopt;  // some relays add fractions
  if (year == 0) {
    // Zyxel: "Mar 24 10:00:01 2026"; four digits that run on are a host.
    const bool after = pos + 5 <= s.size() && s[pos] == ' ' && IsDigit(s[pos + 1]) && Digits(s, pos + 1, 4, year) &&
                       EndsToken(s, pos + 5);
    if (!after) return Stamp{YearInferred(month, day, hour, minute, second, ctx), nanos, pos};
    pos += 5;
  }
  return Stamp{ctx.cache.ToUnix(ctx.zone, year, month, day, hour, minute, second), nanos, pos};
}

std::optional<Stamp> ReadCtime(std::string_view s, const TimeContext& ctx) {
  // "Www Mmm dd HH:MM:SS YYYY"
  if (s.size() < 23 || s[3] != ' ' || !IsWeekday(s.substr(0, 3)) || s[7] != ' ') return std::nullopt;
  const int month = MonthFromAbbrev(s.substr(4, 3));
  if (month == 0) return std::nullopt;
  std::size_t pos = 8;
  int day, hour, minute, second, year;
  if (!Day(s, pos, ' ', day) || !Clock(s, pos, hour, minute, second)) return std::nullopt;
  pos += 8;
  if (pos >= s.size() || s[pos] != ' ' || !Digits(s, pos + 1, 4, year) || !EndsToken(s, pos + 5)) return std::nullopt;
  if (!ValidClock(month, day, hour, minute, second)) return std::nullopt;
  return Stamp{ctx.cache.ToUnix(ctx.zone, year, month, day, hour, minute, second), 0, pos + 5};
}

std::optional<Stamp> ReadEpoch(std::string_view s) {
  std::int64_t seconds = 0;
  std::size_t pos = 0;
  while (pos < s.size() && IsDigit(s[pos]) && pos < 11) seconds = seconds * 10 + (s[pos++] - '0');
  if (pos != 10) return std::nullopt;
  std::int32_t nanos = 0;
  if (!Fraction(s, pos, nanos, false) || !EndsToken(s, pos)) return std::nullopt;
  return Stamp{seconds, nanos, pos};
}

std::optional<Stamp> ReadPveStamp(std::string_view s) {
  // "dd/Mon/YYYY:HH:MM:SS +zzzz"
  int day, year, hour, minute, second, oh, om;
  if (s.size() < 26 || !Digits(s, 0, 2, day) || s[2] != '/' || s[6] != '/' || !Digits(s, 7, 4, year) || s[11] != ':' ||
      !Clock(s, 12, hour, minute, second) || s[20] != ' ' || (s[21] != '+' && s[21] != '-') || !Digits(s, 22, 2, oh) ||
      !Digits(s, 24, 2, om) || !EndsToken(s, 26))
    return std::nullopt;
  const int month = MonthFromAbbrev(s.substr(3, 3));
  if (!ValidClock(month, day, hour, minute, second) || oh > 23 || om > 59) return std::nullopt;
  const int sign = s[21] == '+' ? 1 : -1;
  const std::int64_t t = UtcToUnix(year, month, day, hour, minute, second) - sign * (oh * 3600 + om * 60);
  return Stamp{t, 0, 26};
}

std::optional<Stamp> ReadRouterOsStamp(std::string_view s, const TimeContext& ctx) {
  int hour, minute, second;
  if (Clock(s, 0, hour, minute, second)) {  // "HH:MM:SS": today
    if (!EndsToken(s, 8) || !ValidClock(1, 1, hour, minute, second)) return std::nullopt;
    const auto today = absl::CivilDay(absl::ToCivilSecond(absl::FromUnixSeconds(ctx.now), ctx.zone));
    std::int64_t t =
        CivilToUnix(static_cast<int>(today.year()), today.month(), today.day(), hour, minute, second, ctx.zone);
    if (t > ctx.now + 3600) {
      const auto yesterday = today - 1;
      t = CivilToUnix(static_cast<int>(yesterday.year()), yesterday.month(), yesterday.day(), hour, minute, second,
                      ctx.zone);
    }
    return Stamp{t, 0, 8};
  }
  // "mmm/dd HH:MM:SS" or "mmm/dd/YYYY HH:MM:SS"
  if (s.size() < 15 || s[3] != '/') return std::nullopt;
  const int month = MonthFromAbbrev(s.substr(0, 3), true);
  int day, year = 0;
  if (month == 0 || !Digits(s, 4, 2, day)) return std::nullopt;
  std::size_t pos = 6;
  if (pos < s.size() && s[pos] == '/') {
    if (!Digits(s, pos + 1, 4, year)) return std::nullopt;
    pos += 5;
  }
  if (pos >= s.size() || s[pos] != ' ' || !Clock(s, pos + 1, hour, minute, second) || !EndsToken(s, pos + 9))
    return std::nullopt;
  if (!ValidClock(month, day, hour, minute, second)) return std::nullopt;
  const std::int64_t t = year != 0 ? ctx.cache.ToUnix(ctx.zone, year, month, day, hour, minute, second)
                                   : YearInferred(month, day, hour, minute, second, ctx);
  return Stamp{t, 0, pos + 9};
}

std::optional<Stamp> ReadAnyStamp(std::string_view text, const TimeContext& ctx) {
  if (auto s = ReadRfc3339(text, ctx)) return s;
  if (auto s = ReadRfc3164(text, ctx)) return s;
  if (auto s = ReadCtime(text, ctx)) return s;
  if (auto s = ReadEpoch(text)) return s;
  if (auto s = ReadPveStamp(text)) return s;
  return ReadRouterOsStamp(text, ctx);
}

}  // namespace fwlog
