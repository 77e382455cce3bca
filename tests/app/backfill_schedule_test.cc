// SampleSchedule: samples around each change and at both ends of the hour and
// the zone's day it falls in; nothing for a series while it is quiet.
#include "app/backfill_schedule.h"

#include <gtest/gtest.h>

#include <map>
#include <tuple>
#include <vector>

namespace fwlog {
namespace {

constexpr std::int64_t kStep = 300;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;
// 2018-11-16T00:00:00+09:00, a JST midnight.
constexpr std::int64_t kMidnight = 1542294000;

absl::TimeZone Tokyo() {
  absl::TimeZone tz;
  EXPECT_TRUE(absl::LoadTimeZone("Asia/Tokyo", &tz));
  return tz;
}

using Samples = std::map<std::uint32_t, std::vector<std::pair<std::int64_t, double>>>;

// Feeds `changes` (boundary, id, value), in boundary order, and returns what
// was written per series.
Samples Schedule(const std::vector<std::tuple<std::int64_t, std::uint32_t, double>>& changes, bool counter = true) {
  Samples out;
  SampleSchedule schedule(Tokyo(), kStep,
                          [&](std::uint32_t id, std::int64_t t, double v) { out[id].emplace_back(t, v); });
  std::int64_t current = 0;
  for (const auto& [b, id, value] : changes) {
    if (b != current) schedule.BeginBoundary(b);
    current = b;
    schedule.Change(id, value, counter);
  }
  schedule.Finish();
  return out;
}

// The increase Prometheus 2 gives over [end - range, end] when the samples
// sit on both ends, and -1 when they do not (it would extrapolate).
double ExactIncrease(const std::vector<std::pair<std::int64_t, double>>& s, std::int64_t end, std::int64_t range) {
  std::vector<std::pair<std::int64_t, double>> in;
  for (const auto& p : s)
    if (p.first >= end - range && p.first <= end) in.push_back(p);
  if (in.size() < 2 || in.front().second == in.back().second) return 0;
  if (in.front().first != end - range || in.back().first != end) return -1;
  return in.back().second - in.front().second;
}

TEST(SampleScheduleTest, ARareSeriesGetsAHandfulOfSamplesAndExactDays) {
  // Two packets, 40 days apart, mid-morning and late evening.
  const std::int64_t first = kMidnight + 10 * kHour + 2 * kStep;
  const std::int64_t second = kMidnight + 40 * kDay + 23 * kHour + 11 * kStep;
  // Another series changing between the first packet's hour end and its
  // midnight must not make that midnight's sample go missing.
  const Samples out = Schedule({{first, 7, 1}, {kMidnight + 15 * kHour, 8, 1}, {second, 7, 2}});
  const auto& s = out.at(7);
  EXPECT_LE(s.size(), 12u);
  for (std::size_t i = 1; i < s.size(); ++i) EXPECT_LT(s[i - 1].first, s[i].first);
  EXPECT_EQ(ExactIncrease(s, kMidnight + kDay, kDay), 1);
  EXPECT_EQ(ExactIncrease(s, kMidnight + 2 * kDay, kDay), 0);
  EXPECT_EQ(ExactIncrease(s, kMidnight + 41 * kDay, kDay), 1);
  EXPECT_EQ(ExactIncrease(s, kMidnight + 11 * kHour, kHour), 1);
  EXPECT_EQ(ExactIncrease(s, kMidnight + 41 * kDay, kHour), 1);
}

TEST(SampleScheduleTest, EveryDayAndHourOfABusySeriesIsExact) {
  // A counter that changes at irregular steps over three days; another that
  // changes once an hour at the last step, ending on the hour.
  std::vector<std::tuple<std::int64_t, std::uint32_t, double>> changes;
  std::map<std::int64_t, double> value_at;  // boundary -> value after it
  double v = 0, w = 0;
  for (std::int64_t b = kMidnight + kStep; b <= kMidnight + 3 * kDay; b += kStep) {
    const std::int64_t n = (b / kStep) % 7;
    if (n == 0 || n == 3) {
      v += static_cast<double>(n + 1);
      changes.emplace_back(b, 1, v);
    }
    if ((b - kMidnight) % kHour == 0) changes.emplace_back(b, 2, ++w);
    value_at[b] = v;
  }
  const Samples out = Schedule(changes);
  auto value = [&](std::int64_t t) { return t <= kMidnight ? 0.0 : value_at.at(t); };
  for (std::int64_t end = kMidnight + kDay; end <= kMidnight + 3 * kDay; end += kDay)
    EXPECT_EQ(ExactIncrease(out.at(1), end, kDay), value(end) - value(end - kDay)) << end;
  for (std::int64_t end = kMidnight + kHour; end <= kMidnight + 3 * kDay; end += kHour) {
    EXPECT_EQ(ExactIncrease(out.at(1), end, kHour), value(end) - value(end - kHour)) << end;
    EXPECT_EQ(ExactIncrease(out.at(2), end, kHour), 1) << end;
  }
}

TEST(SampleScheduleTest, AGaugeIsWrittenWhenItMovesWithoutALeadingZero) {
  const std::int64_t b = kMidnight + 5 * kHour + kStep;
  const Samples out = Schedule({{b, 3, 1542312000}, {b + kStep, 3, 1542312000}, {b + 2 * kStep, 3, 1542312300}}, false);
  const auto& s = out.at(3);
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s.front(), std::make_pair(b, 1542312000.0));
  for (const auto& [t, v] : s) EXPECT_NE(v, 0);
}

}  // namespace
}  // namespace fwlog
