// SvgChart: the exporter's one SVG writer — bar charts, vertical (hours,
// days) or horizontal (top ports, top countries), one series or several
// stacked with a legend. `report --svg` writes them as files and the page at
// `/` puts the same text inline (http/summary_page.h), so a chart looks the
// same in both.
//
//   BarChart c;
//   c.title = "Attempts by hour of day";
//   c.labels = {"00", "01", ...};
//   c.series = {{"packets", "", {12, 30, ...}}};
//   c.axis_label = "hour of day (Asia/Tokyo)";
//   std::string svg = RenderBarChart(c);
//
// Every bar carries its numbers as text: a <title> per bar (per segment when
// stacked: "2018-11-16 nict-notice: 12 packets"), which browsers show on
// hover and screen readers read; the chart itself has a <title> and a
// <desc>. Plain SVG 1.1 with an embedded <style> (no script, no external
// font), the same in a file and inline in HTML. Labels are escaped. With many
// vertical bars only every n-th label is written under the axis (the <title>s
// keep them all). Stateless; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fwlog {

struct BarSeries {
  std::string name;
  std::string color;           // CSS colour; empty: the palette's colour for its place
  std::vector<double> values;  // one per label
};

struct BarChart {
  enum class Direction { kVertical, kHorizontal };
  std::string title;
  std::string subtitle;
  std::vector<std::string> labels;  // one per bar
  std::vector<BarSeries> series;    // stacked when more than one
  std::string axis_label;           // under the bars (vertical charts)
  std::string unit = "packets";     // after the number in each <title>
  Direction direction = Direction::kVertical;
  int width = 860;
  int height = 420;  // vertical charts; horizontal ones grow with their labels
  // Also write each bar's value beside it (horizontal charts).
  bool values_beside = true;
};

std::string RenderBarChart(const BarChart& chart);

// Text with &, <, >, " escaped, for XML and HTML.
std::string XmlEscape(std::string_view text);
// 1234567 -> "1,234,567"; 12.34 -> "12.3" (one decimal when not whole).
std::string FormatCount(double value);
// The palette colour for series number `i` (cycles).
const char* PaletteColor(std::size_t i);

}  // namespace fwlog
