#include "metrics/event_history.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "metrics/history_recorder.h"

namespace fwlog {
namespace {

// A fixed day far from today (the history is numbered by civil hours and
// knows no clock): day 17850 is 2018-11-15.
constexpr std::int64_t kDay = 17850;
constexpr std::int64_t kHour = kDay * 24;
// An event time inside civil hour `hour` (a UTC zone: the hour's seconds).
std::int64_t TimeOf(std::int64_t hour) { return hour * 3600 + 60; }

void CountAt(EventHistory& h, std::int64_t hour, int range = -1, int port = -1, int country = -1,
             std::uint32_t port_key = 0, std::string_view service = "") {
  h.Count(TimeOf(hour), hour, 0, range, port, country, port_key, service);
}

std::uint32_t DayCount(const EventHistory::SeriesData& s, std::int64_t newest_day, std::int64_t day) {
  const std::int64_t index = EventHistory::kDays - 1 - (newest_day - day);
  if (index < 0) return 0;
  return s.days[static_cast<std::size_t>(index)];
}

TEST(EventHistoryTest, CountsPacketsByCivilDayAndHour) {
  EventHistory h;
  CountAt(h, kHour + 5);
  CountAt(h, kHour + 5);
  CountAt(h, kHour + 24 + 1);
  CountAt(h, kHour + 48 + 23);
  const auto d = h.Read(10);
  ASSERT_FALSE(d.empty);
  EXPECT_EQ(d.newest_hour, kHour + 48 + 23);
  ASSERT_EQ(d.total.days.size(), static_cast<std::size_t>(EventHistory::kDays));
  ASSERT_EQ(d.total.hours.size(), static_cast<std::size_t>(EventHistory::kHours));
  EXPECT_EQ(DayCount(d.total, kDay + 2, kDay), 2u);
  EXPECT_EQ(DayCount(d.total, kDay + 2, kDay + 1), 1u);
  EXPECT_EQ(DayCount(d.total, kDay + 2, kDay + 2), 1u);
  EXPECT_EQ(d.total.packets, 4u);
  // The newest hour is the last cell; hour kHour + 5 is 66 hours before it.
  EXPECT_EQ(d.total.hours.back(), 1u);
  EXPECT_EQ(d.total.hours[EventHistory::kHours - 1 - 66], 2u);
  EXPECT_EQ(d.total.first_seen, TimeOf(kHour + 5));
  EXPECT_EQ(d.total.last_seen, TimeOf(kHour + 48 + 23));
}

TEST(EventHistoryTest, OlderPacketsAfterNewerOnesLandOnTheirOwnDay) {
  EventHistory h;
  CountAt(h, kHour + 100);
  CountAt(h, kHour + 3);  // two clocks interleaved
  CountAt(h, kHour + 100);
  CountAt(h, kHour + 3);
  const auto d = h.Read(10);
  EXPECT_EQ(DayCount(d.total, HistoryDay(kHour + 100), kDay), 2u);
  EXPECT_EQ(DayCount(d.total, HistoryDay(kHour + 100), HistoryDay(kHour + 100)), 2u);
}

TEST(EventHistoryTest, DaysOlderThanTheWindowAreDroppedAndTheCountsStayBounded) {
  EventHistory h;
  CountAt(h, kHour);
  CountAt(h, kHour + 24 * (EventHistory::kDays - 1));  // the first day is still the window's oldest
  auto d = h.Read(10);
  EXPECT_EQ(d.total.days.front(), 1u);
  EXPECT_EQ(d.total.packets, 2u);
  CountAt(h, kHour + 24 * EventHistory::kDays);  // one day more: the first leaves
  d = h.Read(10);
  EXPECT_EQ(d.total.packets, 2u);  // the last two days'
  EXPECT_EQ(d.total.days.front(), 0u);
  EXPECT_EQ(d.total.days[EventHistory::kDays - 2], 1u);
  EXPECT_EQ(d.total.days.back(), 1u);
  // A packet older than the window is left out.
  CountAt(h, kHour);
  EXPECT_EQ(h.Read(10).total.packets, 2u);
}

TEST(EventHistoryTest, HoursOlderThanTheHourWindowStayInTheirDay) {
  EventHistory h;
  CountAt(h, kHour + 30 * 24);
  CountAt(h, kHour);  // 30 days back: outside the hours, inside the days
  const auto d = h.Read(10);
  std::uint64_t hours = 0;
  for (auto v : d.total.hours) hours += v;
  EXPECT_EQ(hours, 1u);
  EXPECT_EQ(d.total.packets, 2u);
}

// Hours leave the hour window into their days' counts (event_history.h);
// a plain count of every packet by hour and by day, kept as the windows
// move, is what Read() and a restored Snapshot() must show.
TEST(EventHistoryTest, DaysAndHoursEqualAPlainCountAsTheWindowsMove) {
  EventHistory h;
  std::map<std::int64_t, std::uint64_t> by_hour, by_day;
  std::int64_t newest = kHour;
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    // Forward in jumps of up to two days, sometimes back up to 20 days (the
    // hour window is 15), now and then past the day window.
    std::int64_t hour = newest;
    const unsigned pick = rng() % 100;
    if (pick < 10) {
      hour = newest + static_cast<std::int64_t>(rng() % 48);
    } else if (pick < 40) {
      hour = newest - static_cast<std::int64_t>(rng() % (20 * 24));
    } else if (pick == 40) {
      hour = newest - 24 * (EventHistory::kDays + 3);
    }
    CountAt(h, hour);
    newest = std::max(newest, hour);
    if (hour > newest - EventHistory::kHours) ++by_hour[hour];
    if (HistoryDay(hour) > HistoryDay(newest) - EventHistory::kDays) ++by_day[HistoryDay(hour)];
  }
  std::vector<std::uint32_t> hours(EventHistory::kHours), days(EventHistory::kDays);
  for (int i = 0; i < EventHistory::kHours; ++i) hours[i] = by_hour[newest - EventHistory::kHours + 1 + i];
  std::uint64_t packets = 0;
  for (int i = 0; i < EventHistory::kDays; ++i) {
    days[i] = by_day[HistoryDay(newest) - EventHistory::kDays + 1 + i];
    packets += days[i];
  }
  const auto d = h.Read(10);
  EXPECT_EQ(d.newest_hour, newest);
  EXPECT_EQ(d.total.hours, hours);
  EXPECT_EQ(d.total.days, days);
  EXPECT_EQ(d.total.packets, packets);
  EventHistory restored;
  restored.Restore(h.Snapshot());
  const auto r = restored.Read(10);
  EXPECT_EQ(r.total.hours, hours);
  EXPECT_EQ(r.total.days, days);
  EXPECT_EQ(r.total.packets, packets);
}

TEST(EventHistoryTest, PacketsStampedMoreThanADayAheadOfTheClockAreLeftOut) {
  EventHistory h;
  const std::int64_t now = TimeOf(kHour);
  h.Count(TimeOf(kHour + 23), kHour + 23, now, -1, -1, -1, 0, "");
  h.Count(TimeOf(kHour + 24 * 365), kHour + 24 * 365, now, -1, -1, -1, 0, "");
  const auto d = h.Read(10);
  EXPECT_EQ(d.total.packets, 1u);
  EXPECT_EQ(d.future_packets, 1u);
  EXPECT_EQ(d.newest_hour, kHour + 23);
}

TEST(EventHistoryTest, PortsPastTheLimitCountAsOther) {
  EventHistory h(EventHistory::Limits{.ranges = 2, .ports = 2, .countries = 2, .range_ports = 2});
  const int tcp = h.ProtocolId("tcp");
  const int a = h.PortSeries(tcp, true, 22, "ssh");
  const int b = h.PortSeries(tcp, true, 23, "telnet");
  const int c = h.PortSeries(tcp, true, 80, "http");
  const int d = h.PortSeries(tcp, true, 443, "https");
  EXPECT_NE(a, b);
  EXPECT_EQ(c, d);  // both "other"
  EXPECT_EQ(h.PortSeries(tcp, true, 22, "ssh"), a);
  CountAt(h, kHour, -1, a);
  CountAt(h, kHour, -1, c);
  CountAt(h, kHour, -1, d);
  const auto data = h.Read(10);
  ASSERT_EQ(data.ports.size(), 2u);  // port 23 has no packet
  EXPECT_EQ(data.ports[0].key, "other");
  EXPECT_EQ(data.ports[0].packets, 2u);
  EXPECT_EQ(data.ports[1].key, "tcp/22");
  EXPECT_EQ(data.ports[1].service, "ssh");
  EXPECT_TRUE(data.ports_full);
}

TEST(EventHistoryTest, CountriesPastTheLimitAndOddCodesCountAsOther) {
  EventHistory h(EventHistory::Limits{.ranges = 2, .ports = 2, .countries = 1, .range_ports = 2});
  const int jp = h.CountrySeries("JP");
  EXPECT_EQ(h.CountrySeries("JP"), jp);
  const int other = h.CountrySeries("CN");
  EXPECT_NE(other, jp);
  EXPECT_EQ(h.CountrySeries("a-code-longer-than-eight"), other);
  CountAt(h, kHour, -1, -1, jp);
  CountAt(h, kHour, -1, -1, other);
  CountAt(h, kHour, -1, -1, other);
  const auto d = h.Read(10);
  ASSERT_EQ(d.countries.size(), 2u);
  EXPECT_EQ(d.countries[0].key, "other");
  EXPECT_EQ(d.countries[1].key, "JP");
}

TEST(EventHistoryTest, RangesKeepTheirDestinationsAndFirstAndLastSeen) {
  EventHistory h(EventHistory::Limits{.ranges = 1, .ports = 8, .countries = 8, .range_ports = 2});
  EXPECT_EQ(h.RangeSeries("private"), -1);
  EXPECT_EQ(h.RangeSeries("other"), -1);
  const int nict = h.RangeSeries("nict-notice");
  ASSERT_GE(nict, 0);
  EXPECT_EQ(h.RangeSeries("second-range"), -1);  // past the limit
  const int tcp = h.ProtocolId("tcp");
  const int icmp = h.ProtocolId("icmp");
  CountAt(h, kHour + 1, nict, -1, -1, EventHistory::PortKey(tcp, true, 23), "telnet");
  CountAt(h, kHour + 2, nict, -1, -1, EventHistory::PortKey(tcp, true, 23), "telnet");
  CountAt(h, kHour + 3, nict, -1, -1, EventHistory::PortKey(icmp, false, 0), "unknown");
  CountAt(h, kHour + 4, nict, -1, -1, EventHistory::PortKey(tcp, true, 80), "http");  // past range_ports
  const auto d = h.Read(10);
  ASSERT_EQ(d.ranges.size(), 1u);
  const auto& r = d.ranges[0];
  EXPECT_EQ(r.key, "nict-notice");
  EXPECT_EQ(r.packets, 4u);
  EXPECT_EQ(r.first_seen, TimeOf(kHour + 1));
  EXPECT_EQ(r.last_seen, TimeOf(kHour + 4));
  ASSERT_EQ(r.ports.size(), 3u);
  EXPECT_EQ(r.ports[0].proto, "tcp");
  EXPECT_EQ(r.ports[0].port, "23");
  EXPECT_EQ(r.ports[0].service, "telnet");
  EXPECT_EQ(r.ports[0].packets, 2u);
  EXPECT_EQ(r.ports[1].proto, "icmp");
  EXPECT_EQ(r.ports[1].port, "");
  EXPECT_EQ(r.ports[2].proto, "other");
  EXPECT_EQ(r.ports[2].packets, 1u);
}

TEST(EventHistoryTest, SnapshotRestoresIntoTheSameData) {
  EventHistory a(EventHistory::Limits{.ranges = 4, .ports = 4, .countries = 4, .range_ports = 4});
  const int tcp = a.ProtocolId("tcp");
  const int range = a.RangeSeries("nict-notice");
  const int port = a.PortSeries(tcp, true, 23, "telnet");
  const int country = a.CountrySeries("JP");
  for (int day = 0; day < 20; ++day)
    for (int n = 0; n <= day; ++n)
      CountAt(a, kHour + day * 24 + n % 24, range, port, country, EventHistory::PortKey(tcp, true, 23), "telnet");
  a.CountScanner(TimeOf(kHour + 5), kHour + 5, 0);
  const HistoryCheckpoint cp = a.Snapshot();
  EventHistory b(a.limits());
  b.Restore(cp);
  const auto x = a.Read(10);
  const auto y = b.Read(10);
  EXPECT_EQ(x.newest_hour, y.newest_hour);
  EXPECT_EQ(x.total.days, y.total.days);
  EXPECT_EQ(x.total.hours, y.total.hours);
  EXPECT_EQ(x.total.first_seen, y.total.first_seen);
  EXPECT_EQ(x.scanners.days, y.scanners.days);
  ASSERT_EQ(y.ranges.size(), 1u);
  EXPECT_EQ(x.ranges[0].days, y.ranges[0].days);
  EXPECT_EQ(x.ranges[0].last_seen, y.ranges[0].last_seen);
  ASSERT_EQ(y.ranges[0].ports.size(), 1u);
  EXPECT_EQ(y.ranges[0].ports[0].packets, 210u);
  ASSERT_EQ(y.ports.size(), 1u);
  EXPECT_EQ(y.ports[0].key, "tcp/23");
  EXPECT_EQ(y.ports[0].service, "telnet");
  EXPECT_EQ(x.ports[0].days, y.ports[0].days);
  ASSERT_EQ(y.countries.size(), 1u);
  EXPECT_EQ(x.countries[0].hours, y.countries[0].hours);
  // Counting goes on where it stopped.
  CountAt(b, kHour + 19 * 24, range);
  EXPECT_EQ(b.Read(10).total.packets, x.total.packets + 1);
}

TEST(EventHistoryTest, MemoryStopsGrowingAtTheLimits) {
  EventHistory h(EventHistory::Limits{.ranges = 4, .ports = 50, .countries = 20, .range_ports = 4});
  const int tcp = h.ProtocolId("tcp");
  for (int p = 0; p < 60; ++p) CountAt(h, kHour, -1, h.PortSeries(tcp, true, static_cast<std::uint16_t>(p), ""));
  const std::size_t full = h.MemoryBytes();
  for (int p = 60; p < 5000; ++p) CountAt(h, kHour + p, -1, h.PortSeries(tcp, true, static_cast<std::uint16_t>(p), ""));
  EXPECT_EQ(h.MemoryBytes(), full);
}

Event Refused(std::string_view proto, std::uint16_t port, std::string_view country, std::int64_t hour,
              Action action = Action::kDrop) {
  Event e;
  e.action = action;
  e.proto = proto;
  e.has_port = true;
  e.port_number = port;
  e.service = "telnet";
  e.country = country;
  e.range = "nict-notice";
  e.time = TimeOf(hour);
  e.local_hour = static_cast<std::int32_t>(hour);
  return e;
}

TEST(HistoryRecorderTest, CountsRefusedPacketsOnly) {
  auto history = std::make_shared<EventHistory>();
  HistoryRecorder recorder(history);
  recorder.Count(Refused("tcp", 23, "JP", kHour), 0);
  recorder.Count(Refused("tcp", 23, "JP", kHour, Action::kReject), 0);
  recorder.Count(Refused("tcp", 23, "JP", kHour, Action::kAccept), 0);
  recorder.Count(Refused("tcp", 23, "JP", kHour, Action::kNone), 0);
  const auto d = history->Read(10);
  EXPECT_EQ(d.total.packets, 2u);
  ASSERT_EQ(d.ports.size(), 1u);
  EXPECT_EQ(d.ports[0].key, "tcp/23");
  ASSERT_EQ(d.countries.size(), 1u);
  EXPECT_EQ(d.countries[0].key, "JP");
  ASSERT_EQ(d.ranges.size(), 1u);
  EXPECT_EQ(d.ranges[0].packets, 2u);
}

TEST(HistoryRecorderTest, TwoRecordersOnOneHistoryShareItsSeries) {
  auto history = std::make_shared<EventHistory>();
  HistoryRecorder first(history);
  first.Count(Refused("udp", 53, "CN", kHour), 0);
  HistoryRecorder second(history);  // a reload's new pipeline
  second.Count(Refused("udp", 53, "CN", kHour + 1), 0);
  const auto d = history->Read(10);
  ASSERT_EQ(d.ports.size(), 1u);
  EXPECT_EQ(d.ports[0].key, "udp/53");
  EXPECT_EQ(d.ports[0].packets, 2u);
  ASSERT_EQ(d.countries.size(), 1u);
  EXPECT_EQ(d.countries[0].packets, 2u);
}

// The day 2019-01-01 begins (civil, in a UTC zone): hours before it are in
// 2018.
constexpr std::int64_t kNewYearHour = 17897 * 24;

TEST(EventHistoryTest, PacketsGoingBackAcrossMidnightAndTheYearCountOnTheirOwnDays) {
  EventHistory h;
  CountAt(h, kNewYearHour - 1);  // 2018-12-31 23:00
  CountAt(h, kNewYearHour);      // 2019-01-01 00:00
  CountAt(h, kNewYearHour - 1);  // back into the old year
  CountAt(h, kNewYearHour + 1);
  CountAt(h, kNewYearHour - 25);  // 2018-12-30 23:00, two days back
  CountAt(h, kNewYearHour);
  const auto d = h.Read(10);
  EXPECT_EQ(d.newest_hour, kNewYearHour + 1);
  EXPECT_EQ(DayCount(d.total, 17897, 17895), 1u);
  EXPECT_EQ(DayCount(d.total, 17897, 17896), 2u);
  EXPECT_EQ(DayCount(d.total, 17897, 17897), 3u);
  EXPECT_EQ(d.total.hours[EventHistory::kHours - 1], 1u);       // 01:00
  EXPECT_EQ(d.total.hours[EventHistory::kHours - 2], 2u);       // 00:00
  EXPECT_EQ(d.total.hours[EventHistory::kHours - 3], 2u);       // 23:00 the day before
  EXPECT_EQ(d.total.hours[EventHistory::kHours - 1 - 26], 1u);  // 23:00 two days before
  EXPECT_EQ(d.total.first_seen, TimeOf(kNewYearHour - 25));
  EXPECT_EQ(d.total.last_seen, TimeOf(kNewYearHour + 1));
}

TEST(EventHistoryTest, ThreeClocksTakingTurnsCountAsOneClockWould) {
  // Two hours are remembered; a third one taking turns with them is found
  // again each time.
  EventHistory h;
  const std::int64_t hours[] = {kHour + 30, kHour + 2, kHour + 29, kHour + 30, kHour + 2, kHour + 29};
  for (int round = 0; round < 3; ++round)
    for (const auto hour : hours) CountAt(h, hour);
  const auto d = h.Read(10);
  EXPECT_EQ(d.total.packets, 18u);
  EXPECT_EQ(d.total.hours[EventHistory::kHours - 1], 6u);
  EXPECT_EQ(d.total.hours[EventHistory::kHours - 2], 6u);
  EXPECT_EQ(d.total.hours[EventHistory::kHours - 1 - 28], 6u);
  EXPECT_EQ(DayCount(d.total, kDay + 1, kDay), 6u);
  EXPECT_EQ(DayCount(d.total, kDay + 1, kDay + 1), 12u);
}

// A state holding, for hour kHour and its day, the total's and port tcp/23's
// counts.
HistoryCheckpoint StateWith(std::uint32_t total, std::uint32_t port) {
  HistoryCheckpoint cp;
  cp.newest_hour = kHour;
  HistorySeriesCheckpoint t;
  t.kind = "total";
  t.first_hour = kHour;
  t.hours = {total};
  t.first_day = kDay;
  t.days = {total};
  cp.series.push_back(t);
  HistorySeriesCheckpoint p;
  p.kind = "port";
  p.key = "tcp/23";
  p.first_hour = kHour;
  p.hours = {port};
  p.first_day = kDay;
  p.days = {port};
  cp.series.push_back(p);
  return cp;
}

constexpr std::uint32_t kFull = 0xffffffffU;

TEST(EventHistoryTest, BucketsStopAtTheirLargestValue) {
  EventHistory h;
  h.Restore(StateWith(kFull - 1, kFull - 2));
  const int port = h.PortSeries(h.ProtocolId("tcp"), true, 23, "telnet");
  for (int i = 0; i < 4; ++i) CountAt(h, kHour, -1, port);
  const auto d = h.Read(10);
  EXPECT_EQ(d.total.hours.back(), kFull);
  EXPECT_EQ(DayCount(d.total, kDay, kDay), kFull);
  ASSERT_EQ(d.ports.size(), 1u);
  EXPECT_EQ(d.ports[0].hours.back(), kFull);
  EXPECT_EQ(DayCount(d.ports[0], kDay, kDay), kFull);
}

TEST(EventHistoryTest, AnHourLeavingTheWindowStopsItsDayAtTheLargestValue) {
  EventHistory h;
  h.Restore(StateWith(kFull - 1, 0));  // the hour holds all of its day's
  CountAt(h, kHour + 1);               // the day now kFull, in two hours
  CountAt(h, kHour + 1);
  CountAt(h, kHour + 20 * 24);  // both hours move into the day
  const auto d = h.Read(10);
  EXPECT_EQ(DayCount(d.total, kDay + 20, kDay), kFull);
  EXPECT_EQ(d.total.packets, std::uint64_t{kFull} + 1);
}

TEST(EventHistoryTest, AStateWithABucketAboveItsTotalStillStopsAtTheLargestValue) {
  // Counting trusts that no bucket is above its total's; a state file that
  // says otherwise (edited by hand) must not make a bucket wrap to zero.
  EventHistory h;
  h.Restore(StateWith(5, kFull));
  const int port = h.PortSeries(h.ProtocolId("tcp"), true, 23, "telnet");
  CountAt(h, kHour, -1, port);
  const auto d = h.Read(10);
  EXPECT_EQ(d.total.hours.back(), 6u);
  ASSERT_EQ(d.ports.size(), 1u);
  EXPECT_EQ(d.ports[0].hours.back(), kFull);
  EXPECT_EQ(DayCount(d.ports[0], kDay, kDay), kFull);
}

TEST(HistoryRecorderTest, CountsTheKeyTakenBeforeEnrichmentAsCountWithoutOne) {
  auto with_key = std::make_shared<EventHistory>();
  auto without = std::make_shared<EventHistory>();
  HistoryRecorder a(with_key), b(without);
  Event e = Refused("tcp", 23, "JP", kHour);
  const std::uint32_t key = a.Key(e);
  a.Prefetch(key);
  a.Count(e, key, 0);
  b.Count(e, 0);
  Event accepted = Refused("tcp", 23, "JP", kHour, Action::kAccept);
  EXPECT_EQ(a.Key(accepted), HistoryRecorder::kNotCounted);
  a.Count(accepted, a.Key(accepted), 0);
  EXPECT_EQ(with_key->Read(10).total.packets, 1u);
  EXPECT_EQ(without->Read(10).total.packets, 1u);
  EXPECT_EQ(with_key->Read(10).ports[0].key, "tcp/23");
}

// The two histories hold the same series, buckets, times and destinations.
void ExpectSameHistory(const EventHistory& a, const EventHistory& b) {
  const HistoryCheckpoint x = a.Snapshot(), y = b.Snapshot();
  EXPECT_EQ(x.newest_hour, y.newest_hour);
  EXPECT_EQ(x.future_packets, y.future_packets);
  ASSERT_EQ(x.series.size(), y.series.size());
  for (std::size_t i = 0; i < x.series.size(); ++i) {
    const auto &s = x.series[i], &t = y.series[i];
    SCOPED_TRACE(s.kind + " " + s.key);
    EXPECT_EQ(s.kind, t.kind);
    EXPECT_EQ(s.key, t.key);
    EXPECT_EQ(s.service, t.service);
    EXPECT_EQ(s.first_seen, t.first_seen);
    EXPECT_EQ(s.last_seen, t.last_seen);
    EXPECT_EQ(s.first_hour, t.first_hour);
    EXPECT_EQ(s.hours, t.hours);
    EXPECT_EQ(s.first_day, t.first_day);
    EXPECT_EQ(s.days, t.days);
    ASSERT_EQ(s.ports.size(), t.ports.size());
    for (std::size_t j = 0; j < s.ports.size(); ++j) {
      EXPECT_EQ(s.ports[j].key, t.ports[j].key);
      EXPECT_EQ(s.ports[j].service, t.ports[j].service);
      EXPECT_EQ(s.ports[j].packets, t.ports[j].packets);
    }
  }
  const auto c = a.Read(5), d = b.Read(5);
  ASSERT_EQ(c.ports.size(), d.ports.size());
  for (std::size_t i = 0; i < c.ports.size(); ++i) EXPECT_EQ(c.ports[i].key, d.ports[i].key);
  ASSERT_EQ(c.countries.size(), d.countries.size());
  for (std::size_t i = 0; i < c.countries.size(); ++i) EXPECT_EQ(c.countries[i].key, d.countries[i].key);
}

TEST(HistoryRecorderTest, CachedCountsEqualThePlainReference) {
  // Small limits, so that ports, countries, ranges and destinations run
  // past them; more ports than the port cache has slots; protocols past its
  // four; codes other than two capitals; stamps going back and forth across
  // midnight and the new year, far back, far ahead and ahead of the clock.
  const EventHistory::Limits limits{.ranges = 3, .ports = 200, .countries = 12, .range_ports = 5};
  auto cached = std::make_shared<EventHistory>(limits);
  auto plain = std::make_shared<EventHistory>(limits);
  HistoryRecorder fast(cached), reference(plain);
  const std::vector<std::string> protocols = {"tcp", "udp", "icmp", "gre", "sctp", "udplite", "a-long-protocol"};
  const std::vector<std::string> ranges = {"nict-notice", "shodan", "censys", "stretchoid", "private", "other", ""};
  std::vector<std::string> countries = {"JP", "CN", "US", "private", "unknown", "", "jp", "A1", "NOT-A-COUNTRY-CODE"};
  for (char c = 'A'; c <= 'Z'; c += 2) countries.push_back(std::string("Z") + c);
  const std::vector<std::string> services = {"telnet", "ssh", "unknown"};
  std::mt19937 random(17);
  const auto pick = [&random](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  std::int64_t hour = kNewYearHour - 30;
  for (int i = 0; i < 200000; ++i) {
    switch (pick(1000)) {
      case 0:
        hour += 24 * 200;  // far ahead: the windows move
        break;
      case 1:
        hour -= 24 * 500;  // older than every window
        break;
      case 2:
      case 3:
      case 4:
        hour += 1 + static_cast<std::int64_t>(pick(30));
        break;
      case 5:
      case 6:
        hour -= 1 + static_cast<std::int64_t>(pick(48));
        break;
      default:
        break;
    }
    Event e;
    const std::size_t verdict = pick(10);
    e.action = verdict < 6   ? Action::kDrop
               : verdict < 8 ? Action::kReject
               : verdict < 9 ? Action::kAccept
                             : Action::kNone;
    const std::string& proto = protocols[pick(10) < 7 ? pick(2) : pick(protocols.size())];
    e.proto = proto;
    e.has_port = proto != "icmp" && proto != "gre";
    if (e.has_port) e.port_number = static_cast<std::uint16_t>(pick(4) == 0 ? 23 : pick(6000));
    e.service = services[pick(services.size())];
    e.country = countries[pick(countries.size())];
    const std::string& range = ranges[pick(ranges.size())];
    e.range = range;
    e.range_identity = pick(5) == 0 ? nullptr : range.data();  // text set some other way, or a table's name
    e.local_hour = static_cast<std::int32_t>(hour);
    e.time = TimeOf(hour) + static_cast<std::int64_t>(pick(3000));
    const std::int64_t now = pick(3) == 0 ? 0 : e.time + 86400 * (pick(50) == 0 ? -2 : 0);
    fast.Count(e, fast.Key(e), now);
    reference.CountPlain(e, now);
    if (pick(500) == 0) {
      fast.ScannerFound(e, now);
      reference.ScannerFound(e, now);
    }
  }
  ASSERT_GT(cached->Read(5).total.packets, 0u);
  ASSERT_GT(cached->future_packets(), 0u);
  ExpectSameHistory(*cached, *plain);
}

}  // namespace
}  // namespace fwlog
