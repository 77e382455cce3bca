#include "metrics/event_history.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <new>

namespace fwlog {
namespace {

constexpr std::int64_t kEmpty = std::numeric_limits<std::int64_t>::min();
constexpr std::uint32_t kSaturated = std::numeric_limits<std::uint32_t>::max();

// Readers load buckets and times atomically (see Put).
template <typename T>
T Get(const T& cell) {
  return std::atomic_ref<T>(const_cast<T&>(cell)).load(std::memory_order_relaxed);
}

int Cell(std::int64_t n, int size) {
  const auto m = static_cast<int>(n % size);
  return m < 0 ? m + size : m;
}

const char* KindName(EventHistory::Kind kind) {
  switch (kind) {
    case EventHistory::Kind::kTotal:
      return "total";
    case EventHistory::Kind::kScanners:
      return "scanners";
    case EventHistory::Kind::kRange:
      return "range";
    case EventHistory::Kind::kPort:
      return "port";
    case EventHistory::Kind::kCountry:
      return "country";
  }
  return "total";
}

bool NotARange(std::string_view name) {
  return name.empty() || name == "private" || name == "other" || name == "unknown";
}

// `run` (counts of the numbers oldest, oldest + 1, ...) trimmed of zeros at
// both ends into `out`; `first`: the number of its first (0: empty).
void Trim(const std::vector<std::uint32_t>& run, std::int64_t oldest, std::int64_t& first,
          std::vector<std::uint32_t>& out) {
  std::size_t lo = 0, hi = run.size();
  while (lo < hi && run[lo] == 0) ++lo;
  while (hi > lo && run[hi - 1] == 0) --hi;
  first = lo < hi ? oldest + static_cast<std::int64_t>(lo) : 0;
  out.assign(run.begin() + static_cast<std::ptrdiff_t>(lo), run.begin() + static_cast<std::ptrdiff_t>(hi));
}

std::uint32_t SaturatedSum(std::uint64_t a, std::uint64_t b) {
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(a + b, kSaturated));
}

}  // namespace

EventHistory::EventHistory(Limits limits)
    : limits_(limits),
      capacity_(2 + limits.ranges + limits.ports + 1 + limits.countries + 1),
      series_(new Series*[capacity_]()),
      // calloc: zero pages, taken only as rows are used.
      hours_(static_cast<std::uint32_t*>(std::calloc((kHours + 1) * capacity_, sizeof(std::uint32_t)))),
      days_(static_cast<std::uint32_t*>(std::calloc(kDays * capacity_, sizeof(std::uint32_t)))),
      newest_hour_(kEmpty),
      protocols_(new std::string[kMaxProtocols]),
      cells_{Spill(kEmpty), Spill(kEmpty)} {
  if (!hours_ || !days_) throw std::bad_alloc();
  NewSeries(Kind::kTotal, "", "");
  NewSeries(Kind::kScanners, "", "");
}

EventHistory::~EventHistory() {
  const std::size_t n = count_.load(std::memory_order_acquire);
  for (std::size_t i = 0; i < n; ++i) delete series_[i];
}

int EventHistory::NewSeries(Kind kind, std::string key, std::string_view service) {
  auto* s = new Series();
  s->kind = kind;
  s->key = std::move(key);
  s->service = std::string(service);
  if (kind == Kind::kRange) {
    s->destination_keys.reset(new std::uint32_t[limits_.range_ports]());
    s->destinations.reset(new Series::Destination[limits_.range_ports]);
  }
  const std::size_t n = count_.load(std::memory_order_relaxed);
  series_[n] = s;
  count_.store(n + 1, std::memory_order_release);
  return static_cast<int>(n);
}

int EventHistory::RangeSeries(std::string_view name) {
  if (NotARange(name)) return -1;
  if (auto it = range_index_.find(std::string(name)); it != range_index_.end()) return it->second;
  if (ranges_ >= limits_.ranges) return -1;
  ++ranges_;
  const int id = NewSeries(Kind::kRange, std::string(name), "");
  range_index_.emplace(std::string(name), id);
  return id;
}

