#include "app/report.h"

#include <prometheus/registry.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <unordered_map>

#include "absl/time/time.h"
#include "app/config_source.h"
#include "app/pipeline.h"
#include "input/input_runner.h"

namespace fwlog {
namespace {

struct Row {
  std::int64_t first_time = 0;
  std::string date, hour, src, port, proto, service;
  std::uint64_t count = 0;
};

struct PortKey {
  std::string port, proto, service;
  std::uint64_t count = 0;
};

struct Data {
  std::vector<Row> rows;
  std::unordered_map<std::string, std::size_t> row_index;
  std::map<std::string, std::uint64_t> days;  // date -> packets
  std::array<std::uint64_t, 24> hours{};
  std::vector<PortKey> ports;
  std::unordered_map<std::string, std::size_t> port_index;
  std::map<std::string, std::uint64_t> countries;
  std::uint64_t total = 0;
};

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Json(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string Xml(const std::string& s) {
  std::string out;
  for (const char c : s) {
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

std::string PortLabel(const PortKey& p) { return p.port + "/" + p.proto + (p.service.empty() ? "" : " " + p.service); }

std::vector<PortKey> SortedPorts(const Data& d) {
  auto ports = d.ports;
  std::stable_sort(ports.begin(), ports.end(), [](const PortKey& a, const PortKey& b) { return a.count > b.count; });
  return ports;
}

std::vector<std::pair<std::string, std::uint64_t>> SortedCountries(const Data& d) {
  std::vector<std::pair<std::string, std::uint64_t>> out(d.countries.begin(), d.countries.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

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
  return {std::ceil(max / step) * step, step};
}

std::string Number(double v) {
  char buf[32];
  if (v == std::floor(v)) {
    // Thousands separated by a thin space for readability.
    std::string s = std::to_string(static_cast<long long>(v)), out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (i > 0 && (s.size() - i) % 3 == 0) out += ",";
      out += s[i];
    }
    return out;
  }
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

const char* kSvgStyle =
    "<style>text{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;fill:#333}"
    ".title{font-size:18px;font-weight:bold}.sub{font-size:12px;fill:#666}.tick{font-size:11px;fill:#666}"
    ".label{font-size:12px}.value{font-size:11px;fill:#444}.grid{stroke:#e3e3e3;stroke-width:1}"
    ".axis{stroke:#999;stroke-width:1}.bar{fill:#3274d9}.bar:hover{fill:#1f5bb5}</style>\n";

// Vertical bars, one per label (hours of the day).
std::string VerticalBars(const std::string& title, const std::string& subtitle, const std::vector<std::string>& labels,
                         const std::vector<double>& values, const std::string& axis_label) {
  const int width = 860, height = 420, left = 70, right = 20, top = 70, bottom = 60;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  const auto [max, step] = NiceAxis(values.empty() ? 0 : *std::max_element(values.begin(), values.end()));
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height << "\" viewBox=\"0 0 "
    << width << " " << height << "\" role=\"img\">\n"
    << "<title>" << Xml(title) << "</title>\n"
    << kSvgStyle << "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
    << "<text class=\"title\" x=\"" << left << "\" y=\"30\">" << Xml(title) << "</text>\n"
    << "<text class=\"sub\" x=\"" << left << "\" y=\"50\">" << Xml(subtitle) << "</text>\n";
  for (double v = 0; v <= max + step / 2; v += step) {
    const double y = top + plot_h - v / max * plot_h;
    o << "<line class=\"grid\" x1=\"" << left << "\" x2=\"" << width - right << "\" y1=\"" << y << "\" y2=\"" << y
      << "\"/><text class=\"tick\" x=\"" << left - 8 << "\" y=\"" << y + 4 << "\" text-anchor=\"end\">" << Number(v)
      << "</text>\n";
  }
  const double slot = plot_w / std::max<std::size_t>(labels.size(), 1);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const double h = values[i] / max * plot_h;
    const double x = left + i * slot + slot * 0.12;
    o << "<rect class=\"bar\" x=\"" << x << "\" y=\"" << top + plot_h - h << "\" width=\"" << slot * 0.76
      << "\" height=\"" << h << "\"><title>" << Xml(labels[i]) << ": " << Number(values[i]) << "</title></rect>\n"
      << "<text class=\"tick\" x=\"" << left + (i + 0.5) * slot << "\" y=\"" << top + plot_h + 16
      << "\" text-anchor=\"middle\">" << Xml(labels[i]) << "</text>\n";
  }
  o << "<line class=\"axis\" x1=\"" << left << "\" x2=\"" << width - right << "\" y1=\"" << top + plot_h << "\" y2=\""
    << top + plot_h << "\"/>\n"
    << "<text class=\"label\" x=\"" << left + plot_w / 2 << "\" y=\"" << height - 15 << "\" text-anchor=\"middle\">"
    << Xml(axis_label) << "</text>\n</svg>\n";
  return o.str();
}

// Horizontal bars, largest first (top ports, top countries).
std::string HorizontalBars(const std::string& title, const std::string& subtitle,
                           const std::vector<std::string>& labels, const std::vector<double>& values) {
  const int width = 860, left = 190, right = 90, top = 70, bar = 24, gap = 8;
  const int height = top + static_cast<int>(labels.size()) * (bar + gap) + 40;
  const double plot_w = width - left - right;
  const auto [max, step] = NiceAxis(values.empty() ? 0 : *std::max_element(values.begin(), values.end()));
  const int plot_bottom = top + static_cast<int>(labels.size()) * (bar + gap);
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height << "\" viewBox=\"0 0 "
    << width << " " << height << "\" role=\"img\">\n"
    << "<title>" << Xml(title) << "</title>\n"
    << kSvgStyle << "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
    << "<text class=\"title\" x=\"20\" y=\"30\">" << Xml(title) << "</text>\n"
    << "<text class=\"sub\" x=\"20\" y=\"50\">" << Xml(subtitle) << "</text>\n";
  for (double v = 0; v <= max + step / 2; v += step) {
    const double x = left + v / max * plot_w;
    o << "<line class=\"grid\" x1=\"" << x << "\" x2=\"" << x << "\" y1=\"" << top - 4 << "\" y2=\"" << plot_bottom
      << "\"/><text class=\"tick\" x=\"" << x << "\" y=\"" << plot_bottom + 16 << "\" text-anchor=\"middle\">"
      << Number(v) << "</text>\n";
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const int y = top + static_cast<int>(i) * (bar + gap);
    const double w = values[i] / max * plot_w;
    o << "<text class=\"label\" x=\"" << left - 10 << "\" y=\"" << y + bar / 2 + 4 << "\" text-anchor=\"end\">"
      << Xml(labels[i]) << "</text>\n"
      << "<rect class=\"bar\" x=\"" << left << "\" y=\"" << y << "\" width=\"" << w << "\" height=\"" << bar
      << "\"><title>" << Xml(labels[i]) << ": " << Number(values[i]) << "</title></rect>\n"
      << "<text class=\"value\" x=\"" << left + w + 6 << "\" y=\"" << y + bar / 2 + 4 << "\">" << Number(values[i])
      << "</text>\n";
  }
  o << "<line class=\"axis\" x1=\"" << left << "\" x2=\"" << left << "\" y1=\"" << top - 4 << "\" y2=\"" << plot_bottom
    << "\"/>\n</svg>\n";
  return o.str();
}

bool WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

std::string Period(const Data& d) {
  if (d.days.empty()) return "no packets";
  return d.days.begin()->first + " to " + d.days.rbegin()->first + ", " + std::to_string(d.days.size()) +
         " days with packets, " + Number(static_cast<double>(d.total)) + " packets";
}

void WriteCharts(const Data& d, const ReportOptions& options) {
  std::filesystem::create_directories(options.svg_dir);
  const std::filesystem::path dir(options.svg_dir);
  std::vector<std::string> labels;
  std::vector<double> values;
  const double days = std::max<double>(1, static_cast<double>(d.days.size()));
  for (int h = 0; h < 24; ++h) {
    labels.push_back((h < 10 ? "0" : "") + std::to_string(h));
    values.push_back(static_cast<double>(d.hours[h]) / days);
  }
  WriteFile(dir / "hours.svg", VerticalBars("Attempts by hour of day", "Average packets per day; " + Period(d), labels,
                                            values, "hour of day (configured time zone)"));
  labels.clear();
  values.clear();
  const auto ports = SortedPorts(d);
  for (std::size_t i = 0; i < ports.size() && i < options.top; ++i) {
    labels.push_back(PortLabel(ports[i]));
    values.push_back(static_cast<double>(ports[i].count));
  }
  WriteFile(dir / "ports.svg", HorizontalBars("Top destination ports", "Packets; " + Period(d), labels, values));
  labels.clear();
  values.clear();
  const auto countries = SortedCountries(d);
  for (std::size_t i = 0; i < countries.size() && i < options.top; ++i) {
    labels.push_back(countries[i].first);
    values.push_back(static_cast<double>(countries[i].second));
  }
  WriteFile(dir / "countries.svg", HorizontalBars("Top source countries", "Packets; " + Period(d), labels, values));
}

void PrintText(const Data& d, const ReportOptions& options, std::ostream& out) {
  char buf[256];
  out << "Watched ranges: one row per date, hour, source, port, proto, service\n";
  std::snprintf(buf, sizeof buf, "%-10s  %-4s  %-39s  %5s  %-5s  %-16s  %8s\n", "date", "hour", "source", "port",
                "proto", "service", "packets");
  out << buf;
  for (const auto& r : d.rows) {
    std::snprintf(buf, sizeof buf, "%-10s  %-4s  %-39s  %5s  %-5s  %-16s  %8llu\n", r.date.c_str(), r.hour.c_str(),
                  r.src.c_str(), r.port.c_str(), r.proto.c_str(), r.service.c_str(),
                  static_cast<unsigned long long>(r.count));
    out << buf;
  }
  if (d.rows.empty()) out << "(none)\n";
  out << "\nAll packets: " << Period(d) << "\n\nBy day\n";
  for (const auto& [date, n] : d.days) {
    std::snprintf(buf, sizeof buf, "%-10s  %10llu\n", date.c_str(), static_cast<unsigned long long>(n));
    out << buf;
  }
  const double days = std::max<double>(1, static_cast<double>(d.days.size()));
  out << "\nBy hour of day\nhour     packets  per day\n";
  for (int h = 0; h < 24; ++h) {
    std::snprintf(buf, sizeof buf, "%02d    %10llu  %7.1f\n", h, static_cast<unsigned long long>(d.hours[h]),
                  static_cast<double>(d.hours[h]) / days);
    out << buf;
  }
  out << "\nBy port (top " << options.top << ")\n";
  std::snprintf(buf, sizeof buf, "%5s  %-5s  %-16s  %10s  %7s\n", "port", "proto", "service", "packets", "per day");
  out << buf;
  const auto ports = SortedPorts(d);
  for (std::size_t i = 0; i < ports.size() && i < options.top; ++i) {
    std::snprintf(buf, sizeof buf, "%5s  %-5s  %-16s  %10llu  %7.1f\n", ports[i].port.c_str(), ports[i].proto.c_str(),
                  ports[i].service.c_str(), static_cast<unsigned long long>(ports[i].count),
                  static_cast<double>(ports[i].count) / days);
    out << buf;
  }
  out << "\nBy country (top " << options.top << ")\ncountry     packets  per day\n";
  const auto countries = SortedCountries(d);
  for (std::size_t i = 0; i < countries.size() && i < options.top; ++i) {
    std::snprintf(buf, sizeof buf, "%-8s %10llu  %7.1f\n", countries[i].first.c_str(),
                  static_cast<unsigned long long>(countries[i].second),
                  static_cast<double>(countries[i].second) / days);
    out << buf;
  }
}

void PrintCsv(const Data& d, std::ostream& out) {
  out << "section,date,hour,src,port,proto,service,country,packets\n";
  for (const auto& r : d.rows)
    out << "range," << r.date << "," << r.hour << "," << CsvField(r.src) << "," << r.port << "," << r.proto << ","
        << CsvField(r.service) << ",," << r.count << "\n";
  for (const auto& [date, n] : d.days) out << "day," << date << ",,,,,,," << n << "\n";
  for (int h = 0; h < 24; ++h) out << "hour,," << (h < 10 ? "0" : "") << h << ",,,,,," << d.hours[h] << "\n";
  for (const auto& p : SortedPorts(d))
    out << "port,,,," << p.port << "," << p.proto << "," << CsvField(p.service) << ",," << p.count << "\n";
  for (const auto& [country, n] : SortedCountries(d)) out << "country,,,,,,," << CsvField(country) << "," << n << "\n";
}

void PrintJson(const Data& d, std::ostream& out) {
  out << "{\"range_table\":[";
  for (std::size_t i = 0; i < d.rows.size(); ++i) {
    const auto& r = d.rows[i];
    out << (i ? ",\n" : "\n") << "{\"date\":" << Json(r.date) << ",\"hour\":" << Json(r.hour)
        << ",\"src\":" << Json(r.src) << ",\"port\":" << Json(r.port) << ",\"proto\":" << Json(r.proto)
        << ",\"service\":" << Json(r.service) << ",\"packets\":" << r.count << "}";
  }
  out << "],\n\"days\":[";
  bool first = true;
  for (const auto& [date, n] : d.days) {
    out << (first ? "" : ",") << "{\"date\":" << Json(date) << ",\"packets\":" << n << "}";
    first = false;
  }
  out << "],\n\"hours\":[";
  for (int h = 0; h < 24; ++h) out << (h ? "," : "") << d.hours[h];
  out << "],\n\"ports\":[";
  first = true;
  for (const auto& p : SortedPorts(d)) {
    out << (first ? "" : ",") << "{\"port\":" << Json(p.port) << ",\"proto\":" << Json(p.proto)
        << ",\"service\":" << Json(p.service) << ",\"packets\":" << p.count << "}";
    first = false;
  }
  out << "],\n\"countries\":[";
  first = true;
  for (const auto& [country, n] : SortedCountries(d)) {
    out << (first ? "" : ",") << "{\"country\":" << Json(country) << ",\"packets\":" << n << "}";
    first = false;
  }
  out << "],\n\"packets\":" << d.total << "}\n";
}

std::optional<std::int64_t> DayStart(const std::string& date, const absl::TimeZone& zone) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(date, &day)) return std::nullopt;
  return absl::ToUnixSeconds(absl::FromCivil(day, zone));
}

}  // namespace

int Report(const CommonOptions& common, const ReportOptions& options, const std::vector<std::string>& files) {
  if (options.format != "text" && options.format != "csv" && options.format != "json") {
    std::cerr << "fwlog_exporter: --format must be text, csv or json\n";
    return 2;
  }
  auto config = ReplayConfig(common, "report");
  if (!config.ok()) {
    std::cerr << config.status().message() << "\n";
    return 2;
  }
  config->metrics.clear();
  config->scan_detection.enabled = false;
  auto pipeline = Pipeline::Build(*config, std::make_shared<prometheus::Registry>(), {CurrentBuildInfo(), true});
  if (!pipeline.ok()) {
    std::cerr << pipeline.status().message() << "\n";
    return 2;
  }
  const absl::TimeZone zone = (*pipeline)->zone();
  std::int64_t from = std::numeric_limits<std::int64_t>::min(), to = std::numeric_limits<std::int64_t>::max();
  if (!options.from.empty()) {
    const auto t = DayStart(options.from, zone);
    if (!t) {
      std::cerr << "fwlog_exporter: --from: expected a date YYYY-MM-DD, got \"" << options.from << "\"\n";
      return 2;
    }
    from = *t;
  }
  if (!options.to.empty()) {
    absl::CivilDay day;
    if (!absl::ParseCivilTime(options.to, &day)) {
      std::cerr << "fwlog_exporter: --to: expected a date YYYY-MM-DD, got \"" << options.to << "\"\n";
      return 2;
    }
    to = absl::ToUnixSeconds(absl::FromCivil(day + 1, zone));  // exclusive: the end of that day
  }

  Data d;
  std::string key, date;
  (*pipeline)->SetObserver([&](const LogLine&, const ParseResult& result, const Event& e) {
    if (result.status != ParseResult::Status::kMatched) return;
    if (e.time < from || e.time >= to) return;
    const absl::CivilSecond civil = absl::ToCivilSecond(absl::FromUnixSeconds(e.time), zone);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(civil.year()), civil.month(), civil.day());
    date.assign(buf);
    ++d.total;
    ++d.days[date];
    ++d.hours[static_cast<std::size_t>(civil.hour())];
    key.assign(e.port).append("/").append(e.proto);
    auto [pit, pnew] = d.port_index.try_emplace(key, d.ports.size());
    if (pnew)
      d.ports.push_back({std::string(e.port.empty() ? "-" : e.port), std::string(e.proto), std::string(e.service), 0});
    ++d.ports[pit->second].count;
    ++d.countries[std::string(e.country.empty() ? "unknown" : e.country)];

    const bool watched = options.ranges.empty()
                             ? (e.range != "private" && e.range != "other" && !e.range.empty())
                             : std::find(options.ranges.begin(), options.ranges.end(), e.range) != options.ranges.end();
    if (!watched) return;
    std::snprintf(buf, sizeof buf, "%02d", civil.hour());
    key.assign(date).append(" ").append(buf).append(" ").append(e.src).append(" ").append(e.port).append(" ");
    key.append(e.proto);
    auto [rit, rnew] = d.row_index.try_emplace(key, d.rows.size());
    if (rnew)
      d.rows.push_back({e.time, date, buf, std::string(e.src), std::string(e.port.empty() ? "-" : e.port),
                        std::string(e.proto), std::string(e.service), 0});
    Row& row = d.rows[rit->second];
    row.first_time = std::min(row.first_time, e.time);
    ++row.count;
  });
  if (const auto error = ReadFilesOnce(files, **pipeline, **pipeline); !error.ok()) {
    std::cerr << "fwlog_exporter: " << error.message() << "\n";
    return 1;
  }
  std::stable_sort(d.rows.begin(), d.rows.end(),
                   [](const Row& a, const Row& b) { return a.first_time < b.first_time; });
  if (options.format == "text") PrintText(d, options, std::cout);
  if (options.format == "csv") PrintCsv(d, std::cout);
  if (options.format == "json") PrintJson(d, std::cout);
  if (!options.svg_dir.empty()) {
    try {
      WriteCharts(d, options);
    } catch (const std::filesystem::filesystem_error& e) {
      std::cerr << "fwlog_exporter: --svg: " << e.what() << "\n";
      return 1;
    }
  }
  return 0;
}

}  // namespace fwlog
