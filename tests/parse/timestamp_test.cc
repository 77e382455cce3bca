#include "parse/timestamp.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

namespace fwlog {
namespace {

TimeContext Tokyo(std::int64_t now) {
  TimeContext ctx;
  EXPECT_TRUE(absl::LoadTimeZone("Asia/Tokyo", &ctx.zone));
  ctx.now = now;
  return ctx;
}

constexpr std::int64_t k2018_11_16_00_12_34_JST = 1542294754;

TEST(TimestampTest, Rfc3339WithOffset) {
  auto s = ReadRfc3339("2018-11-16T00:12:34+09:00 host", TimeContext{});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->unix_seconds, k2018_11_16_00_12_34_JST);
  EXPECT_EQ(s->length, 25u);
}

TEST(TimestampTest, Rfc3339WithZuluAndFraction) {
  auto s = ReadRfc3339("2018-11-15T15:12:34.202833Z", TimeContext{});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->unix_seconds, k2018_11_16_00_12_34_JST);
  EXPECT_EQ(s->nanos, 202833000);
}

TEST(TimestampTest, Rfc3339OffsetWithoutColon) {
  auto s = ReadRfc3339("2018-11-16T00:12:34+0900", TimeContext{});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->unix_seconds, k2018_11_16_00_12_34_JST);
}

TEST(TimestampTest, Rfc3339WithoutOffsetIsReadInTheConfiguredZone) {
  auto s = ReadRfc3339("2018-11-16 00:12:34", Tokyo(0));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->unix_seconds, k2018_11_16_00_12_34_JST);
}

TEST(TimestampTest, Rfc3339RejectsNonsense) {
  EXPECT_FALSE(ReadRfc3339("2018-13-16T00:12:34Z", TimeContext{}));
  EXPECT_FALSE(ReadRfc3339("2018-11-16T25:12:34Z", TimeContext{}));
  EXPECT_FALSE(ReadRfc3339("Nov 16 00:12:34", TimeContext{}));
}

TEST(TimestampTest, Rfc3164TakesTheYearOfNow) {
  auto s = ReadRfc3164("Nov 16 00:12:34 kernel:", Tokyo(k2018_11_16_00_12_34_JST + 3600));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->unix_seconds, k2018_11_16_00_12_34_JST);
  EXPECT_EQ(s->length, 15u);
}

TEST(TimestampTest, Rfc3164WithAYearBeforeOrAfterTheClockIsReadAsGiven) {
  // Read in 2018: the year written wins over the inferred one.
  const TimeContext ctx = Tokyo(k2018_11_16_00_12_34_JST);
  const std::int64_t k2016 = k2018_11_16_00_12_34_JST - 730 * 86400;  // 2016-11-16 (2016 is a leap year)
  auto cisco = ReadRfc3164("Nov 16 2016 00:12:34: %ASA-4-106023:", ctx);
  ASSERT_TRUE(cisco);
  EXPECT_EQ(cisco->unix_seconds, k2016);
  EXPECT_EQ(cisco->length, 20u);
  auto zyxel = ReadRfc3164("Nov 16 00:12:34 2016 usg src=", ctx);
  ASSERT_TRUE(zyxel);
  EXPECT_EQ(zyxel->unix_seconds, k2016);
  EXPECT_EQ(zyxel->length, 20u);
  // Four digits that run on are a host, not a year.
  auto host = ReadRfc3164("Nov 16 00:12:34 20160 kernel:", ctx);
  ASSERT_TRUE(host);
  EXPECT_EQ(host->unix_seconds, k2018_11_16_00_12_34_JST);
  EXPECT_EQ(host->length, 15u);
}

TEST(TimestampTest, Rfc3164DecemberLineReadInJanuaryIsLastYears) {
  // Read on 2019-01-02 JST: "Dec 31" must be 2018-12-31, not 2019-12-31.
  const std::int64_t jan2 = 1546354800;  // 2019-01-02T00:00:00+09:00
  auto s = ReadRfc3164("Dec 31 23:59:59", Tokyo(jan2));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->unix_seconds, 1546268399);  // 2018-12-31T23:59:59+09:00
}

