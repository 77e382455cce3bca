// RenderSummaryJson: GET /api/summary's body (http/summary.h; the fields are
// listed in docs/page.md).
#include <cstdio>
#include <string>
#include <vector>

#include "http/summary.h"

namespace fwlog {
namespace {

// A JSON string: '"', '\' and control bytes escaped; other bytes as they
// are (the values are UTF-8 or ASCII).
std::string Str(std::string_view s) {
  std::string o = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        o += "\\\"";
        break;
      case '\\':
        o += "\\\\";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          o += buf;
        } else {
          o += c;
        }
    }
  }
  return o + "\"";
}

std::string Num(std::uint64_t v) { return std::to_string(v); }

std::string Counts(const std::vector<std::uint64_t>& v) {
  std::string o = "[";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i > 0) o += ',';
    o += Num(v[i]);
  }
  return o + "]";
}

std::string Port(const SummaryPort& p, bool days) {
  std::string o = "{\"proto\":" + Str(p.proto) + ",\"port\":" + (p.port.empty() ? "null" : Str(p.port)) +
                  ",\"service\":" + Str(p.service) + ",\"purpose\":" + Str(p.purpose) +
                  ",\"packets\":" + Num(p.packets);
  if (days) o += ",\"days\":" + Counts(p.days);
  return o + "}";
}

template <typename T, typename F>
std::string List(const std::vector<T>& items, F each) {
  std::string o = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    o += i > 0 ? ",\n" : "\n";
    o += each(items[i]);
  }
  return o + "]";
}

std::string Pairs(const std::vector<std::pair<std::string, std::uint64_t>>& v) {
  std::string o = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i > 0) o += ',';
    o += Str(v[i].first) + ":" + Num(v[i].second);
  }
  return o + "}";
}

}  // namespace

std::string RenderSummaryJson(const Summary& s) {
  std::string o = "{\"generated_at\":" + Str(s.generated_at) + ",\"time_zone\":" + Str(s.time_zone) +
                  ",\"empty\":" + (s.empty ? "true" : "false") + ",\"latest_day\":" + Str(s.latest_day) +
                  ",\"latest_hour\":" + Str(s.latest_hour) + ",\"packets\":" + Num(s.packets) +
                  ",\"other_verdict_packets\":" + Num(s.other_verdict_packets) + ",\n\"days\":";
  o += List(s.days,
            [](const SummaryDay& d) { return "{\"date\":" + Str(d.date) + ",\"packets\":" + Num(d.packets) + "}"; });
  o += ",\n\"hours\":";
  o += List(s.hours, [](const SummaryHour& h) {
    return "{\"date\":" + Str(h.date) + ",\"hour\":" + Str(h.hour) + ",\"packets\":" + Num(h.packets) + "}";
  });
  o += ",\n\"ports\":";
  o += List(s.ports, [](const SummaryPort& p) { return Port(p, true); });
  o += ",\n\"countries\":";
  o += List(s.countries, [](const SummaryCountry& c) {
    return "{\"code\":" + Str(c.code) + ",\"name\":" + Str(c.name) + ",\"packets\":" + Num(c.packets) +
           ",\"days\":" + Counts(c.days) + "}";
  });
  o += ",\n\"ranges\":";
  o += List(s.ranges, [](const SummaryRange& r) {
    std::string ports = "[";
    for (std::size_t i = 0; i < r.ports.size(); ++i) {
      if (i > 0) ports += ',';
      ports += Port(r.ports[i], false);
    }
    return "{\"name\":" + Str(r.name) + ",\"packets\":" + Num(r.packets) +
           ",\"first_seen\":" + (r.first_seen.empty() ? "null" : Str(r.first_seen)) +
           ",\"last_seen\":" + (r.last_seen.empty() ? "null" : Str(r.last_seen)) + ",\"ports\":" + ports +
           "],\"days\":" + Counts(r.days) + "}";
  });
  o += ",\n\"scans\":{\"enabled\":" + std::string(s.scans.enabled ? "true" : "false") +
       ",\"active\":" + Num(s.scans.active) + ",\"detected_latest_day\":" + Num(s.scans.detected_latest_day) +
       ",\"detected_days_kept\":" + Num(s.scans.detected_days_kept);
  if (s.scans.top_sources_enabled) {
    o += ",\"top_sources\":";
    o += List(s.scans.top_sources, [](const SummaryTopSource& t) {
      return "{\"address\":" + Str(t.address) + ",\"range\":" + Str(t.range) + ",\"country\":" + Str(t.country) +
             ",\"packets\":" + Num(t.packets) + "}";
    });
  }
  o += "},\n\"inputs\":";
  o += List(s.inputs, [](const SummaryInput& in) {
    return "{\"name\":" + Str(in.name) + ",\"kind\":" + Str(in.kind) + ",\"source\":" + Str(in.source) +
           ",\"lines\":" + Num(in.lines) + ",\"unmatched\":" + Num(in.unmatched) +
           ",\"duplicate\":" + Num(in.duplicate) + ",\"invalid\":" + Pairs(in.invalid) +
           ",\"errors\":" + Pairs(in.errors) +
           ",\"last_event\":" + (in.last_event.empty() ? "null" : Str(in.last_event)) +
           ",\"files_open\":" + (in.files_open < 0 ? "null" : std::to_string(in.files_open)) + "}";
  });
  o += ",\n\"warnings\":";
  o += List(s.warnings, [](const std::string& w) { return Str(w); });
  const auto& h = s.history;
  o += ",\n\"history\":{\"hours_kept\":" + std::to_string(h.hours_kept) +
       ",\"days_kept\":" + std::to_string(h.days_kept) + ",\"port_series\":" + Num(h.port_series) +
       ",\"port_limit\":" + Num(h.port_limit) + ",\"country_series\":" + Num(h.country_series) +
       ",\"country_limit\":" + Num(h.country_limit) + ",\"range_limit\":" + Num(h.range_limit) +
       ",\"memory_bytes\":" + Num(h.memory_bytes) + ",\"future_packets\":" + Num(h.future_packets) + "}}\n";
  return o;
}

}  // namespace fwlog
