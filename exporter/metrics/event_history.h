// EventHistory: refused packets (verdict drop or reject, as the default
// metrics count them) by event time, in buckets, for the page at `/` and
// /api/summary (docs/page.md): hourly buckets for the last kHours hours and
// daily buckets for the last kDays days, each of
//
//   total     every refused packet
//   range     per catalog range (private and other are not ranges), with
//             the destinations each range probed (up to range_ports, then
//             "other") and its first and last event time
//   port      per (protocol, port): the first `ports` seen, then "other";
//             a protocol without ports ("icmp") is one series
//   country   per country code (and "private", "unknown"): the first
//             `countries` seen, then "other"
//   scanners  sources the scan detector found, by the time it found them
//
// Hours and days are the configured zone's civil hours and days (the
// event's local_hour, core/event.h); the window ends at the newest hour
// counted, so a replayed old log shows its own days. A packet older than a
// window is left out of it (it still counts in the metrics); one stamped more
// than a day ahead of the clock that read it is left out of the history
// altogether and counted in future_packets(), so a wrong clock or year cannot
// push every day out.
//
// Bounded: the series are made on first use up to the limits and never grow
// after that. The buckets of every series the limits allow are allocated
// at once, a row per hour and per day that holds every series' count for it
// ((kHours + 1 + kDays) rows of 4-byte cells: ~4.2 MiB at the default
// limits of 2 + 64 + 1 001 + 301 series, zero pages until used), whatever
// the traffic: so the cells one event adds to (total, port, country, range)
// sit in one row, which stays in cache, instead of one array per series
// (docs/page.md gives the figures measured). A bucket saturates at 2^32 - 1.
//
// An event is counted in one row: its hour's while the hour is in the hour
// window, else its day's. An hour's counts move into its day's row when the
// hour leaves the window (Advance), so a day's count is its row plus the
// hours of it still in the window; readers and Snapshot add the two (the
// state file keeps whole days, as before).
//
// Threads: one writer at a time (the pipeline's thread: Count*, Snapshot,
// Restore); any number of readers (Read(), the HTTP threads) at the same
// time, without a lock: buckets are read and written with relaxed atomic
// operations (plain loads and stores on x86), and a series is published,
// complete, before a reader can see it. A reader that runs while the window
// moves may see the oldest hour already cleared, or counted twice in its
// day; nothing worse.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/history.h"

namespace fwlog {

class EventHistory {
 public:
  static constexpr int kHours = 15 * 24;  // 14 whole days and the current one
  static constexpr int kDays = 400;

  struct Limits {
    std::size_t ranges = 128;      // catalog ranges with a series (67 shipped); later ones are not kept
    std::size_t ports = 1000;      // (protocol, port) series; later ones count under "other"
    std::size_t countries = 300;   // country series; later ones count under "other"
    std::size_t range_ports = 32;  // destinations kept per range; later ones count under "other"
  };

  enum class Kind : std::uint8_t { kTotal, kScanners, kRange, kPort, kCountry };

  explicit EventHistory(Limits limits);
  EventHistory() : EventHistory(Limits{}) {}
  ~EventHistory();
  EventHistory(const EventHistory&) = delete;
  EventHistory& operator=(const EventHistory&) = delete;

  // ---- writer ----
  // A series' number for the Count calls, made on first use. -1: not kept
  // (RangeSeries: "private", "other", "unknown", empty, past the limit).
  int RangeSeries(std::string_view name);
  // `proto_id` from ProtocolId(); no port: a protocol without ports.
  int PortSeries(int proto_id, bool has_port, std::uint16_t port, std::string_view service);
  int CountrySeries(std::string_view code);
  // A code of up to 8 bytes as one word (0: empty or longer: "other").
  static std::uint64_t PackCode(std::string_view code) {
    const auto byte = [&code](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(code[i])} << (8 * i); };
    switch (code.size()) {
      case 2:  // country codes
        return byte(0) | byte(1);
      case 3:  // tcp, udp
        return byte(0) | byte(1) | byte(2);
      default:
        if (code.empty() || code.size() > 8) return 0;
        std::uint64_t word = 0;
        for (std::size_t i = 0; i < code.size(); ++i) word |= byte(i);
        return word;
    }
  }
  // A small number for a protocol name (up to kMaxProtocols, then the id of
  // "other").
  int ProtocolId(std::string_view proto);
  // The key a range's destinations are kept by.
  static std::uint32_t PortKey(int proto_id, bool has_port, std::uint16_t port) {
    return (static_cast<std::uint32_t>(proto_id) << 17) | (has_port ? 0x10000U | port : 0U);
  }