TEST(TimestampTest, Rfc3164SpacePaddedDay) {
  auto s = ReadRfc3164("May  7 01:02:03", Tokyo(1557158400));  // 2019-05-07
  ASSERT_TRUE(s);
  EXPECT_EQ(s->unix_seconds, 1557158523);  // 2019-05-07T01:02:03+09:00
}

TEST(TimestampTest, Rfc3164AtDstGapUsesThePreTransitionOffset) {
  TimeContext ctx;
  ASSERT_TRUE(absl::LoadTimeZone("America/New_York", &ctx.zone));
  ctx.now = 1552204800;  // 2019-03-10T08:00:00Z
  // 02:30 does not exist on 2019-03-10 in New York; read with EST (-05:00).
  auto s = ReadRfc3164("Mar 10 02:30:00", ctx);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->unix_seconds, 1552203000);  // 07:30Z
}

TimeContext Zone(const char* name, std::int64_t now) {
  TimeContext ctx;
  EXPECT_TRUE(absl::LoadTimeZone(name, &ctx.zone)) << name;
  ctx.now = now;
  return ctx;
}

TEST(TimestampTest, Rfc3164DayWithoutPadding) {
  auto s = ReadRfc3164("Jan 1 02:21:38 host", Tokyo(1546354800));  // read 2019-01-02 JST
  ASSERT_TRUE(s);
  EXPECT_EQ(s->unix_seconds, 1546276898);  // 2019-01-01T02:21:38+09:00
  EXPECT_EQ(s->length, 14u);
}

TEST(TimestampTest, Rfc3164RejectsNonsense) {
  const TimeContext ctx = Tokyo(1546354800);
  EXPECT_FALSE(ReadRfc3164("Foo 16 00:12:34", ctx));
  EXPECT_FALSE(ReadRfc3164("Nov 32 00:12:34", ctx));
  EXPECT_FALSE(ReadRfc3164("Nov 16 24:12:34", ctx));
  EXPECT_FALSE(ReadRfc3164("Nov 16 00:12", ctx));
  EXPECT_FALSE(ReadRfc3164("Nov 1600:12:34", ctx));
}

TEST(TimestampTest, Rfc3164JanuaryLineReadOnNewYearsEveIsNextYearsWithinADay) {
  // Clocks drift: a sender slightly ahead writes "Jan  1 00:00:05" while we
  // still read on Dec 31: it is the coming year's, not last January's.
  const std::int64_t dec31 = 1546268390;  // 2018-12-31T23:59:50+09:00
  auto s = ReadRfc3164("Jan  1 00:00:05", Tokyo(dec31));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->unix_seconds, 1546268405);  // 2019-01-01T00:00:05+09:00
}

TEST(TimestampTest, Rfc3164AtNewYorkDstGapUsesThePreTransitionOffset) {
  // 02:30 does not exist on 2019-03-10 in New York: read with EST (-05:00),
  // which is 03:30 EDT.
  auto s = ReadRfc3164("Mar 10 02:30:00", Zone("America/New_York", 1552204800));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->unix_seconds, 1552203000);  // 07:30Z
}

TEST(TimestampTest, Rfc3164AtNewYorkDstOverlapIsTheFirstOccurrence) {
  // 01:30 happens twice on 2019-11-03 in New York (EDT, then EST): the first.
  auto s = ReadRfc3164("Nov  3 01:30:00", Zone("America/New_York", 1572760800));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->unix_seconds, 1572759000);  // 05:30Z = 01:30 EDT
}

TEST(TimestampTest, BerlinDstGapAndOverlap) {
  const TimeContext ctx = Zone("Europe/Berlin", 1572220800);  // 2019-10-28
  auto gap = ReadRfc3339("2019-03-31 02:30:00", ctx);         // skipped: CET applies
  ASSERT_TRUE(gap);
  EXPECT_EQ(gap->unix_seconds, 1553995800);                // 01:30Z = 03:30 CEST
  auto overlap = ReadRfc3339("2019-10-27 02:30:00", ctx);  // repeated: CEST first
  ASSERT_TRUE(overlap);
  EXPECT_EQ(overlap->unix_seconds, 1572136200);  // 00:30Z
  auto after = ReadRfc3339("2019-10-27 03:30:00", ctx);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->unix_seconds, 1572143400);  // 02:30Z, CET
}

