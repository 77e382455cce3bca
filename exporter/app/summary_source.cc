#include "app/summary_source.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <utility>

#include "absl/time/civil_time.h"
#include "core/own_metrics.h"
#include "enrich/country/country_names.h"
#include "enrich/port_purposes.h"

namespace fwlog {
namespace {

std::string DateOf(std::int64_t day) { return absl::FormatCivilTime(absl::CivilDay(1970, 1, 1) + day); }

std::string Rfc3339(std::int64_t unix_seconds, absl::TimeZone zone) {
  if (unix_seconds == 0) return "";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", absl::FromUnixSeconds(unix_seconds), zone);
}

// The per-day counts of `days` (EventHistory::kDays, ending at the newest
// day) for the last `n` days.
std::vector<std::uint64_t> LastDays(const std::vector<std::uint32_t>& days, std::size_t n) {
  n = std::min(n, days.size());
  return {days.end() - static_cast<std::ptrdiff_t>(n), days.end()};
}

std::string Label(const prometheus::ClientMetric& m, const std::string& name) {
  for (const auto& l : m.label)
    if (l.name == name) return l.value;
  return "";
}

const char* KindName(InputKind kind) {
  switch (kind) {
    case InputKind::kFile:
      return "file";
    case InputKind::kSyslog:
      return "syslog";
    case InputKind::kStdin:
      return "stdin";
  }
  return "file";
}

// Inputs' health and the registry's other figures, from one collection.
void ReadRegistry(prometheus::Registry& registry, absl::TimeZone zone, Summary& out) {
  std::map<std::string, SummaryInput*> by_name;
  for (auto& in : out.inputs) by_name[in.name] = &in;
  auto input = [&](const prometheus::ClientMetric& m) -> SummaryInput* {
    const auto it = by_name.find(Label(m, "input"));
    return it == by_name.end() ? nullptr : it->second;
  };
  for (const auto& family : registry.Collect()) {
    const std::string& name = family.name;
    for (const auto& m : family.metric) {
      const double counter = m.counter.value;
      if (name == own_metrics::kScannersActive) {
        out.scans.active += static_cast<std::uint64_t>(m.gauge.value);
      } else if (name == "fwlog_packets_total") {
        const std::string action = Label(m, "action");
        if (action != "drop" && action != "reject") out.other_verdict_packets += static_cast<std::uint64_t>(counter);
      } else if (name == own_metrics::kScanTopSourcePackets) {
        out.scans.top_sources.push_back(
            {Label(m, "src"), Label(m, "range"), Label(m, "country"), static_cast<std::uint64_t>(m.gauge.value)});
      } else if (SummaryInput* in = input(m)) {
        if (name == own_metrics::kInputLines) {
          in->lines = static_cast<std::uint64_t>(counter);
        } else if (name == own_metrics::kLinesUnmatched) {
          in->unmatched = static_cast<std::uint64_t>(counter);
        } else if (name == own_metrics::kLinesDuplicate) {
          in->duplicate = static_cast<std::uint64_t>(counter);
        } else if (name == own_metrics::kLinesInvalid && counter > 0) {
          in->invalid.emplace_back(Label(m, "reason"), static_cast<std::uint64_t>(counter));
        } else if (name == own_metrics::kInputErrors && counter > 0) {
          in->errors.emplace_back(Label(m, "reason"), static_cast<std::uint64_t>(counter));
        } else if (name == own_metrics::kLastEventTimestamp && m.gauge.value > 0) {
          in->last_event = Rfc3339(static_cast<std::int64_t>(m.gauge.value), zone);
        } else if (name == own_metrics::kInputFiles) {
          in->files_open = static_cast<int>(m.gauge.value);
        }
      }
    }
  }
  std::sort(out.scans.top_sources.begin(), out.scans.top_sources.end(),
            [](const SummaryTopSource& a, const SummaryTopSource& b) { return a.packets > b.packets; });
}

void Warn(Summary& out) {
  for (const auto& in : out.inputs) {
    if (in.lines == 0) out.warnings.push_back("Input \"" + in.name + "\" (" + in.source + ") has not read a line yet.");
    for (const auto& [reason, n] : in.errors)
      out.warnings.push_back("Input \"" + in.name + "\" cannot read " + in.source + " (" + reason + ", " +
                             std::to_string(n) + " failed tries): check the path and its permissions.");
    if (in.lines > 0 && in.unmatched == in.lines)
      out.warnings.push_back("Input \"" + in.name + "\" recognised none of its " + std::to_string(in.lines) +
                             " lines: check its format.");
  }
  if (out.history.future_packets > 0)
    out.warnings.push_back(std::to_string(out.history.future_packets) +
                           " packets were stamped more than a day ahead of the clock and left out of the history "
                           "(a wrong clock, zone or year?).");
}

}  // namespace

SummarySource::SummarySource(std::shared_ptr<EventHistory> history, std::string telemetry_path)
    : history_(std::move(history)), telemetry_path_(std::move(telemetry_path)) {}

void SummarySource::Use(const Config& config, absl::TimeZone zone, std::shared_ptr<prometheus::Registry> registry) {
  auto c = std::make_shared<Current>();
  c->zone = zone;
  c->zone_name = zone.name();
  c->inputs = config.inputs;
  c->scans = config.scan_detection.enabled;
  c->top_sources = config.scan_detection.top_sources > 0;
  c->registry = std::move(registry);
  // A table that does not load leaves every purpose its service; the
  // pipeline refuses such a configuration before it is ever used here.
  if (!config.purposes_file.empty()) {
    if (const auto purposes = LoadPortPurposes(config.purposes_file); purposes.ok()) {
      for (const auto& p : *purposes) c->purposes[p.protocol + "/" + std::to_string(p.port)] = p.purpose;
    }
  }
  std::lock_guard lock(mu_);
  current_ = std::move(c);
}

Summary SummarySource::Make() const {
  std::shared_ptr<const Current> c;
  {
    std::lock_guard lock(mu_);
    c = current_;
  }
  Summary out;
  out.telemetry_path = telemetry_path_;
  const absl::TimeZone zone = c ? c->zone : absl::UTCTimeZone();
  out.time_zone = c ? c->zone_name : "UTC";
  out.generated_at = Rfc3339(std::time(nullptr), zone);

  const EventHistory::Data d = history_->Read(kTop);
  out.empty = d.empty;
  out.history = {EventHistory::kHours,      EventHistory::kDays,     d.port_series,
                 history_->limits().ports,  d.country_series,        history_->limits().countries,
                 history_->limits().ranges, history_->MemoryBytes(), d.future_packets};
  const std::int64_t newest_day = HistoryDay(d.newest_hour);
  if (!d.empty) {
    out.latest_day = DateOf(newest_day);
    const absl::CivilHour hour = absl::CivilHour(1970, 1, 1, 0) + d.newest_hour;
    out.latest_hour = absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", absl::FromCivil(hour, zone), zone);
    // From the first day with packets, at least kMinDays back.
    std::size_t n = kMinDays;
    for (std::size_t i = 0; i < d.total.days.size(); ++i) {
      if (d.total.days[i] != 0) {
        n = std::max(n, d.total.days.size() - i);
        break;
      }
    }
    for (std::size_t i = d.total.days.size() - n; i < d.total.days.size(); ++i) {
      const std::int64_t day = newest_day - static_cast<std::int64_t>(d.total.days.size() - 1 - i);
      out.days.push_back({DateOf(day), d.total.days[i]});
      out.packets += d.total.days[i];
    }
    for (std::size_t i = 0; i < d.total.hours.size(); ++i) {
      const absl::CivilHour h =
          absl::CivilHour(1970, 1, 1, 0) + (d.newest_hour - static_cast<std::int64_t>(d.total.hours.size() - 1 - i));
      char hh[3] = {static_cast<char>('0' + h.hour() / 10), static_cast<char>('0' + h.hour() % 10), 0};
      out.hours.push_back({absl::FormatCivilTime(absl::CivilDay(h)), hh, d.total.hours[i]});
    }
    // The contract's `purpose`: the table's entry, else the service.
    const auto purpose = [&c](const std::string& proto, const std::string& port, const std::string& service) {
      if (c && !port.empty()) {
        if (const auto it = c->purposes.find(proto + "/" + port); it != c->purposes.end()) return it->second;
      }
      return service;
    };
    for (const auto& p : d.ports) {
      SummaryPort port;
      const auto slash = p.key.find('/');
      port.proto = p.key.substr(0, slash);
      if (slash != std::string::npos) port.port = p.key.substr(slash + 1);
      port.service = p.service;
      port.purpose = purpose(port.proto, port.port, port.service);
      port.packets = p.packets;
      port.days = LastDays(p.days, n);
      out.ports.push_back(std::move(port));
    }
    for (const auto& s : d.countries)
      out.countries.push_back({s.key, std::string(CountryName(s.key)), s.packets, LastDays(s.days, n)});
    for (const auto& r : d.ranges) {
      SummaryRange range;
      range.name = r.key;
      range.packets = r.packets;
      range.first_seen = Rfc3339(r.first_seen, zone);
      range.last_seen = Rfc3339(r.last_seen, zone);
      for (const auto& p : r.ports)
        range.ports.push_back({p.proto, p.port, p.service, purpose(p.proto, p.port, p.service), p.packets, {}});
      range.days = LastDays(r.days, n);
      out.ranges.push_back(std::move(range));
    }
    out.scans.detected_latest_day = d.scanners.days.back();
    out.scans.detected_days_kept = d.scanners.packets;
  }
  if (c) {
    out.scans.enabled = c->scans;
    out.scans.top_sources_enabled = c->top_sources;
    for (const auto& spec : c->inputs) {
      SummaryInput in;
      in.name = spec.name;
      in.kind = KindName(spec.kind);
      in.source = spec.kind == InputKind::kFile     ? spec.path
                  : spec.kind == InputKind::kSyslog ? spec.syslog.listen
                                                    : "-";
      out.inputs.push_back(std::move(in));
    }
    if (c->registry) ReadRegistry(*c->registry, zone, out);
  }
  // Source addresses only with top_sources on (privacy, as for the metrics).
  if (!out.scans.top_sources_enabled) out.scans.top_sources.clear();
  Warn(out);
  return out;
}

}  // namespace fwlog
