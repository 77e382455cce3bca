#include "parse/timestamp.h"

namespace fwlog {
namespace {

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

int MonthFromAbbrev(std::string_view s) {
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int i = 0; i < 12; ++i)
    if (s == kMonths[i]) return i + 1;
  return 0;
}

bool ValidClock(int month, int day, int hour, int minute, int second) {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

}  // namespace

std::int64_t CivilToUnix(int year, int month, int day, int hour, int minute, int second,
                         const absl::TimeZone& zone) {
  const absl::CivilSecond civil(year, month, day, hour, minute, second);
  const auto info = zone.At(civil);
  return absl::ToUnixSeconds(info.pre);
}

std::optional<Stamp> ReadRfc3339(std::string_view s, const TimeContext& ctx) {
  int year, month, day, hour, minute, second;
  if (s.size() < 19 || !Digits(s, 0, 4, year) || s[4] != '-' || !Digits(s, 5, 2, month) || s[7] != '-' ||
      !Digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != ' ') || !Digits(s, 11, 2, hour) || s[13] != ':' ||
      !Digits(s, 14, 2, minute) || s[16] != ':' || !Digits(s, 17, 2, second))
    return std::nullopt;
  if (!ValidClock(month, day, hour, minute, second)) return std::nullopt;
  std::size_t pos = 19;
  std::int32_t nanos = 0;
  if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 9) nanos = nanos * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 9; ++i) nanos *= 10;
  }
  std::int64_t unix_seconds;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    unix_seconds = CivilToUnix(year, month, day, hour, minute, second, absl::UTCTimeZone());
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    const int sign = s[pos] == '+' ? 1 : -1;
    int oh, om;
    if (!Digits(s, pos + 1, 2, oh)) return std::nullopt;
    std::size_t mpos = pos + 3;
    if (mpos < s.size() && s[mpos] == ':') ++mpos;
    if (!Digits(s, mpos, 2, om) || oh > 23 || om > 59) return std::nullopt;
    pos = mpos + 2;
    unix_seconds = CivilToUnix(year, month, day, hour, minute, second, absl::UTCTimeZone()) -
                   sign * (oh * 3600 + om * 60);
  } else {
    unix_seconds = CivilToUnix(year, month, day, hour, minute, second, ctx.zone);
  }
  return Stamp{unix_seconds, nanos, pos};
}

std::optional<Stamp> ReadRfc3164(std::string_view s, const TimeContext& ctx) {
  // "Mmm dd HH:MM:SS" with the day space-padded ("May  7") or zero-padded.
  if (s.size() < 15 || s[3] != ' ') return std::nullopt;
  const int month = MonthFromAbbrev(s.substr(0, 3));
  if (month == 0) return std::nullopt;
  int day;
  if (s[4] == ' ') {
    if (!Digits(s, 5, 1, day)) return std::nullopt;
  } else if (!Digits(s, 4, 2, day)) {
    return std::nullopt;
  }
  int hour, minute, second;
  if (s[6] != ' ' || !Digits(s, 7, 2, hour) || s[9] != ':' || !Digits(s, 10, 2, minute) || s[12] != ':' ||
      !Digits(s, 13, 2, second))
    return std::nullopt;
  if (!ValidClock(month, day, hour, minute, second)) return std::nullopt;
  std::size_t pos = 15;
  std::int32_t nanos = 0;
  if (pos < s.size() && s[pos] == '.') {  // some relays add fractions
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 9) nanos = nanos * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    for (int i = digits; i < 9; ++i) nanos *= 10;
  }
  const auto now_civil = absl::ToCivilSecond(absl::FromUnixSeconds(ctx.now), ctx.zone);
  int year = static_cast<int>(now_civil.year());
  std::int64_t t = CivilToUnix(year, month, day, hour, minute, second, ctx.zone);
  if (t > ctx.now + 86400) t = CivilToUnix(year - 1, month, day, hour, minute, second, ctx.zone);
  return Stamp{t, nanos, pos};
}

}  // namespace fwlog