TEST(TimestampTest, SameLineInTwoZones) {
  // What `timezone:` per input changes: a stamp without offset.
  const auto tokyo = ReadRfc3164("Nov 16 00:12:34", Tokyo(k2018_11_16_00_12_34_JST + 60));
  const auto berlin = ReadRfc3164("Nov 16 00:12:34", Zone("Europe/Berlin", k2018_11_16_00_12_34_JST + 60));
  ASSERT_TRUE(tokyo && berlin);
  EXPECT_EQ(berlin->unix_seconds - tokyo->unix_seconds, 8 * 3600);
  // A stamp with an offset does not depend on the zone.
  const auto a = ReadRfc3339("2018-11-16T00:12:34+09:00", Tokyo(0));
  const auto b = ReadRfc3339("2018-11-16T00:12:34+09:00", Zone("Europe/Berlin", 0));
  EXPECT_EQ(a->unix_seconds, b->unix_seconds);
}

TEST(TimestampTest, CtimeFromOpenWrtLogread) {
  auto s = ReadCtime("Mon Mar 23 13:16:49 2026 kern.warn kernel:", Zone("Europe/Berlin", 0));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->unix_seconds, 1774268209);  // 12:16:49Z (CET)
  EXPECT_EQ(s->length, 24u);
  auto padded = ReadCtime("Tue Mar  3 01:02:03 2026", TimeContext{});
  ASSERT_TRUE(padded);
  EXPECT_EQ(padded->unix_seconds, 1772499723);
  EXPECT_FALSE(ReadCtime("Mon Mar 23 13:16:49 20261", TimeContext{}));
  EXPECT_FALSE(ReadCtime("Xyz Mar 23 13:16:49 2026", TimeContext{}));
}

TEST(TimestampTest, EpochSecondsWithAndWithoutFraction) {
  auto s = ReadEpoch("1542294754 router kernel:");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->unix_seconds, k2018_11_16_00_12_34_JST);
  EXPECT_EQ(s->length, 10u);
  auto f = ReadEpoch("1542294754.123 x");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->nanos, 123000000);
  EXPECT_EQ(f->length, 14u);
}

TEST(TimestampTest, EpochNeedsExactlyTenDigitsAndAnEnd) {
  EXPECT_FALSE(ReadEpoch("154229475 x"));     // nine digits: a VMID, a counter
  EXPECT_FALSE(ReadEpoch("15422947541 x"));   // eleven
  EXPECT_FALSE(ReadEpoch("1542294754,,,x"));  // a pf tracker inside a CSV
  EXPECT_FALSE(ReadEpoch("1542294754. x"));
}

TEST(TimestampTest, PveFirewallStamp) {
  auto s = ReadPveStamp("14/Mar/2024:09:03:53 +0100 policy DROP:");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->unix_seconds, 1710403433);  // 08:03:53Z
  EXPECT_EQ(s->length, 26u);
  auto west = ReadPveStamp("14/Mar/2024:09:03:53 -0430");
  ASSERT_TRUE(west);
  EXPECT_EQ(west->unix_seconds, 1710423233);
  EXPECT_FALSE(ReadPveStamp("14/Foo/2024:09:03:53 +0100"));
  EXPECT_FALSE(ReadPveStamp("14/Mar/2024:09:03:53"));
}

TEST(TimestampTest, RouterOsOnBoxStamps) {
  const TimeContext ctx = Zone("Europe/Berlin", 1774440000);  // 2026-03-25T13:00:00+01:00
  auto today = ReadRouterOsStamp("12:59:00 firewall,info", ctx);
  ASSERT_TRUE(today);
  EXPECT_EQ(today->unix_seconds, 1774440000 - 60);
  auto yesterday = ReadRouterOsStamp("23:59:00 firewall,info", ctx);  // would be 11 h ahead
  ASSERT_TRUE(yesterday);
  EXPECT_EQ(yesterday->unix_seconds, 1774393140);  // 2026-03-24T23:59:00+01:00
  auto dated = ReadRouterOsStamp("mar/24 21:14:07 x", ctx);
  ASSERT_TRUE(dated);
  EXPECT_EQ(dated->unix_seconds, 1774383247);
  EXPECT_EQ(dated->length, 15u);
  auto full = ReadRouterOsStamp("Dec/31/2025 23:00:00 x", ctx);
  ASSERT_TRUE(full);
  EXPECT_EQ(full->unix_seconds, 1767218400);
  auto december = ReadRouterOsStamp("dec/31 23:00:00 x", ctx);  // read in March: last year
  ASSERT_TRUE(december);
  EXPECT_EQ(december->unix_seconds, 1767218400);
  EXPECT_FALSE(ReadRouterOsStamp("12:59 x", ctx));
  EXPECT_FALSE(ReadRouterOsStamp("12:59:00.5 x", ctx));
}