  // One refused packet at `time` (Unix seconds) in civil hour `local_hour`,
  // counted in the total and in the series given (-1: none); `port_key` and
  // `service` are what the range's destinations record. `now`: the reading
  // clock (0: none).
  void Count(std::int64_t time, std::int64_t local_hour, std::int64_t now, int range, int port, int country,
             std::uint32_t port_key, std::string_view service) {
    if (!Accept(time, local_hour, now)) return;
    Seen(*series_[0], time);
    std::uint32_t* const row = cells_[0].row;
    // A packet counted in a row's cells is counted in its total's too, so no
    // cell of a row is above the total's (Restore checks that the state file
    // kept it): while the total's cell is below saturation, the port's and
    // the country's are, and need no check. Bump is the checked reference.
    if (row[0] < kFull && !checked_) [[likely]] {
      Add(row, 0);
      if (port >= 0) Add(row, port);
      if (country >= 0) Add(row, country);
    } else {
      Bump(0);
      if (port >= 0) Bump(port);
      if (country >= 0) Bump(country);
    }
    if (range >= 0) CountRange(range, time, port_key, service);
  }
  // A source the scan detector found, at its packet's time.
  void CountScanner(std::int64_t time, std::int64_t local_hour, std::int64_t now) {
    if (Accept(time, local_hour, now)) Bump(1);
  }

  // The whole history (writer's thread).
  HistoryCheckpoint Snapshot() const;
  // Adds a snapshot's counts (a start: into an empty history). Series past
  // the limits fold into "other" as live counting would.
  void Restore(const HistoryCheckpoint& checkpoint);

  // ---- readers (any thread) ----
  struct RangePort {
    std::string proto, port, service;  // port empty: none ("icmp"), or "other"
    std::uint64_t packets = 0;
  };
  struct SeriesData {
    Kind kind = Kind::kTotal;
    std::string key, service;
    std::int64_t first_seen = 0, last_seen = 0;
    std::vector<std::uint32_t> hours;  // kHours, oldest first, ending at the newest hour
    std::vector<std::uint32_t> days;   // kDays, oldest first, ending at the newest day
    std::uint64_t packets = 0;         // the sum of `days`
    std::vector<RangePort> ports;      // ranges: most packets first
  };
  struct Data {
    bool empty = true;  // nothing counted yet
    std::int64_t newest_hour = 0;
    std::uint64_t future_packets = 0;
    SeriesData total, scanners;
    std::vector<SeriesData> ranges;                   // every range series, the last seen first
    std::vector<SeriesData> ports;                    // the `top` with most packets in the days kept
    std::vector<SeriesData> countries;                // likewise
    std::size_t port_series = 0, country_series = 0;  // how many exist
    bool ports_full = false, countries_full = false;  // limits reached: later keys count as "other"
  };
  Data Read(std::size_t top) const;

  const Limits& limits() const { return limits_; }
  // Bytes the series hold now (buckets and keys).
  std::size_t MemoryBytes() const;
  std::uint64_t future_packets() const {
    return std::atomic_ref<std::uint64_t>(const_cast<std::uint64_t&>(future_packets_)).load(std::memory_order_relaxed);
  }

  static constexpr std::size_t kMaxProtocols = 64;

