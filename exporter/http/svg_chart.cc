#include "http/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace fwlog {
namespace {

// Distinguishable on white, in the order series take them (the first is the
// single-series colour).
constexpr const char* kPalette[] = {"#3274d9", "#e0752d", "#37872d", "#a352cc", "#c4162a",
                                    "#8f6d00", "#1f9aa8", "#d44a9c", "#5c6b7a", "#6e9f00"};

const char* kStyle =
    "<style>.fw-chart text{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;fill:#333}"
    ".fw-chart .fw-title{font-size:18px;font-weight:bold}.fw-chart .fw-sub{font-size:12px;fill:#666}"
    ".fw-chart .fw-tick{font-size:11px;fill:#666}.fw-chart .fw-label{font-size:12px}"
    ".fw-chart .fw-value{font-size:11px;fill:#444}.fw-chart .fw-grid{stroke:#e3e3e3;stroke-width:1}"
    ".fw-chart .fw-axis{stroke:#999;stroke-width:1}.fw-chart rect.fw-bar:hover{opacity:.75}</style>\n";

// A "nice" axis maximum and tick step for values up to `max`.
std::pair<double, double> NiceAxis(double max) {
  if (max <= 0) return {1, 1};
  const double raw = max / 5;
  const double mag = std::pow(10, std::floor(std::log10(raw)));
  double step = mag;
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  // Counts: a step below one would label fractions of a packet.
  if (step < 1 && max >= 1) step = 1;
  return {std::ceil(max / step) * step, step};
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

// What a bar's <title> says.
std::string BarTitle(const BarChart& chart, std::size_t bar, std::size_t series) {
  std::string t = chart.labels[bar];
  if (chart.series.size() > 1) t += " " + chart.series[series].name;
  t += ": " + FormatCount(chart.series[series].values[bar]);
  if (!chart.unit.empty()) t += " " + chart.unit;
  return XmlEscape(t);
}

void Header(std::ostringstream& o, const BarChart& chart, int width, int height, int title_x) {
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fw-chart\" width=\"" << width << "\" height=\"" << height
    << "\" viewBox=\"0 0 " << width << " " << height << "\" role=\"img\" aria-label=\"" << XmlEscape(chart.title)
    << "\">\n<title>" << XmlEscape(chart.title) << "</title>\n<desc>" << XmlEscape(chart.subtitle) << "</desc>\n"
    << kStyle << "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
    << "<text class=\"fw-title\" x=\"" << title_x << "\" y=\"30\">" << XmlEscape(chart.title) << "</text>\n"
    << "<text class=\"fw-sub\" x=\"" << title_x << "\" y=\"50\">" << XmlEscape(chart.subtitle) << "</text>\n";
}

// The legend of a stacked chart, in one line from x at y.
void Legend(std::ostringstream& o, const BarChart& chart, double x, double y) {
  if (chart.series.size() < 2) return;
  for (std::size_t s = 0; s < chart.series.size(); ++s) {
    const std::string color = chart.series[s].color.empty() ? PaletteColor(s) : chart.series[s].color;
    o << "<rect x=\"" << Num(x) << "\" y=\"" << Num(y - 10) << "\" width=\"12\" height=\"12\" fill=\"" << color
      << "\"/><text class=\"fw-label\" x=\"" << Num(x + 16) << "\" y=\"" << Num(y) << "\">"
      << XmlEscape(chart.series[s].name) << "</text>\n";
    x += 30 + 7.0 * static_cast<double>(chart.series[s].name.size());
  }
}

double Stack(const BarChart& chart, std::size_t bar) {
  double total = 0;
  for (const auto& s : chart.series) total += bar < s.values.size() ? s.values[bar] : 0;
  return total;
}

std::string Vertical(const BarChart& chart) {
  const int width = chart.width, height = chart.height, left = 70, right = 20, bottom = 60;
  const int top = chart.series.size() > 1 ? 86 : 70;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  double max = 0;
  for (std::size_t i = 0; i < chart.labels.size(); ++i) max = std::max(max, Stack(chart, i));
  const auto [axis_max, step] = NiceAxis(max);
  std::ostringstream o;
  Header(o, chart, width, height, left);
  Legend(o, chart, left, 72);
  for (double v = 0; v <= axis_max + step / 2; v += step) {
    const double y = top + plot_h - v / axis_max * plot_h;
    o << "<line class=\"fw-grid\" x1=\"" << left << "\" x2=\"" << width - right << "\" y1=\"" << Num(y) << "\" y2=\""
      << Num(y) << "\"/><text class=\"fw-tick\" x=\"" << left - 8 << "\" y=\"" << Num(y + 4)
      << "\" text-anchor=\"end\">" << FormatCount(v) << "</text>\n";
  }
  const std::size_t n = chart.labels.size();
  const double slot = plot_w / static_cast<double>(std::max<std::size_t>(n, 1));
  // A label needs about 7 px a character; write every `every`-th.
  std::size_t longest = 1;
  for (const auto& l : chart.labels) longest = std::max(longest, l.size());
  const auto every = static_cast<std::size_t>(std::max(1.0, std::ceil((7.0 * longest + 6) / slot)));
  for (std::size_t i = 0; i < n; ++i) {
    const double x = left + i * slot + slot * 0.12, w = std::max(slot * 0.76, 1.0);
    double base = top + plot_h;
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      const double v = i < chart.series[s].values.size() ? chart.series[s].values[i] : 0;
      if (v <= 0 && chart.series.size() > 1) continue;
      const double h = v / axis_max * plot_h;
      const std::string color = chart.series[s].color.empty() ? PaletteColor(s) : chart.series[s].color;
      o << "<rect class=\"fw-bar\" x=\"" << Num(x) << "\" y=\"" << Num(base - h) << "\" width=\"" << Num(w)
        << "\" height=\"" << Num(h) << "\" fill=\"" << color << "\"><title>" << BarTitle(chart, i, s)
        << "</title></rect>\n";
      base -= h;
    }
    if (i % every == 0)
      o << "<text class=\"fw-tick\" x=\"" << Num(left + (i + 0.5) * slot) << "\" y=\"" << top + plot_h + 16
        << "\" text-anchor=\"middle\">" << XmlEscape(chart.labels[i]) << "</text>\n";
  }
  if (n == 0 || max <= 0)
    o << "<text class=\"fw-sub\" x=\"" << Num(left + plot_w / 2) << "\" y=\"" << Num(top + plot_h / 2)
      << "\" text-anchor=\"middle\">no packets</text>\n";
  o << "<line class=\"fw-axis\" x1=\"" << left << "\" x2=\"" << width - right << "\" y1=\"" << Num(top + plot_h)
    << "\" y2=\"" << Num(top + plot_h) << "\"/>\n"
    << "<text class=\"fw-label\" x=\"" << Num(left + plot_w / 2) << "\" y=\"" << height - 15
    << "\" text-anchor=\"middle\">" << XmlEscape(chart.axis_label) << "</text>\n</svg>\n";
  return o.str();
}

std::string Horizontal(const BarChart& chart) {
  const int width = chart.width, left = 230, right = 90, bar = 22, gap = 7;
  const int top = chart.series.size() > 1 ? 86 : 70;
  const int rows = static_cast<int>(std::max<std::size_t>(chart.labels.size(), 1));
  const int plot_bottom = top + rows * (bar + gap);
  const int height = plot_bottom + 40;
  const double plot_w = width - left - right;
  double max = 0;
  for (std::size_t i = 0; i < chart.labels.size(); ++i) max = std::max(max, Stack(chart, i));
  const auto [axis_max, step] = NiceAxis(max);
  std::ostringstream o;
  Header(o, chart, width, height, 20);
  Legend(o, chart, 20, 72);
  for (double v = 0; v <= axis_max + step / 2; v += step) {
    const double x = left + v / axis_max * plot_w;
    o << "<line class=\"fw-grid\" x1=\"" << Num(x) << "\" x2=\"" << Num(x) << "\" y1=\"" << top - 4 << "\" y2=\""
      << plot_bottom << "\"/><text class=\"fw-tick\" x=\"" << Num(x) << "\" y=\"" << plot_bottom + 16
      << "\" text-anchor=\"middle\">" << FormatCount(v) << "</text>\n";
  }
  for (std::size_t i = 0; i < chart.labels.size(); ++i) {
    const int y = top + static_cast<int>(i) * (bar + gap);
    o << "<text class=\"fw-label\" x=\"" << left - 10 << "\" y=\"" << y + bar / 2 + 4 << "\" text-anchor=\"end\">"
      << XmlEscape(chart.labels[i]) << "</text>\n";
    double x = left;
    for (std::size_t s = 0; s < chart.series.size(); ++s) {
      const double v = i < chart.series[s].values.size() ? chart.series[s].values[i] : 0;
      if (v <= 0 && chart.series.size() > 1) continue;
      const double w = v / axis_max * plot_w;
      const std::string color = chart.series[s].color.empty() ? PaletteColor(s) : chart.series[s].color;
      o << "<rect class=\"fw-bar\" x=\"" << Num(x) << "\" y=\"" << y << "\" width=\"" << Num(w) << "\" height=\"" << bar
        << "\" fill=\"" << color << "\"><title>" << BarTitle(chart, i, s) << "</title></rect>\n";
      x += w;
    }
    if (chart.values_beside)
      o << "<text class=\"fw-value\" x=\"" << Num(x + 6) << "\" y=\"" << y + bar / 2 + 4 << "\">"
        << FormatCount(Stack(chart, i)) << "</text>\n";
  }
  if (chart.labels.empty())
    o << "<text class=\"fw-sub\" x=\"" << Num(left + plot_w / 2) << "\" y=\"" << top + bar / 2 + 4
      << "\" text-anchor=\"middle\">no packets</text>\n";
  o << "<line class=\"fw-axis\" x1=\"" << left << "\" x2=\"" << left << "\" y1=\"" << top - 4 << "\" y2=\""
    << plot_bottom << "\"/>\n</svg>\n";
  return o.str();
}

}  // namespace

const char* PaletteColor(std::size_t i) { return kPalette[i % (sizeof kPalette / sizeof kPalette[0])]; }

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string FormatCount(double value) {
  if (value != std::floor(value) || std::fabs(value) >= 1e18) return Num(value);
  const std::string digits = std::to_string(static_cast<long long>(std::fabs(value)));
  std::string out = value < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string RenderBarChart(const BarChart& chart) {
  return chart.direction == BarChart::Direction::kVertical ? Vertical(chart) : Horizontal(chart);
}

}  // namespace fwlog
