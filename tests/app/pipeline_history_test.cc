// The pipeline counts refused packets into the event history by civil day
// and hour of the configured zone, the same way whichever way lines come
// (one at a time as `serve` reads, in batches as `replay` does); the
// SummarySource turns it into the page's dates.
#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <map>
#include <span>
#include <string>
#include <vector>

#include "app/pipeline.h"
#include "app/summary_source.h"

namespace fwlog {
namespace {

std::string Drop(const std::string& stamp, const std::string& src, int port, const std::string& verdict = "DROP") {
  return stamp + " router kernel: " + verdict + " IN=ppp0 OUT= MAC= SRC=" + src +
         " DST=203.0.113.7 LEN=40 PROTO=TCP SPT=4000 DPT=" + std::to_string(port);
}

const char* kNict = "210.150.186.238";

// 2018-11-15 23:30 and 2018-11-16 00:30 in Tokyo are both 2018-11-15 in UTC.
std::vector<std::string> Lines() {
  return {
      Drop("2018-11-14T12:00:00+09:00", "198.51.100.9", 22),
      Drop("2018-11-15T23:30:00+09:00", kNict, 23),
      Drop("2018-11-16T00:30:00+09:00", kNict, 23),
      Drop("2018-11-15T16:10:00Z", "198.51.100.9", 22),  // 2018-11-16T01:10 in Tokyo
      Drop("2018-11-16T01:20:00+09:00", "198.51.100.9", 80, "ACCEPT"),
      "junk line",
  };
}

struct Built {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  std::unique_ptr<Pipeline> pipeline;

  Built() {
    Config config = DefaultConfig();
    config.timezone = "Asia/Tokyo";
    InputSpec in;
    in.name = "router";
    in.kind = InputKind::kStdin;
    config.inputs = {in};
    auto built = Pipeline::Build(config, registry, {{"test", "test"}, false});
    EXPECT_TRUE(built.ok()) << built.status();
    if (built.ok()) pipeline = std::move(*built);
  }
};

// The lines point into `texts`.
std::vector<LogLine> AsLogLines(const std::vector<std::string>& texts, std::int64_t receive_time) {
  std::vector<LogLine> out;
  for (const auto& t : texts) {
    LogLine line;
    line.text = t;
    line.receive_time = receive_time;
    out.push_back(line);
  }
  return out;
}

constexpr std::int64_t kLater = 1800000000;  // 2027: the lines are old, none ahead of the clock

std::map<std::string, std::uint64_t> Days(const Summary& s) {
  std::map<std::string, std::uint64_t> out;
  for (const auto& d : s.days)
    if (d.packets > 0) out[d.date] = d.packets;
  return out;
}

TEST(PipelineHistoryTest, CountsRefusedPacketsByTheZonesDays) {
  Built run;
  ASSERT_NE(run.pipeline, nullptr);
  const auto texts = Lines();  // the lines point into it
  for (const auto& line : AsLogLines(texts, kLater)) run.pipeline->OnLine(line);
  SummarySource source(run.pipeline->history(), "/metrics");
  source.Use(run.pipeline->config(), run.pipeline->zone(), run.registry);
  const Summary s = source.Make();
  EXPECT_EQ(s.time_zone, "Asia/Tokyo");
  EXPECT_EQ(s.latest_day, "2018-11-16");
  EXPECT_EQ(s.latest_hour, "2018-11-16T01:00:00+09:00");
  EXPECT_EQ(Days(s), (std::map<std::string, std::uint64_t>{{"2018-11-14", 1}, {"2018-11-15", 1}, {"2018-11-16", 2}}));
  ASSERT_EQ(s.days.size(), 14u);  // at least 14 days listed
  EXPECT_EQ(s.days.front().date, "2018-11-03");
  EXPECT_EQ(s.packets, 4u);
  ASSERT_FALSE(s.hours.empty());
  EXPECT_EQ(s.hours.back().hour, "01");
  EXPECT_EQ(s.hours.back().packets, 1u);
  EXPECT_EQ(s.hours[s.hours.size() - 2].hour, "00");
  ASSERT_EQ(s.ranges.size(), 1u);
  EXPECT_EQ(s.ranges[0].name, "nict-notice");
  EXPECT_EQ(s.ranges[0].packets, 2u);
  EXPECT_EQ(s.ranges[0].first_seen, "2018-11-15T23:30:00+09:00");
  ASSERT_EQ(s.ranges[0].ports.size(), 1u);
  EXPECT_EQ(s.ranges[0].ports[0].service, "telnet");
  ASSERT_EQ(s.ports.size(), 2u);
  EXPECT_EQ(s.ports[0].port, "22");
  EXPECT_EQ(s.ports[0].service, "ssh");
}

TEST(PipelineHistoryTest, BatchesAsReplayReadsGiveTheSameHistoryAsLineByLine) {
  Built one, batched;
  ASSERT_NE(one.pipeline, nullptr);
  ASSERT_NE(batched.pipeline, nullptr);
  const auto texts = Lines();
  const auto lines = AsLogLines(texts, kLater);
  for (const auto& line : lines) one.pipeline->OnLine(line);
  batched.pipeline->OnLines(std::span<const LogLine>(lines));
  const auto a = one.pipeline->history()->Read(10);
  const auto b = batched.pipeline->history()->Read(10);
  EXPECT_EQ(a.total.days, b.total.days);
  EXPECT_EQ(a.total.hours, b.total.hours);
  EXPECT_EQ(a.total.packets, 4u);
}

TEST(PipelineHistoryTest, StampsMoreThanADayAheadOfTheClockStayOutOfTheHistory) {
  Built run;
  ASSERT_NE(run.pipeline, nullptr);
  // Read on 2018-11-15 at 00:00 UTC: the lines of 2018-11-16 (Tokyo) after
  // 2018-11-16T09:00 Tokyo would be ahead; these are within a day.
  const std::int64_t clock = 1542240000;  // 2018-11-15T00:00:00Z
  const std::vector<std::string> texts = {Drop("2018-11-15T12:00:00+09:00", kNict, 23),
                                          Drop("2019-11-15T12:00:00+09:00", kNict, 23)};
  for (const auto& line : AsLogLines(texts, clock)) run.pipeline->OnLine(line);
  const auto d = run.pipeline->history()->Read(10);
  EXPECT_EQ(d.total.packets, 1u);
  EXPECT_EQ(d.future_packets, 1u);
}

}  // namespace
}  // namespace fwlog