int EventHistory::ProtocolId(std::string_view proto) {
  const std::size_t n = protocol_count_.load(std::memory_order_relaxed);
  for (std::size_t i = 0; i < n; ++i)
    if (protocols_[i] == proto) return static_cast<int>(i);
  // The last id is kept for "other".
  if (n + 1 >= kMaxProtocols && proto != "other") return ProtocolId("other");
  protocols_[n] = std::string(proto);
  protocol_count_.store(n + 1, std::memory_order_release);
  return static_cast<int>(n);
}

std::string EventHistory::PortLabel(std::uint32_t key) const {
  const std::size_t id = key >> 17;
  std::string label = id < protocol_count_.load(std::memory_order_acquire) ? protocols_[id] : "other";
  if (key & 0x10000U) label += "/" + std::to_string(key & 0xffffU);
  return label;
}

int EventHistory::PortSeries(int proto_id, bool has_port, std::uint16_t port, std::string_view service) {
  const std::uint32_t key = PortKey(proto_id, has_port, port);
  if (auto it = port_index_.find(key); it != port_index_.end()) return it->second;
  if (ports_ >= limits_.ports) {
    if (other_port_ < 0) other_port_ = NewSeries(Kind::kPort, "other", "");
    return other_port_;
  }
  ++ports_;
  const int id = NewSeries(Kind::kPort, PortLabel(key), service);
  port_index_.emplace(key, id);
  return id;
}

int EventHistory::CountrySeries(std::string_view code) {
  const std::uint64_t word = PackCode(code);
  if (word != 0) {
    if (auto it = country_index_.find(word); it != country_index_.end()) return it->second;
  }
  if (word == 0 || countries_ >= limits_.countries) {
    if (other_country_ < 0) other_country_ = NewSeries(Kind::kCountry, "other", "");
    return other_country_;
  }
  ++countries_;
  const int id = NewSeries(Kind::kCountry, std::string(code), "");
  country_index_.emplace(word, id);
  return id;
}

void EventHistory::Advance(std::int64_t hour) {
  const std::int64_t newest = newest_hour_.load(std::memory_order_relaxed);
  if (newest != kEmpty) {
    const std::size_t n = count_.load(std::memory_order_relaxed);
    // The cells of the hours and days entering the window held hours and
    // days that leave it. Series not yet made have only zeros in every row.
    const std::int64_t old_day = HistoryDay(newest), new_day = HistoryDay(hour);
    const std::int64_t from_day = std::max(old_day + 1, new_day - kDays + 1);
    for (std::int64_t d = from_day; d <= new_day; ++d) {
      std::uint32_t* row = DayRow(Cell(d, kDays));
      for (std::size_t i = 0; i < n; ++i) Put(row[i], 0U);
    }
    // The hours leaving the hour window move into their days (those still
    // in the day window; the days just cleared are newer than any of them)
    // and their cells are cleared for the hours entering.
    for (std::int64_t h = newest - kHours + 1; h <= std::min(newest, hour - kHours); ++h) {
      std::uint32_t* row = HourRow(Cell(h, kHours));
      if (const std::int64_t d = HistoryDay(h); d > new_day - kDays) {
        std::uint32_t* day_row = DayRow(Cell(d, kDays));
        for (std::size_t i = 0; i < n; ++i)
          if (row[i] != 0) Put(day_row[i], SaturatedSum(day_row[i], row[i]));
      }
      for (std::size_t i = 0; i < n; ++i) Put(row[i], 0U);
    }
  }
  newest_hour_.store(hour, std::memory_order_release);
  cells_ = {Spill(kEmpty), Spill(kEmpty)};  // the hours cached may have left the window
}

void EventHistory::Locate(std::int64_t local_hour) {
  if (local_hour > newest_hour_.load(std::memory_order_relaxed)) Advance(local_hour);
  const std::int64_t newest = newest_hour_.load(std::memory_order_relaxed);
  const std::int64_t day = HistoryDay(local_hour);
  Cells& c = cells_[0];
  c.hour = local_hour;
  if (local_hour > newest - kHours) {
    c.row = HourRow(Cell(local_hour, kHours));
  } else if (day > HistoryDay(newest) - kDays) {
    c.row = DayRow(Cell(day, kDays));
  } else {
    c.row = HourRow(kHours);
  }
}

