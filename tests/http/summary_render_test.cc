#include <gtest/gtest.h>

#include <string>

#include "http/summary.h"
#include "http/svg_chart.h"

namespace fwlog {
namespace {

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

TEST(SvgChartTest, EveryBarCarriesItsNumberInATitle) {
  BarChart c;
  c.title = "Per day";
  c.labels = {"2018-11-16", "2018-11-17", "2018-11-18"};
  c.series = {{"packets", "", {12, 0, 1234}}};
  const std::string svg = RenderBarChart(c);
  EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_NE(svg.find("<title>2018-11-16: 12 packets</title>"), std::string::npos) << svg;
  EXPECT_NE(svg.find("<title>2018-11-17: 0 packets</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>2018-11-18: 1,234 packets</title>"), std::string::npos);
  EXPECT_EQ(Count(svg, "class=\"fw-bar\""), 3);
}

TEST(SvgChartTest, StackedSeriesNameTheirSegmentsAndHaveALegend) {
  BarChart c;
  c.title = "Ranges";
  c.labels = {"d1", "d2"};
  c.series = {{"nict", "", {1, 2}}, {"shadow", "", {0, 3}}};
  const std::string svg = RenderBarChart(c);
  EXPECT_NE(svg.find("<title>d2 shadow: 3 packets</title>"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("d1 shadow"), std::string::npos);     // an empty segment is not drawn
  EXPECT_NE(svg.find(">nict</text>"), std::string::npos);  // the legend
}

TEST(SvgChartTest, LabelsAreEscaped) {
  BarChart c;
  c.title = "a <b> & \"c\"";
  c.direction = BarChart::Direction::kHorizontal;
  c.labels = {"<script>"};
  c.series = {{"packets", "", {1}}};
  const std::string svg = RenderBarChart(c);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("a &lt;b&gt; &amp; &quot;c&quot;"), std::string::npos);
}

TEST(SvgChartTest, FormatCountSeparatesThousands) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1000), "1,000");
  EXPECT_EQ(FormatCount(1234567), "1,234,567");
  EXPECT_EQ(FormatCount(12.34), "12.3");
}

Summary Sample() {
  Summary s;
  s.time_zone = "Asia/Tokyo";
  s.empty = false;
  s.latest_day = "2018-11-17";
  s.days = {{"2018-11-16", 3}, {"2018-11-17", 5}};
  s.packets = 8;
  s.hours = {{"2018-11-17", "09", 5}};
  s.ports = {{"tcp", "23", "telnet", "telnet", 6, {2, 4}},
             {"tcp", "5555", "personal-agent", "android-adb", 3, {1, 2}},
             {"icmp", "", "unknown", "unknown", 2, {1, 1}}};
  s.countries = {{"JP", "Japan", 8, {3, 5}}};
  SummaryRange r;
  r.name = "nict \"notice\"";
  r.packets = 8;
  r.first_seen = "2018-11-16T09:00:00+09:00";
  r.ports = {{"tcp", "23", "telnet", "telnet", 8, {}}, {"tcp", "5555", "personal-agent", "android-adb", 1, {}}};
  r.days = {3, 5};
  s.ranges = {r};
  s.inputs = {{"router", "file", "/var/log/fw.log", 10, 2, 0, {{"bad_port", 1}}, {}, "", 1}};
  s.scans.top_sources = {{"192.0.2.1", "", "JP", 4}};
  return s;
}

TEST(SummaryRenderTest, JsonHasTheDocumentedFieldsAndEscapes) {
  const std::string json = RenderSummaryJson(Sample());
  EXPECT_NE(json.find("\"days\":[\n{\"date\":\"2018-11-16\",\"packets\":3},\n{\"date\":\"2018-11-17\",\"packets\":5}]"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("{\"proto\":\"tcp\",\"port\":\"23\",\"service\":\"telnet\",\"purpose\":\"telnet\",\"packets\":6,"
                      "\"days\":[2,4]}"),
            std::string::npos);
  EXPECT_NE(json.find("\"service\":\"personal-agent\",\"purpose\":\"android-adb\",\"packets\":1}"),
            std::string::npos);                              // a range's port
  EXPECT_NE(json.find("\"port\":null"), std::string::npos);  // icmp
  EXPECT_NE(json.find("\"name\":\"nict \\\"notice\\\"\""), std::string::npos);
  EXPECT_NE(json.find("\"last_seen\":null"), std::string::npos);
  EXPECT_NE(json.find("\"invalid\":{\"bad_port\":1}"), std::string::npos);
  EXPECT_NE(json.find("\"last_event\":null"), std::string::npos);
}

TEST(SummaryRenderTest, PortsAreNamedByWhatScannersProbeThemFor) {
  const std::string page = RenderSummaryPage(Sample());
  // The charts' labels and the ranges' ports: the purpose where the table
  // has one, else the service.
  EXPECT_NE(page.find("5555/tcp android-adb"), std::string::npos) << page;
  EXPECT_EQ(page.find("5555/tcp personal-agent"), std::string::npos);
  EXPECT_NE(page.find("23/tcp telnet"), std::string::npos);
  // The ports table keeps IANA's name beside it; "probed for" is blank where
  // it would repeat the service.
  EXPECT_NE(page.find("<td>personal-agent</td><td>android-adb</td>"), std::string::npos);
  EXPECT_NE(page.find("<td>telnet</td><td></td>"), std::string::npos);
}

TEST(SummaryRenderTest, SourcesAppearOnlyWithTopSourcesOn) {
  Summary s = Sample();
  EXPECT_EQ(RenderSummaryJson(s).find("192.0.2.1"), std::string::npos);
  EXPECT_EQ(RenderSummaryPage(s).find("192.0.2.1"), std::string::npos);
  s.scans.enabled = true;
  s.scans.top_sources_enabled = true;
  EXPECT_NE(RenderSummaryJson(s).find("192.0.2.1"), std::string::npos);
  EXPECT_NE(RenderSummaryPage(s).find("192.0.2.1"), std::string::npos);
}

TEST(SummaryRenderTest, PageNeedsNothingFromOutside) {
  const std::string page = RenderSummaryPage(Sample());
  EXPECT_TRUE(page.starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_EQ(page.find("src="), std::string::npos);
  EXPECT_NE(page.find("<title>2018-11-17: 5 packets</title>"), std::string::npos);  // the day chart
  EXPECT_NE(page.find("23/tcp telnet"), std::string::npos);
  EXPECT_NE(page.find("JP Japan"), std::string::npos);
  EXPECT_NE(page.find("nict &quot;notice&quot;"), std::string::npos);
  EXPECT_NE(page.find("day (Asia/Tokyo)"), std::string::npos);
}

}  // namespace
}  // namespace fwlog