TEST(TimestampTest, CivilCacheAgreesWithTheZoneAcrossDstChanges) {
  // Every quarter hour of the days around the 2019 transitions, in zones with
  // hour, half-hour (Lord Howe) and no DST (Kathmandu, +05:45), read in order
  // and out of order: the cache must never change an answer.
  for (const char* name : {"America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu"}) {
    absl::TimeZone zone;
    ASSERT_TRUE(absl::LoadTimeZone(name, &zone)) << name;
    CivilCache cache;
    for (int month : {3, 4, 10, 11}) {
      for (int day = 1; day <= 31; day += (day < 7 || day > 24) ? 1 : 6) {
        for (int minute_of_day = 0; minute_of_day < 24 * 60; minute_of_day += 15) {
          const int hour = minute_of_day / 60, minute = minute_of_day % 60;
          for (int second : {0, 59}) {
            EXPECT_EQ(cache.ToUnix(zone, 2019, month, day, hour, minute, second),
                      CivilToUnix(2019, month, day, hour, minute, second, zone))
                << name << " 2019-" << month << "-" << day << " " << hour << ":" << minute << ":" << second;
          }
        }
        EXPECT_EQ(cache.ToUnix(zone, 2019, month, day, 2, 30, 0), CivilToUnix(2019, month, day, 2, 30, 0, zone));
      }
    }
  }
}

// With a memo, ReadRfc3339 remembers the last stamp it read with an offset.
// Stamps built from pieces that share beginnings (with and without a
// fraction, "Z" or an offset with or without its colon, local time, a
// different zone in the context) read the same after any stamp as without
// the memo.
TEST(TimestampTest, AnRfc3339StampReadsTheSameWhateverWasReadBefore) {
  const std::vector<std::string> days = {"2018-11-16", "2018-11-17", "2018-02-31"};
  const std::vector<std::string> clocks = {"T00:12:34", " 00:12:34", "T00:12:35", "T24:00:00"};
  const std::vector<std::string> fractions = {"", ".5", ".123456789", ".", ",25"};
  const std::vector<std::string> zones = {"Z", "z", "+09:00", "+0900", "-05:30", "+09", "+25:00", "", "+09:00:00"};
  const std::vector<std::string> after = {" host", "", "0 host", ":00 host", "Z"};
  std::mt19937 rng(4);
  const auto pick = [&rng](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  std::vector<std::string> texts;
  for (int i = 0; i < 4000; ++i)
    texts.push_back(pick(days) + pick(clocks) + pick(fractions) + pick(zones) + pick(after));
  for (int i = 0; i < 1000; ++i) texts.insert(texts.begin() + rng() % texts.size(), texts[rng() % texts.size()]);
  const TimeContext tokyo = Tokyo(k2018_11_16_00_12_34_JST);
  const TimeContext utc{};
  StampMemo memo;
  for (const auto& text : texts) {
    const TimeContext& ctx = rng() % 2 ? tokyo : utc;
    const auto warm = ReadRfc3339(text, ctx, &memo);
    const auto fresh = ReadRfc3339(text, ctx);
    ASSERT_EQ(warm.has_value(), fresh.has_value()) << text;
    if (!warm) continue;
    EXPECT_EQ(warm->unix_seconds, fresh->unix_seconds) << text;
    EXPECT_EQ(warm->nanos, fresh->nanos) << text;
    ASSERT_EQ(warm->length, fresh->length) << text;
  }
}

}  // namespace
}  // namespace fwlog