std::vector<std::uint32_t> EventHistory::Hours(std::size_t id, std::int64_t newest) const {
  std::vector<std::uint32_t> hours(kHours);
  for (int i = 0; i < kHours; ++i) hours[i] = Get(HourRow(Cell(newest - kHours + 1 + i, kHours))[id]);
  return hours;
}

std::vector<std::uint32_t> EventHistory::Days(std::size_t id, std::int64_t newest) const {
  std::vector<std::uint32_t> days(kDays);
  const std::int64_t oldest_day = HistoryDay(newest) - kDays + 1;
  for (int i = 0; i < kDays; ++i) days[i] = Get(DayRow(Cell(oldest_day + i, kDays))[id]);
  for (std::int64_t h = newest - kHours + 1; h <= newest; ++h) {
    if (const std::uint32_t n = Get(HourRow(Cell(h, kHours))[id]); n != 0) {
      std::uint32_t& day = days[static_cast<std::size_t>(HistoryDay(h) - oldest_day)];
      day = SaturatedSum(day, n);
    }
  }
  return days;
}

void EventHistory::CountRange(int id, std::int64_t time, std::uint32_t port_key, std::string_view service) {
  Bump(id);
  Series& s = *series_[id];
  Seen(s, time);
  BumpRangePort(s, port_key, service, 1);
}

void EventHistory::BumpRangePort(Series& s, std::uint32_t port_key, std::string_view service, std::uint64_t n) {
  const std::size_t used = s.destination_count.load(std::memory_order_relaxed);
  for (std::size_t i = 0; i < used; ++i) {
    if (s.destination_keys[i] == port_key) {
      auto& d = s.destinations[i];
      Put(d.packets, d.packets + n);
      return;
    }
  }
  if (used < limits_.range_ports) {
    s.destination_keys[used] = port_key;
    auto& d = s.destinations[used];
    d.service = std::string(service);
    d.packets = n;
    s.destination_count.store(used + 1, std::memory_order_release);
    return;
  }
  Put(s.other_destinations, s.other_destinations + n);
}

HistoryCheckpoint EventHistory::Snapshot() const {
  HistoryCheckpoint cp;
  cp.future_packets = future_packets();
  const std::int64_t newest = newest_hour_.load(std::memory_order_relaxed);
  if (newest == kEmpty) return cp;
  cp.newest_hour = newest;
  const std::size_t n = count_.load(std::memory_order_relaxed);
  for (std::size_t i = 0; i < n; ++i) {
    const Series& s = *series_[i];
    HistorySeriesCheckpoint rec;
    rec.kind = KindName(s.kind);
    rec.key = s.key;
    rec.service = s.service;
    rec.first_seen = s.first_seen;
    rec.last_seen = s.last_seen;
    Trim(Hours(i, newest), newest - kHours + 1, rec.first_hour, rec.hours);
    Trim(Days(i, newest), HistoryDay(newest) - kDays + 1, rec.first_day, rec.days);
    if (s.kind == Kind::kRange) {
      const std::size_t used = s.destination_count.load(std::memory_order_relaxed);
      for (std::size_t j = 0; j < used; ++j)
        rec.ports.push_back({PortLabel(s.destination_keys[j]), s.destinations[j].service, s.destinations[j].packets});
      if (s.other_destinations > 0) rec.ports.push_back({"other", "", s.other_destinations});
    }
    // A port or country with nothing left in the windows is not kept: its
    // place is free again after a restart.
    const bool idle = rec.hours.empty() && rec.days.empty();
    if (idle && (s.kind == Kind::kPort || s.kind == Kind::kCountry)) continue;
    cp.series.push_back(std::move(rec));
  }
  return cp;
}

