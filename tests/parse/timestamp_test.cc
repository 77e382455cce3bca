#include "parse/timestamp.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace fwlog
