#include "enrich/hour_of_day.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "gtest/gtest.h"

namespace fwlog {
namespace {

absl::TimeZone Zone(const char* name) {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone(name, &zone)) << name;
  return zone;
}

std::int64_t UtcSeconds(int y, int mo, int d, int h, int mi, int s) {
  return absl::ToUnixSeconds(absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s), absl::UTCTimeZone()));
}

TEST(HourOfDayTest, TokyoIsNineHoursAheadOfUtc) {
  const auto time = UtcSeconds(2018, 11, 15, 15, 12, 34);  // 2018-11-16T00:12:34+09:00
  EXPECT_EQ(HourOfDay(Zone("Asia/Tokyo")).At(time), "00");
  EXPECT_EQ(HourOfDay(absl::UTCTimeZone()).At(time), "15");
}

TEST(HourOfDayTest, NextHourStartsOnTheSecond) {
  HourOfDay hours(Zone("Asia/Tokyo"));
  const auto time = UtcSeconds(2018, 11, 15, 15, 59, 59);
  EXPECT_EQ(hours.At(time), "00");
  EXPECT_EQ(hours.At(time + 1), "01");
  EXPECT_EQ(hours.At(time), "00");  // an earlier line after a later one
}

TEST(HourOfDayTest, HalfHourOffsetChangesHourMidway) {
  HourOfDay hours(Zone("Australia/Lord_Howe"));                   // +11 -> +10:30 at 2021-04-04 02:00 local
  EXPECT_EQ(hours.At(UtcSeconds(2021, 4, 3, 14, 59, 59)), "01");  // 01:59:59 +11
  EXPECT_EQ(hours.At(UtcSeconds(2021, 4, 3, 15, 0, 0)), "01");    // 01:30:00 +10:30
  EXPECT_EQ(hours.At(UtcSeconds(2021, 4, 3, 15, 30, 0)), "02");   // 02:00:00 +10:30
}

TEST(HourOfDayTest, HourSkipsTwoWhenNewYorkEntersDst) {
  HourOfDay hours(Zone("America/New_York"));
  EXPECT_EQ(hours.At(UtcSeconds(2021, 3, 14, 6, 30, 0)), "01");   // 01:30 EST
  EXPECT_EQ(hours.At(UtcSeconds(2021, 3, 14, 6, 59, 59)), "01");  // 01:59:59 EST
  EXPECT_EQ(hours.At(UtcSeconds(2021, 3, 14, 7, 0, 0)), "03");    // 03:00 EDT
}

TEST(HourOfDayTest, HourRepeatsOneWhenNewYorkLeavesDst) {
  HourOfDay hours(Zone("America/New_York"));
  const std::pair<std::int64_t, const char*> steps[] = {
      {UtcSeconds(2021, 11, 7, 5, 30, 0), "01"},   // 01:30 EDT
      {UtcSeconds(2021, 11, 7, 5, 59, 59), "01"},  // 01:59:59 EDT
      {UtcSeconds(2021, 11, 7, 6, 0, 0), "01"},    // 01:00 EST, the hour again
      {UtcSeconds(2021, 11, 7, 6, 59, 59), "01"},  // 01:59:59 EST
      {UtcSeconds(2021, 11, 7, 7, 0, 0), "02"},    // 02:00 EST
  };
  for (const auto& [time, hour] : steps) EXPECT_EQ(hours.At(time), hour) << time;
}

// Around every offset change of some zones with awkward ones, look one time
// up (which sets the remembered span) and then another nearby, before or
// after: the answer must match a fresh conversion. St. John's changed at
// 00:01 local until 2011 and Lord Howe shifts by 30 minutes, so a span that
// were not cut at the change would answer wrongly here.
TEST(HourOfDayTest, RememberedSpanNeverCrossesAnOffsetChange) {
  struct Case {
    const char* zone;
    int from_year;
    int to_year;
  };
  const Case cases[] = {
      {"America/New_York", 2021, 2022}, {"Australia/Lord_Howe", 2021, 2022}, {"America/St_Johns", 2009, 2011},
      {"Asia/Kathmandu", 1985, 1987},   {"Europe/Berlin", 2021, 2022},
  };
  int transitions = 0;
  for (const auto& c : cases) {
    const auto zone = Zone(c.zone);
    absl::Time t = absl::FromCivil(absl::CivilSecond(c.from_year, 1, 1, 0, 0, 0), zone);
    const absl::Time stop = absl::FromCivil(absl::CivilSecond(c.to_year, 1, 1, 0, 0, 0), zone);
    absl::TimeZone::CivilTransition transition;
    while (zone.NextTransition(t, &transition) && (t = zone.At(transition.to).trans) < stop) {
      ++transitions;
      const std::int64_t at = absl::ToUnixSeconds(t);
      std::vector<std::int64_t> offsets;  // seconds from the change: coarse, and fine close to it
      for (std::int64_t d = -7200; d <= 7200; d += 300) offsets.push_back(d);
      for (std::int64_t d = -150; d <= 150; d += 30) offsets.push_back(d);
      for (const std::int64_t first : offsets) {
        for (const std::int64_t second : offsets) {
          HourOfDay hours(zone);
          hours.At(at + first);
          const std::int64_t time = at + second;
          ASSERT_EQ(hours.At(time), absl::FormatTime("%H", absl::FromUnixSeconds(time), zone))
              << c.zone << " change at " << at << ", first " << first << ", then " << second;
        }
      }
    }
  }
  EXPECT_GE(transitions, 10);
}

// Every 97 s for ten days around each zone's changes, in order, then again
// in a scrambled order: the cached hour span must never disagree with a fresh
// conversion.
TEST(HourOfDayTest, HourMatchesAFreshConversionAcrossOffsetChanges) {
  struct Case {
    const char* zone;
    std::int64_t start;
  };
  const Case cases[] = {
      {"America/New_York", UtcSeconds(2021, 3, 9, 0, 0, 0)},
      {"America/New_York", UtcSeconds(2021, 11, 2, 0, 0, 0)},
      {"Europe/Berlin", UtcSeconds(2021, 10, 26, 0, 0, 0)},
      {"Australia/Lord_Howe", UtcSeconds(2021, 4, 1, 0, 0, 0)},  // 30-minute DST shift
      {"Asia/Kathmandu", UtcSeconds(2021, 1, 1, 0, 0, 0)},       // +05:45
      {"Asia/Tokyo", UtcSeconds(2018, 11, 10, 0, 0, 0)},
  };
  for (const auto& c : cases) {
    const auto zone = Zone(c.zone);
    HourOfDay hours(zone);
    const auto check = [&](std::int64_t time) {
      ASSERT_EQ(hours.At(time), absl::FormatTime("%H", absl::FromUnixSeconds(time), zone)) << c.zone << " " << time;
    };
    const std::int64_t span = 10 * 86400;
    for (std::int64_t t = c.start; t < c.start + span; t += 97) check(t);
    for (std::int64_t i = 0; i < 20000; ++i) check(c.start + (i * 7919 * 97) % span);
  }
}

}  // namespace
}  // namespace fwlog