void EventHistory::Restore(const HistoryCheckpoint& cp) {
  Put(future_packets_, future_packets_ + cp.future_packets);
  if (cp.series.empty()) return;
  if (cp.newest_hour > newest_hour_.load(std::memory_order_relaxed)) Advance(cp.newest_hour);
  const std::int64_t newest = newest_hour_.load(std::memory_order_relaxed);
  // Reads "tcp/23", "icmp" into a port key; false for "other".
  auto parse_port = [this](const std::string& key, std::uint32_t& out) {
    if (key == "other") return false;
    const auto slash = key.find('/');
    const int proto = ProtocolId(key.substr(0, slash));
    std::uint16_t port = 0;
    const bool has_port = slash != std::string::npos;
    if (has_port) std::from_chars(key.data() + slash + 1, key.data() + key.size(), port);
    out = PortKey(proto, has_port, port);
    return true;
  };
  for (const auto& rec : cp.series) {
    int id = -1;
    std::uint32_t key = 0;
    if (rec.kind == "total") {
      id = 0;
    } else if (rec.kind == "scanners") {
      id = 1;
    } else if (rec.kind == "range") {
      id = RangeSeries(rec.key);
    } else if (rec.kind == "port") {
      if (parse_port(rec.key, key)) {
        id = PortSeries(static_cast<int>(key >> 17), (key & 0x10000U) != 0, static_cast<std::uint16_t>(key & 0xffffU),
                        rec.service);
      } else {
        if (other_port_ < 0) other_port_ = NewSeries(Kind::kPort, "other", "");
        id = other_port_;
      }
    } else if (rec.kind == "country") {
      id = CountrySeries(rec.key);
    }
    if (id < 0) continue;
    Series& s = *series_[static_cast<std::size_t>(id)];
    // A day's count holds its hours; those that go into hour rows are taken
    // out of what goes into its day row.
    absl::flat_hash_map<std::int64_t, std::uint64_t> in_hours;
    for (std::size_t j = 0; j < rec.hours.size(); ++j) {
      const std::int64_t h = rec.first_hour + static_cast<std::int64_t>(j);
      if (h > newest || h <= newest - kHours) continue;
      std::uint32_t& cell = HourRow(Cell(h, kHours))[id];
      Put(cell, SaturatedSum(cell, rec.hours[j]));
      in_hours[HistoryDay(h)] += rec.hours[j];
    }
    for (std::size_t j = 0; j < rec.days.size(); ++j) {
      const std::int64_t d = rec.first_day + static_cast<std::int64_t>(j);
      if (d > HistoryDay(newest) || d <= HistoryDay(newest) - kDays) continue;
      std::uint64_t n = rec.days[j];
      if (auto it = in_hours.find(d); it != in_hours.end()) n -= std::min(n, it->second);
      std::uint32_t& cell = DayRow(Cell(d, kDays))[id];
      Put(cell, SaturatedSum(cell, n));
    }
    if (rec.first_seen != 0 && (s.first_seen == 0 || rec.first_seen < s.first_seen)) Put(s.first_seen, rec.first_seen);
    if (rec.last_seen > s.last_seen) Put(s.last_seen, rec.last_seen);
    if (s.kind == Kind::kRange) {
      for (const auto& dest : rec.ports) {
        if (parse_port(dest.key, key)) {
          BumpRangePort(s, key, dest.service, dest.packets);
        } else {
          Put(s.other_destinations, s.other_destinations + dest.packets);
        }
      }
    }
  }
  if (!checked_) checked_ = !TotalsOnTop();
}

bool EventHistory::TotalsOnTop() const {
  const std::size_t n = count_.load(std::memory_order_relaxed);
  const auto on_top = [n](const std::uint32_t* row) {
    for (std::size_t i = 2; i < n; ++i)
      if (row[i] > row[0]) return false;
    return true;
  };
  for (int h = 0; h <= kHours; ++h)
    if (!on_top(HourRow(h))) return false;
  for (int d = 0; d < kDays; ++d)
    if (!on_top(DayRow(d))) return false;
  return true;
}

std::uint64_t EventHistory::DaysSum(std::size_t id) const {
  std::uint64_t sum = 0;
  for (int i = 0; i < kDays; ++i) sum += Get(DayRow(i)[id]);
  for (int i = 0; i < kHours; ++i) sum += Get(HourRow(i)[id]);
  return sum;
}

