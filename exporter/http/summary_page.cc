// RenderSummaryPage: the page at `/` (http/summary.h).
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/summary.h"
#include "http/svg_chart.h"

namespace fwlog {
namespace {

const char* kCss =
    "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;margin:0 auto;max-width:900px;padding:0 16px 40px;"
    "color:#222;background:#fafafa}h1{font-size:24px;margin:20px 0 4px}h2{font-size:19px;margin:28px 0 8px;"
    "border-bottom:1px solid #ddd;padding-bottom:4px}p.meta{color:#666;font-size:13px;margin:0 0 12px}"
    "svg.fw-chart{max-width:100%;height:auto;display:block;margin:8px 0;border:1px solid #e5e5e5}"
    "table{border-collapse:collapse;font-size:13px;margin:6px 0}th,td{padding:3px 10px;border-bottom:1px solid #e5e5e5;"
    "text-align:left}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".warn{background:#fff4e5;border:1px solid #e0a040;padding:8px 12px;margin:10px 0}.warn li{margin:3px 0}"
    "details{margin:4px 0 12px}summary{cursor:pointer;color:#3274d9;font-size:13px}"
    ".figs{display:flex;gap:24px;flex-wrap:wrap}.fig{font-size:13px}.fig b{display:block;font-size:22px}"
    "a{color:#3274d9}";

// The day charts show at most the last kChartDays days and kChartRanges
// ranges (the rest as one "other ranges" series), so the page stays small
// whatever the history holds; the tables and /api/summary have every day
// and range.
constexpr std::size_t kChartDays = 62;
constexpr std::size_t kChartRanges = 8;

std::string Esc(std::string_view s) { return XmlEscape(s); }
std::string N(std::uint64_t v) { return FormatCount(static_cast<double>(v)); }

// A port as the charts and the ranges' table name it: its number and
// protocol, then what scanners probe it for where the purposes table says
// (5555/tcp android-adb, not IANA's personal-agent), else its IANA service.
std::string PortName(const SummaryPort& p) {
  std::string s = p.port.empty() ? p.proto : p.port + "/" + p.proto;
  const std::string& name = p.purpose.empty() ? p.service : p.purpose;
  if (!name.empty() && name != "unknown") s += " " + name;
  return s;
}

std::string CountryLabel(const SummaryCountry& c) { return c.name.empty() ? c.code : c.code + " " + c.name; }

// The first day the charts show (an index into Summary::days).
std::size_t FirstChartDay(const Summary& s) { return s.days.size() > kChartDays ? s.days.size() - kChartDays : 0; }

// The charted days' dates.
std::vector<std::string> Dates(const Summary& s) {
  std::vector<std::string> out;
  for (std::size_t i = FirstChartDay(s); i < s.days.size(); ++i) out.push_back(s.days[i].date);
  return out;
}

// The charted days' counts of a per-day series (one per Summary::days).
std::vector<double> ChartDays(const Summary& s, const std::vector<std::uint64_t>& v) {
  const std::size_t skip = v.size() >= s.days.size() ? FirstChartDay(s) + (v.size() - s.days.size()) : 0;
  return {v.begin() + static_cast<std::ptrdiff_t>(std::min(skip, v.size())), v.end()};
}

void Figure(std::string& o, const std::string& label, const std::string& value) {
  o += "<div class=\"fig\"><b>" + Esc(value) + "</b>" + Esc(label) + "</div>";
}

void DaysSection(std::string& o, const Summary& s) {
  o += "<h2>Refused packets by day</h2>\n";
  BarChart c;
  c.title = "Refused packets per day";
  c.subtitle = s.days.empty() ? "no packets yet"
                              : s.days[FirstChartDay(s)].date + " to " + s.days.back().date + "; " + N(s.packets) +
                                    " packets since " + s.days.front().date;
  c.axis_label = "day (" + s.time_zone + ")";
  c.labels = Dates(s);
  BarSeries series{"packets", "", {}};
  for (std::size_t i = FirstChartDay(s); i < s.days.size(); ++i)
    series.values.push_back(static_cast<double>(s.days[i].packets));
  c.series.push_back(std::move(series));
  o += RenderBarChart(c);
  o += "<details><summary>Numbers by day</summary><table><tr><th>date</th><th class=\"n\">packets</th></tr>\n";
  for (auto it = s.days.rbegin(); it != s.days.rend(); ++it)
    o += "<tr><td>" + it->date + "</td><td class=\"n\">" + N(it->packets) + "</td></tr>\n";
  o += "</table></details>\n";
}

void HoursSection(std::string& o, const Summary& s) {
  o += "<h2>Refused packets by hour</h2>\n";
  // The last 24 hours, and the latest day's hours of day.
  BarChart last;
  last.title = "The last 24 hours";
  last.subtitle = "up to " + s.latest_hour;
  last.axis_label = "hour (" + s.time_zone + ")";
  BarSeries lv{"packets", "", {}};
  BarChart today;
  today.title = "By hour of day, " + s.latest_day;
  today.subtitle = "the latest day counted";
  today.axis_label = "hour of day (" + s.time_zone + ")";
  BarSeries tv{"packets", "", std::vector<double>(24, 0)};
  for (int h = 0; h < 24; ++h)
    today.labels.push_back(std::string{static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10)});
  const std::size_t first = s.hours.size() > 24 ? s.hours.size() - 24 : 0;
  for (std::size_t i = first; i < s.hours.size(); ++i) {
    last.labels.push_back(s.hours[i].date.substr(5) + " " + s.hours[i].hour);
    lv.values.push_back(static_cast<double>(s.hours[i].packets));
  }
  for (const auto& h : s.hours)
    if (h.date == s.latest_day) tv.values[static_cast<std::size_t>(std::stoi(h.hour))] = static_cast<double>(h.packets);
  last.series.push_back(std::move(lv));
  today.series.push_back(std::move(tv));
  o += RenderBarChart(last);
  o += RenderBarChart(today);
}

// A top-N list as its heading and a horizontal bar chart, one bar per item
// labelled by `label(item)`.
template <class Item, class Label>
void TopChart(std::string& o, std::string_view title, const std::vector<Item>& items, Label label) {
  o += "<h2>" + std::string(title) + "</h2>\n";
  BarChart c;
  c.title = std::string(title);
  c.subtitle = "refused packets in the days kept";
  c.direction = BarChart::Direction::kHorizontal;
  BarSeries v{"packets", "", {}};
  for (const auto& item : items) {
    c.labels.push_back(label(item));
    v.values.push_back(static_cast<double>(item.packets));
  }
  c.series.push_back(std::move(v));
  o += RenderBarChart(c);
}

void PortsSection(std::string& o, const Summary& s) {
  TopChart(o, "Top destination ports", s.ports, [](const SummaryPort& p) { return PortName(p); });
  // "probed for" is blank where the purposes table has no entry (the
  // purpose is then the service, already in the row).
  o += "<table><tr><th>port</th><th>proto</th><th>service</th><th>probed for</th><th class=\"n\">packets</th></tr>\n";
  for (const auto& p : s.ports)
    o += "<tr><td>" + Esc(p.port.empty() ? "-" : p.port) + "</td><td>" + Esc(p.proto) + "</td><td>" + Esc(p.service) +
         "</td><td>" + Esc(p.purpose == p.service ? "" : p.purpose) + "</td><td class=\"n\">" + N(p.packets) +
         "</td></tr>\n";
  o += "</table>\n";
}

void CountriesSection(std::string& o, const Summary& s) {
  TopChart(o, "Top source countries", s.countries, [](const SummaryCountry& k) { return CountryLabel(k); });
}

void RangesSection(std::string& o, const Summary& s) {
  o += "<h2>Watched ranges</h2>\n";
  if (s.ranges.empty()) {
    o += "<p>No packet from a watched range yet.</p>\n";
    return;
  }
  BarChart c;
  c.title = "Watched ranges by day";
  c.subtitle = "refused packets from each catalog range";
  c.axis_label = "day (" + s.time_zone + ")";
  c.labels = Dates(s);
  // The ranges with most packets in the charted days, the rest as one.
  std::vector<std::pair<double, std::size_t>> order;
  for (std::size_t i = 0; i < s.ranges.size(); ++i) {
    double sum = 0;
    for (const double v : ChartDays(s, s.ranges[i].days)) sum += v;
    order.emplace_back(sum, i);
  }
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  BarSeries rest{"other ranges", "", std::vector<double>(c.labels.size(), 0)};
  for (std::size_t k = 0; k < order.size(); ++k) {
    std::vector<double> days = ChartDays(s, s.ranges[order[k].second].days);
    days.resize(c.labels.size(), 0);
    if (k < kChartRanges) {
      c.series.push_back({s.ranges[order[k].second].name, "", std::move(days)});
    } else {
      for (std::size_t i = 0; i < days.size(); ++i) rest.values[i] += days[i];
    }
  }
  if (order.size() > kChartRanges) c.series.push_back(std::move(rest));
  o += RenderBarChart(c);
  o += "<table><tr><th>range</th><th class=\"n\">packets</th><th>ports probed</th><th>first seen</th>"
       "<th>last seen</th></tr>\n";
  for (const auto& r : s.ranges) {
    std::string ports;
    for (std::size_t i = 0; i < r.ports.size() && i < 8; ++i) {
      if (i > 0) ports += ", ";
      ports += PortName(r.ports[i]) + " (" + N(r.ports[i].packets) + ")";
    }
    if (r.ports.size() > 8) ports += ", ...";
    o += "<tr><td>" + Esc(r.name) + "</td><td class=\"n\">" + N(r.packets) + "</td><td>" + Esc(ports) + "</td><td>" +
         Esc(r.first_seen) + "</td><td>" + Esc(r.last_seen) + "</td></tr>\n";
  }
  o += "</table>\n";
}

void ScansSection(std::string& o, const Summary& s) {
  o += "<h2>Scan detection</h2>\n";
  if (!s.scans.enabled) {
    o += "<p>Scan detection is off (scan_detection.enabled).</p>\n";
    return;
  }
  o += "<div class=\"figs\">";
  Figure(o, "active scanners", N(s.scans.active));
  Figure(o, "found on " + (s.latest_day.empty() ? std::string("the latest day") : s.latest_day),
         N(s.scans.detected_latest_day));
  Figure(o, "found in the days kept", N(s.scans.detected_days_kept));
  o += "</div>\n";
  if (s.scans.top_sources_enabled && !s.scans.top_sources.empty()) {
    o += "<table><tr><th>source</th><th>range</th><th>country</th><th class=\"n\">packets</th></tr>\n";
    for (const auto& t : s.scans.top_sources)
      o += "<tr><td>" + Esc(t.address) + "</td><td>" + Esc(t.range) + "</td><td>" + Esc(t.country) +
           "</td><td class=\"n\">" + N(t.packets) + "</td></tr>\n";
    o += "</table>\n";
  }
}

void InputsSection(std::string& o, const Summary& s) {
  o += "<h2>Inputs</h2>\n<table><tr><th>input</th><th>source</th><th class=\"n\">lines</th>"
       "<th class=\"n\">unmatched</th><th>invalid</th><th>last event</th></tr>\n";
  for (const auto& in : s.inputs) {
    std::string invalid;
    for (const auto& [reason, n] : in.invalid) {
      if (!invalid.empty()) invalid += ", ";
      invalid += reason + " " + N(n);
    }
    o += "<tr><td>" + Esc(in.name) + "</td><td>" + Esc(in.kind + " " + in.source) + "</td><td class=\"n\">" +
         N(in.lines) + "</td><td class=\"n\">" + N(in.unmatched) + "</td><td>" + Esc(invalid.empty() ? "-" : invalid) +
         "</td><td>" + Esc(in.last_event.empty() ? "none yet" : in.last_event) + "</td></tr>\n";
  }
  o += "</table>\n";
}

}  // namespace

std::string RenderSummaryPage(const Summary& s) {
  std::string o;
  o.reserve(64 * 1024);
  o += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
       "<meta http-equiv=\"refresh\" content=\"60\"><title>fwlog_exporter</title><style>";
  o += kCss;
  o += "</style></head><body>\n<h1>Who knocks: fwlog_exporter</h1>\n<p class=\"meta\">Refused packets (drop and "
       "reject) by event time, in " +
       Esc(s.time_zone) + "; page made " + Esc(s.generated_at) + ", it refreshes every minute. <a href=\"" +
       Esc(s.telemetry_path) + "\">Metrics</a> &middot; <a href=\"/api/summary\">JSON</a></p>\n";
  if (!s.warnings.empty()) {
    o += "<div class=\"warn\"><b>Warnings</b><ul>";
    for (const auto& w : s.warnings) o += "<li>" + Esc(w) + "</li>";
    o += "</ul></div>\n";
  }
  o += "<div class=\"figs\">";
  Figure(o, "refused packets, " + std::to_string(s.days.size()) + " days", N(s.packets));
  Figure(o, "on " + (s.latest_day.empty() ? std::string("the latest day") : s.latest_day),
         N(s.days.empty() ? 0 : s.days.back().packets));
  Figure(o, "watched ranges seen", std::to_string(s.ranges.size()));
  Figure(o, "packets of other verdicts (not shown)", N(s.other_verdict_packets));
  o += "</div>\n";
  if (s.empty) o += "<p>No refused packet counted yet.</p>\n";
  DaysSection(o, s);
  HoursSection(o, s);
  PortsSection(o, s);
  CountriesSection(o, s);
  RangesSection(o, s);
  ScansSection(o, s);
  InputsSection(o, s);
  o += "<p class=\"meta\">History kept in memory and in the state file: " + std::to_string(s.history.hours_kept) +
       " hours, " + std::to_string(s.history.days_kept) + " days; " + std::to_string(s.history.port_series) + " of " +
       std::to_string(s.history.port_limit) + " port series, " + std::to_string(s.history.country_series) + " of " +
       std::to_string(s.history.country_limit) + " country series; " + N(s.history.memory_bytes / 1024) +
       " KiB.</p>\n</body></html>\n";
  return o;
}

}  // namespace fwlog
