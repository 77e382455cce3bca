// HistoryCheckpoint: the event history (metrics/event_history.h) as the
// state file keeps it, so that a restart keeps the page's days and hours.
// Plain values, written and read by the state stage, made and taken by
// EventHistory.
//
// Hours and days are numbered in the configured time zone's civil time,
// counted from 1970-01-01 (hour 0 is 1970-01-01T00 local, day 0 is
// 1970-01-01): a day number is the hour number divided by 24, rounded down,
// and a date follows from a day number without knowing the zone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fwlog {

struct HistorySeriesCheckpoint {
  // "total", "scanners", "range" (key: the range's name), "port" (key:
  // "tcp/23", "icmp" for a protocol without ports, "other" for ports past
  // the cap) or "country" (key: the code, "private", "unknown", "other").
  std::string kind;
  std::string key;
  // For ports: the service name the port had when first counted.
  std::string service;
  // Event times (Unix seconds) of the first and last packet; 0: none.
  std::int64_t first_seen = 0;
  std::int64_t last_seen = 0;
  // Packets per hour for hours first_hour, first_hour + 1, ...; and per day.
  std::int64_t first_hour = 0;
  std::vector<std::uint32_t> hours;
  std::int64_t first_day = 0;
  std::vector<std::uint32_t> days;
  // Ranges only: packets per destination.
  struct Destination {
    std::string key;  // "tcp/23", "icmp" (a protocol without ports), "other" (past the cap)
    std::string service;
    std::uint64_t packets = 0;
  };
  std::vector<Destination> ports;
};

struct HistoryCheckpoint {
  // The newest hour counted; meaningful only when `series` is not empty.
  std::int64_t newest_hour = 0;
  // Packets left out because their stamp was more than a day ahead of the
  // clock that read them.
  std::uint64_t future_packets = 0;
  std::vector<HistorySeriesCheckpoint> series;
};

}  // namespace fwlog