EventHistory::SeriesData EventHistory::ReadSeries(std::size_t id, bool buckets) const {
  const Series& s = *series_[id];
  SeriesData out;
  out.kind = s.kind;
  out.key = s.key;
  out.service = s.service;
  out.first_seen = Get(s.first_seen);
  out.last_seen = Get(s.last_seen);
  const std::int64_t newest = newest_hour_.load(std::memory_order_acquire);
  if (newest == kEmpty) {
    if (buckets) {
      out.hours.assign(kHours, 0);
      out.days.assign(kDays, 0);
    }
    return out;
  }
  out.packets = DaysSum(id);
  if (buckets) {
    out.hours = Hours(id, newest);
    out.days = Days(id, newest);
  }
  if (s.kind == Kind::kRange) {
    const std::size_t used = s.destination_count.load(std::memory_order_acquire);
    for (std::size_t j = 0; j < used; ++j) {
      const auto& d = s.destinations[j];
      RangePort p;
      const std::string label = PortLabel(s.destination_keys[j]);
      const auto slash = label.find('/');
      p.proto = label.substr(0, slash);
      if (slash != std::string::npos) p.port = label.substr(slash + 1);
      p.service = d.service;
      p.packets = Get(d.packets);
      out.ports.push_back(std::move(p));
    }
    if (const auto other = Get(s.other_destinations); other > 0) out.ports.push_back({"other", "", "", other});
    std::stable_sort(out.ports.begin(), out.ports.end(),
                     [](const RangePort& a, const RangePort& b) { return a.packets > b.packets; });
  }
  return out;
}

EventHistory::Data EventHistory::Read(std::size_t top) const {
  Data d;
  const std::int64_t newest = newest_hour_.load(std::memory_order_acquire);
  d.empty = newest == kEmpty;
  d.newest_hour = d.empty ? 0 : newest;
  d.future_packets = future_packets();
  const std::size_t n = count_.load(std::memory_order_acquire);
  std::vector<std::pair<std::uint64_t, std::size_t>> ports, countries;
  // Every series' packets in the days kept, row by row (the rows are read
  // in order, not one column at a time).
  std::vector<std::uint64_t> sums(n, 0);
  for (int day = 0; day < kDays; ++day) {
    const std::uint32_t* row = DayRow(day);
    for (std::size_t i = 0; i < n; ++i) sums[i] += Get(row[i]);
  }
  for (int hour = 0; hour < kHours; ++hour) {
    const std::uint32_t* row = HourRow(hour);
    for (std::size_t i = 0; i < n; ++i) sums[i] += Get(row[i]);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const Series& s = *series_[i];
    switch (s.kind) {
      case Kind::kTotal:
        d.total = ReadSeries(i, true);
        break;
      case Kind::kScanners:
        d.scanners = ReadSeries(i, true);
        break;
      case Kind::kRange:
        d.ranges.push_back(ReadSeries(i, true));
        break;
      case Kind::kPort:
      case Kind::kCountry:
        (s.kind == Kind::kPort ? ports : countries).emplace_back(sums[i], i);
        break;
    }
  }
  d.port_series = ports.size();
  d.country_series = countries.size();
  d.ports_full = d.port_series > limits_.ports;
  d.countries_full = d.country_series > limits_.countries;
  auto pick = [&](std::vector<std::pair<std::uint64_t, std::size_t>>& all, std::vector<SeriesData>& out) {
    std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t j = 0; j < all.size() && j < top && all[j].first > 0; ++j)
      out.push_back(ReadSeries(all[j].second, true));
  };
  pick(ports, d.ports);
  pick(countries, d.countries);
  std::stable_sort(d.ranges.begin(), d.ranges.end(),
                   [](const SeriesData& a, const SeriesData& b) { return a.last_seen > b.last_seen; });
  return d;
}

std::size_t EventHistory::MemoryBytes() const {
  const std::size_t n = count_.load(std::memory_order_acquire);
  std::size_t bytes = capacity_ * sizeof(Series*) + kMaxProtocols * sizeof(std::string) +
                      (kHours + 1 + kDays) * capacity_ * sizeof(std::uint32_t);
  for (std::size_t i = 0; i < n; ++i) {
    const Series& s = *series_[i];
    bytes += sizeof(Series) + s.key.capacity() + s.service.capacity();
    if (s.destinations) bytes += limits_.range_ports * (sizeof(std::uint32_t) + sizeof(Series::Destination));
  }
  return bytes;
}

}  // namespace fwlog