 private:
  // One series (its buckets are a column of hours_ and days_). Kind, key
  // and service are set before it is published and never change.
  struct Series {
    Kind kind = Kind::kTotal;
    std::string key;
    std::string service;
    // Event times of the first and last packet (total and ranges only).
    std::int64_t first_seen = 0, last_seen = 0;
    // Ranges: the destinations probed, [0, destination_count) published;
    // their keys apart, so that finding one reads two cache lines, not 24.
    struct Destination {
      std::string service;
      std::uint64_t packets = 0;
    };
    std::unique_ptr<std::uint32_t[]> destination_keys;
    std::unique_ptr<Destination[]> destinations;
    std::atomic<std::size_t> destination_count{0};
    std::uint64_t other_destinations = 0;
  };
  // Buckets and times are shared with readers: the one writer stores them
  // atomically (a plain store on x86) and may read them plainly.
  template <typename T>
  static void Put(T& cell, T value) {
    std::atomic_ref<T>(cell).store(value, std::memory_order_relaxed);
  }
  int NewSeries(Kind kind, std::string key, std::string_view service);
  // Moves the window's end to `hour`: the hours that leave the hour window
  // move into their days' rows, what leaves the day window is cleared.
  void Advance(std::int64_t hour);
  // False (and counted) when `time` is too far ahead of `now`; else makes
  // the cells of `local_hour` current.
  bool Accept(std::int64_t time, std::int64_t local_hour, std::int64_t now) {
    if (now > 0 && time > now + 86400) {
      Put(future_packets_, future_packets_ + 1);
      return false;
    }
    if (local_hour != cells_[0].hour) {
      // Two hours are kept: a log may interleave two clocks.
      std::swap(cells_[0], cells_[1]);
      if (local_hour != cells_[0].hour) Locate(local_hour);
    }
    return true;
  }
  // Sets cells_[0] for `local_hour` (moving the window first if it is
  // newer).
  void Locate(std::int64_t local_hour);
  static constexpr std::uint32_t kFull = 0xffffffffU;  // a saturated bucket
  // One more packet in a cell known to be below saturation.
  static void Add(std::uint32_t* row, int id) { Put(row[id], row[id] + 1); }
  void Bump(int id) const {
    std::uint32_t& c = cells_[0].row[id];
    Put(c, c + (c != kFull));
  }
  // The row of hour cell `cell` (0..kHours; kHours: the spill row, counted
  // in for packets outside both windows, never read), and of day cell `cell`
  // (0..kDays - 1).
  std::uint32_t* HourRow(int cell) const { return hours_.get() + static_cast<std::size_t>(cell) * capacity_; }
  std::uint32_t* DayRow(int cell) const { return days_.get() + static_cast<std::size_t>(cell) * capacity_; }
  // Series `id`'s hours, oldest first, ending at `newest`; and its days,
  // ending at the newest day: its day rows plus its hours still in the hour
  // window (a reader's or the writer's view).
  std::vector<std::uint32_t> Hours(std::size_t id, std::int64_t newest) const;
  std::vector<std::uint32_t> Days(std::size_t id, std::int64_t newest) const;
  static void Seen(Series& s, std::int64_t time) {
    if (s.first_seen == 0 || time < s.first_seen) Put(s.first_seen, time);
    if (time > s.last_seen) Put(s.last_seen, time);
  }
  void CountRange(int id, std::int64_t time, std::uint32_t port_key, std::string_view service);
  void BumpRangePort(Series& s, std::uint32_t port_key, std::string_view service, std::uint64_t n);
  // No cell of any row above its total's (series 1, scanners, aside: it is
  // counted on its own and always checked).
  bool TotalsOnTop() const;
  SeriesData ReadSeries(std::size_t id, bool buckets) const;
  // A series' packets in the days kept (day rows and hour rows).
  std::uint64_t DaysSum(std::size_t id) const;
  std::string PortLabel(std::uint32_t key) const;

  Limits limits_;
  std::size_t capacity_ = 0;
  std::unique_ptr<Series*[]> series_;  // [0, count_) published
  struct Free {
    void operator()(std::uint32_t* p) const { std::free(p); }
  };
  // (kHours + 1) and kDays rows of capacity_ cells, calloc'ed.
  std::unique_ptr<std::uint32_t[], Free> hours_, days_;
  std::atomic<std::size_t> count_{0};
  std::atomic<std::int64_t> newest_hour_;
  std::uint64_t future_packets_ = 0;  // written by the writer alone
  // Protocol names by id, [0, protocol_count_) published.
  std::unique_ptr<std::string[]> protocols_;
  std::atomic<std::size_t> protocol_count_{0};

  // Writer only.
  // The row the last hours counted go to (the hour's, else its day's, else
  // the spill row), most recent first.
  struct Cells {
    std::int64_t hour;
    std::uint32_t* row = nullptr;
  };
  // Cells for `hour` that count into the spill row.
  Cells Spill(std::int64_t hour) const { return Cells{hour, HourRow(kHours)}; }
  std::array<Cells, 2> cells_;
  // A restored state broke "no cell above its row's total": every bucket is
  // then bumped with the check.
  bool checked_ = false;
  std::size_t ranges_ = 0, ports_ = 0, countries_ = 0;
  int other_port_ = -1, other_country_ = -1;
  absl::flat_hash_map<std::string, int> range_index_;
  absl::flat_hash_map<std::uint32_t, int> port_index_;
  absl::flat_hash_map<std::uint64_t, int> country_index_;  // by the code's bytes (PackCode)
};

// The civil day of a civil hour number (rounded down).
inline std::int64_t HistoryDay(std::int64_t hour) { return hour >= 0 ? hour / 24 : -((-hour + 23) / 24); }

}  // namespace fwlog
