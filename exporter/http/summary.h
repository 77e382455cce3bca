// Summary: what the page at `/` and GET /api/summary show (docs/page.md),
// as plain values: refused packets by day and hour from the event history,
// the top ports and countries, the watched ranges, scan detection and the
// inputs' health. The app makes one per request (app/summary_source.h);
// RenderSummaryPage and RenderSummaryJson turn it into HTML and JSON.
//
// Dates and times are text in the configured time zone, made by the app: the
// HTTP stage knows no zones. Per-day series (`days` of a port, country or
// range) have one count per entry of Summary::days, in the same order.
// Source addresses appear only in `scans.top_sources`, which the app fills
// only when scan_detection.top_sources is on.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fwlog {

struct SummaryDay {
  std::string date;  // YYYY-MM-DD
  std::uint64_t packets = 0;
};

struct SummaryHour {
  std::string date;  // YYYY-MM-DD
  std::string hour;  // 00..23
  std::uint64_t packets = 0;
};

struct SummaryPort {
  std::string proto;
  std::string port;  // empty: a protocol without ports, or "other" past the cap
  std::string service;
  // What internet scanners commonly probe it for (the purposes table,
  // enrich/port_purposes.h), else the service: the event field `purpose`.
  std::string purpose;
  std::uint64_t packets = 0;
  std::vector<std::uint64_t> days;  // as Summary::days (empty for a range's ports)
};

struct SummaryCountry {
  std::string code;  // ISO 3166-1 alpha-2, or private, unknown, other
  std::string name;  // empty when not known
  std::uint64_t packets = 0;
  std::vector<std::uint64_t> days;
};

struct SummaryRange {
  std::string name;
  std::string description;
  std::uint64_t packets = 0;          // in the days kept
  std::string first_seen, last_seen;  // RFC 3339; empty: never
  std::vector<SummaryPort> ports;     // destinations probed, most packets first
  std::vector<std::uint64_t> days;
};

struct SummaryInput {
  std::string name;
  std::string kind;    // file, syslog, stdin
  std::string source;  // the path or glob, the listen address, "-"
  std::uint64_t lines = 0, unmatched = 0, duplicate = 0;
  std::vector<std::pair<std::string, std::uint64_t>> invalid;  // reason -> lines (non-zero ones)
  std::vector<std::pair<std::string, std::uint64_t>> errors;   // reason -> failed looks (file inputs)
  std::string last_event;                                      // RFC 3339; empty: none yet
  int files_open = -1;                                         // file inputs; -1 otherwise
};

struct SummaryTopSource {
  std::string address, range, country;
  std::uint64_t packets = 0;
};

struct SummaryScans {
  bool enabled = false;
  std::uint64_t active = 0;
  std::uint64_t detected_latest_day = 0;  // found on Summary::latest_day
  std::uint64_t detected_days_kept = 0;   // found in the days kept
  bool top_sources_enabled = false;
  std::vector<SummaryTopSource> top_sources;  // only with top_sources on
};

struct SummaryHistory {
  int hours_kept = 0, days_kept = 0;
  std::size_t port_series = 0, port_limit = 0, country_series = 0, country_limit = 0, range_limit = 0;
  std::size_t memory_bytes = 0;
  std::uint64_t future_packets = 0;
};

struct Summary {
  std::string generated_at;  // RFC 3339, the configured zone
  std::string time_zone;     // its name
  std::string telemetry_path = "/metrics";
  bool empty = true;               // no packet counted yet
  std::string latest_hour;         // RFC 3339 start of the newest hour counted
  std::string latest_day;          // its date
  std::vector<SummaryDay> days;    // the first day with packets (at least 14 days back) .. latest_day
  std::vector<SummaryHour> hours;  // the hours kept, oldest first, ending at latest_hour
  std::uint64_t packets = 0;       // in `days`
  std::vector<SummaryPort> ports;  // most packets first
  std::vector<SummaryCountry> countries;
  std::vector<SummaryRange> ranges;  // the last seen first
  SummaryScans scans;
  std::vector<SummaryInput> inputs;
  // Packets counted in fwlog_packets_total with a verdict other than drop or
  // reject (accept, unknown): not in the history.
  std::uint64_t other_verdict_packets = 0;
  std::vector<std::string> warnings;  // plain sentences
  SummaryHistory history;
};

// The page: HTML with inline CSS and SVG charts (http/svg_chart.h), no
// script, refreshing itself every minute.
std::string RenderSummaryPage(const Summary& summary);
// GET /api/summary's body (docs/page.md lists the fields).
std::string RenderSummaryJson(const Summary& summary);

}  // namespace fwlog
