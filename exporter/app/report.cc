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
#include "enrich/as_names.h"
#include "enrich/country/country_names.h"
#include "http/svg_chart.h"
#include "input/input_runner.h"

namespace fwlog {
namespace {

struct Row {
  std::int64_t first_time = 0;
  std::string date, hour, range, src, asn, as_org, port, proto, service, purpose;
  std::uint64_t count = 0;
};

struct PortKey {
  std::string port, proto, service, purpose;
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
  // Refused (dropped or rejected) packets by the source's network: (asn, as_org) -> packets.
  std::map<std::pair<std::string, std::string>, std::uint64_t> networks;
  // The watched ranges' packets by day: range -> date -> packets.
  std::map<std::string, std::map<std::string, std::uint64_t>> range_days;
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

// "5555/tcp personal-agent (android-adb)": the purpose only where it says more.
std::string PortLabel(const PortKey& p) {
  std::string label = p.port + "/" + p.proto + (p.service.empty() ? "" : " " + p.service);
  if (!p.purpose.empty() && p.purpose != p.service) label += " (" + p.purpose + ")";
  return label;
}

// "JP Japan"; the code alone when it names no country ("unknown").
std::string CountryLabel(const std::string& code) {
  const std::string_view name = CountryName(code);
  return name.empty() ? code : code + " " + std::string(name);
}

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

// The networks with most refused packets, at most `top`.
std::vector<std::pair<std::pair<std::string, std::string>, std::uint64_t>> TopNetworks(const Data& d, std::size_t top) {
  std::vector<std::pair<std::pair<std::string, std::string>, std::uint64_t>> out(d.networks.begin(), d.networks.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (out.size() > top) out.resize(top);
  return out;
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

// The charts, with the SVG writer the page at `/` uses (http/svg_chart.h).
void WriteCharts(const Data& d, const ReportOptions& options, const std::string& zone) {
  std::filesystem::create_directories(options.svg_dir);
  const std::filesystem::path dir(options.svg_dir);
  const double days = std::max<double>(1, static_cast<double>(d.days.size()));
  BarChart hours;
  hours.title = "Attempts by hour of day";
  hours.subtitle = "Average packets per day; " + Period(d);
  hours.axis_label = "hour of day (" + zone + ")";
  hours.unit = "packets per day";
  BarSeries hv{"packets", "", {}};
  for (int h = 0; h < 24; ++h) {
    hours.labels.push_back(std::string{static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10)});
    hv.values.push_back(static_cast<double>(d.hours[h]) / days);
  }
  hours.series.push_back(std::move(hv));
  WriteFile(dir / "hours.svg", RenderBarChart(hours));

  auto top = [&](const std::string& title, const std::vector<std::pair<std::string, double>>& rows) {
    BarChart c;
    c.title = title;
    c.subtitle = "Packets; " + Period(d);
    c.direction = BarChart::Direction::kHorizontal;
    BarSeries v{"packets", "", {}};
    for (std::size_t i = 0; i < rows.size() && i < options.top; ++i) {
      c.labels.push_back(rows[i].first);
      v.values.push_back(rows[i].second);
    }
    c.series.push_back(std::move(v));
    return RenderBarChart(c);
  };
  std::vector<std::pair<std::string, double>> rows;
  for (const auto& p : SortedPorts(d)) rows.emplace_back(PortLabel(p), static_cast<double>(p.count));
  WriteFile(dir / "ports.svg", top("Top destination ports", rows));
  rows.clear();
  for (const auto& [code, n] : SortedCountries(d)) rows.emplace_back(CountryLabel(code), static_cast<double>(n));
  WriteFile(dir / "countries.svg", top("Top source countries", rows));

  // The watched ranges day by day, one stacked series each, over every day
  // of the report (a day without their packets shows as nothing): the eight
  // with most packets, the rest as one (the shipped catalog names 67), as
  // the page does.
  constexpr std::size_t kChartRanges = 8;
  BarChart ranges;
  ranges.title = "Watched ranges by day";
  ranges.subtitle = "Packets from each watched range; " + Period(d);
  ranges.axis_label = "day (" + zone + ")";
  for (const auto& [date, n] : d.days) ranges.labels.push_back(date);
  std::vector<std::pair<double, BarSeries>> all;
  for (const auto& [range, by_day] : d.range_days) {
    BarSeries series{range, "", {}};
    double total = 0;
    for (const auto& date : ranges.labels) {
      const auto it = by_day.find(date);
      series.values.push_back(it == by_day.end() ? 0 : static_cast<double>(it->second));
      total += series.values.back();
    }
    all.emplace_back(total, std::move(series));
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  BarSeries rest{"other ranges", "", std::vector<double>(ranges.labels.size(), 0)};
  for (std::size_t k = 0; k < all.size(); ++k) {
    if (k < kChartRanges) {
      ranges.series.push_back(std::move(all[k].second));
    } else {
      for (std::size_t i = 0; i < rest.values.size(); ++i) rest.values[i] += all[k].second.values[i];
    }
  }
  if (all.size() > kChartRanges) ranges.series.push_back(std::move(rest));
  WriteFile(dir / "ranges.svg", RenderBarChart(ranges));
}

void PrintText(const Data& d, const ReportOptions& options, const std::string& zone, std::ostream& out) {
  char buf[384];
  out << "Watched ranges: one row per date, hour, range, source (and its AS), port, proto, service (and purpose)\n";
  std::snprintf(buf, sizeof buf, "%-10s  %-4s  %-16s  %-39s  %-10s  %-24s  %5s  %-5s  %-16s  %-18s  %8s\n", "date",
                "hour", "range", "source", "asn", "as_org", "port", "proto", "service", "purpose", "packets");
  out << buf;
  // AS names can be long ("CHINANET-BACKBONE No.31,Jin-rong Street"): cut to
  // the column in text, at a character's start (AsLabelText).
  for (const auto& r : d.rows) {
    std::snprintf(buf, sizeof buf, "%-10s  %-4s  %-16s  %-39s  %-10s  %-24s  %5s  %-5s  %-16s  %-18s  %8llu\n",
                  r.date.c_str(), r.hour.c_str(), r.range.c_str(), r.src.c_str(), r.asn.c_str(),
                  AsLabelText(r.as_org, 24).c_str(), r.port.c_str(), r.proto.c_str(), r.service.c_str(),
                  r.purpose.c_str(), static_cast<unsigned long long>(r.count));
    out << buf;
  }
  if (d.rows.empty()) out << "(none)\n";
  out << "\nAll packets: " << Period(d) << "\n\nBy day\n";
  for (const auto& [date, n] : d.days) {
    std::snprintf(buf, sizeof buf, "%-10s  %10llu\n", date.c_str(), static_cast<unsigned long long>(n));
    out << buf;
  }
  const double days = std::max<double>(1, static_cast<double>(d.days.size()));
  out << "\nBy hour of day (" << zone << ")\nhour     packets  per day\n";
  for (int h = 0; h < 24; ++h) {
    std::snprintf(buf, sizeof buf, "%02d    %10llu  %7.1f\n", h, static_cast<unsigned long long>(d.hours[h]),
                  static_cast<double>(d.hours[h]) / days);
    out << buf;
  }
  out << "\nBy port (top " << options.top << ")\n";
  std::snprintf(buf, sizeof buf, "%5s  %-5s  %-16s  %-18s  %10s  %7s\n", "port", "proto", "service", "purpose",
                "packets", "per day");
  out << buf;
  const auto ports = SortedPorts(d);
  for (std::size_t i = 0; i < ports.size() && i < options.top; ++i) {
    std::snprintf(buf, sizeof buf, "%5s  %-5s  %-16s  %-18s  %10llu  %7.1f\n", ports[i].port.c_str(),
                  ports[i].proto.c_str(), ports[i].service.c_str(), ports[i].purpose.c_str(),
                  static_cast<unsigned long long>(ports[i].count), static_cast<double>(ports[i].count) / days);
    out << buf;
  }
  out << "\nBy country (top " << options.top << ")\ncountry                           packets  per day\n";
  const auto countries = SortedCountries(d);
  for (std::size_t i = 0; i < countries.size() && i < options.top; ++i) {
    std::snprintf(buf, sizeof buf, "%-30s %10llu  %7.1f\n", CountryLabel(countries[i].first).c_str(),
                  static_cast<unsigned long long>(countries[i].second),
                  static_cast<double>(countries[i].second) / days);
    out << buf;
  }
  out << "\nTop networks: refused packets by source AS (top " << options.top << ")\n";
  std::snprintf(buf, sizeof buf, "%-10s  %-40s  %10s  %7s\n", "asn", "as_org", "packets", "per day");
  out << buf;
  for (const auto& [network, n] : TopNetworks(d, options.top)) {
    std::snprintf(buf, sizeof buf, "%-10s  %-40s  %10llu  %7.1f\n", network.first.c_str(),
                  AsLabelText(network.second, 40).c_str(), static_cast<unsigned long long>(n),
                  static_cast<double>(n) / days);
    out << buf;
  }
  if (d.networks.empty()) out << "(none)\n";
}

void PrintCsv(const Data& d, const ReportOptions& options, std::ostream& out) {
  out << "section,date,hour,range,src,asn,as_org,port,proto,service,purpose,country,country_name,packets\n";
  for (const auto& r : d.rows)
    out << "range," << r.date << "," << r.hour << "," << CsvField(r.range) << "," << CsvField(r.src) << ","
        << CsvField(r.asn) << "," << CsvField(r.as_org) << "," << r.port << "," << r.proto << "," << CsvField(r.service)
        << "," << CsvField(r.purpose) << ",,," << r.count << "\n";
  for (const auto& [date, n] : d.days) out << "day," << date << ",,,,,,,,,,,," << n << "\n";
  for (int h = 0; h < 24; ++h) out << "hour,," << (h < 10 ? "0" : "") << h << ",,,,,,,,,,," << d.hours[h] << "\n";
  for (const auto& p : SortedPorts(d))
    out << "port,,,,,,," << p.port << "," << p.proto << "," << CsvField(p.service) << "," << CsvField(p.purpose)
        << ",,," << p.count << "\n";
  for (const auto& [country, n] : SortedCountries(d))
    out << "country,,,,,,,,,,," << CsvField(country) << "," << CsvField(std::string(CountryName(country))) << "," << n
        << "\n";
  for (const auto& [network, n] : TopNetworks(d, options.top))
    out << "network,,,,," << CsvField(network.first) << "," << CsvField(network.second) << ",,,,,,," << n << "\n";
}

void PrintJson(const Data& d, const ReportOptions& options, std::ostream& out) {
  out << "{\"range_table\":[";
  for (std::size_t i = 0; i < d.rows.size(); ++i) {
    const auto& r = d.rows[i];
    out << (i ? ",\n" : "\n") << "{\"date\":" << Json(r.date) << ",\"hour\":" << Json(r.hour)
        << ",\"range\":" << Json(r.range) << ",\"src\":" << Json(r.src) << ",\"asn\":" << Json(r.asn)
        << ",\"as_org\":" << Json(r.as_org) << ",\"port\":" << Json(r.port) << ",\"proto\":" << Json(r.proto)
        << ",\"service\":" << Json(r.service) << ",\"purpose\":" << Json(r.purpose) << ",\"packets\":" << r.count
        << "}";
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
        << ",\"service\":" << Json(p.service) << ",\"purpose\":" << Json(p.purpose) << ",\"packets\":" << p.count
        << "}";
    first = false;
  }
  out << "],\n\"countries\":[";
  first = true;
  for (const auto& [country, n] : SortedCountries(d)) {
    out << (first ? "" : ",") << "{\"country\":" << Json(country)
        << ",\"name\":" << Json(std::string(CountryName(country))) << ",\"packets\":" << n << "}";
    first = false;
  }
  out << "],\n\"networks\":[";
  first = true;
  for (const auto& [network, n] : TopNetworks(d, options.top)) {
    out << (first ? "" : ",") << "{\"asn\":" << Json(network.first) << ",\"as_org\":" << Json(network.second)
        << ",\"packets\":" << n << "}";
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
  // The report shows every source's network (asn, as_org), which the
  // metrics-less pipeline would otherwise not look up.
  Pipeline::Options pipeline_options{CurrentBuildInfo(), true};
  pipeline_options.all_fields = true;
  auto pipeline = Pipeline::Build(*config, std::make_shared<prometheus::Registry>(), pipeline_options);
  if (!pipeline.ok()) {
    std::cerr << pipeline.status().message() << "\n";
    return 2;
  }
  const absl::TimeZone zone = (*pipeline)->zone();
  const std::vector<std::string> known = (*pipeline)->ranges().Names();
  for (const auto& name : options.ranges) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string list;
    for (const auto& k : known) {
      if (!list.empty()) list += ", ";
      list += k;
    }
    std::cerr << "fwlog_exporter: --range: no catalog has a range named \"" << name
              << "\"; the known ranges are: " << (list.empty() ? "(none)" : list) << "\n";
    return 2;
  }
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
      d.ports.push_back({std::string(e.port.empty() ? "-" : e.port), std::string(e.proto), std::string(e.service),
                         std::string(e.purpose), 0});
    ++d.ports[pit->second].count;
    ++d.countries[std::string(e.country.empty() ? "unknown" : e.country)];
    if (e.action == Action::kDrop || e.action == Action::kReject)
      ++d.networks[{std::string(e.asn.empty() ? "unknown" : e.asn),
                    std::string(e.as_org.empty() ? "unknown" : e.as_org)}];

    const bool watched = options.ranges.empty()
                             ? (e.range != "private" && e.range != "other" && !e.range.empty())
                             : std::find(options.ranges.begin(), options.ranges.end(), e.range) != options.ranges.end();
    if (!watched) return;
    std::snprintf(buf, sizeof buf, "%02d", civil.hour());
    key.assign(date).append(" ").append(buf).append(" ").append(e.src).append(" ").append(e.port).append(" ");
    key.append(e.proto);
    auto [rit, rnew] = d.row_index.try_emplace(key, d.rows.size());
    if (rnew)
      d.rows.push_back({e.time, date, buf, std::string(e.range), std::string(e.src), std::string(e.asn),
                        std::string(e.as_org), std::string(e.port.empty() ? "-" : e.port), std::string(e.proto),
                        std::string(e.service), std::string(e.purpose), 0});
    ++d.range_days[std::string(e.range)][date];
    Row& row = d.rows[rit->second];
    row.first_time = std::min(row.first_time, e.time);
    ++row.count;
  });
  if (const auto error = ReadFilesOnce(files, common.year, **pipeline, **pipeline); !error.ok()) {
    std::cerr << "fwlog_exporter: " << error.message() << "\n";
    return 1;
  }
  std::stable_sort(d.rows.begin(), d.rows.end(),
                   [](const Row& a, const Row& b) { return a.first_time < b.first_time; });
  if (options.format == "text") PrintText(d, options, zone.name(), std::cout);
  if (options.format == "csv") PrintCsv(d, options, std::cout);
  if (options.format == "json") PrintJson(d, options, std::cout);
  if (!options.svg_dir.empty()) {
    try {
      WriteCharts(d, options, zone.name());
    } catch (const std::filesystem::filesystem_error& e) {
      std::cerr << "fwlog_exporter: --svg: " << e.what() << "\n";
      return 1;
    }
  }
  return 0;
}

}  // namespace fwlog
