// HistoryRecorder: one pipeline's hand on the EventHistory. Count() takes a
// counted event and adds it, when refused (drop or reject), to the total and
// to its range, port and country series; ScannerFound() adds a source the
// scan detector has just found.
//
// The history outlives pipelines (a reload builds a new pipeline on the same
// history), while the range identities an event carries (core/event.h) are
// the pipeline's own tables: so each pipeline has its recorder. It keeps
// what events resolved to, so that the history's maps are asked only on a
// change: the last range identities, the last protocols, a direct-mapped cache
// of (protocol, port) -> series, a table of two-letter country codes and the
// last two other codes. The caches are fixed in size and a series, once
// given, never changes, so nothing is allocated once the series exist.
// CountPlain() is the same count without the caches (the reference the
// tests hold Count() to). Pipeline thread only.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "core/event.h"
#include "metrics/event_history.h"

namespace fwlog {

class HistoryRecorder {
 public:
  explicit HistoryRecorder(std::shared_ptr<EventHistory> history);

  // What Count() needs of an event's parsed fields (its action, protocol and
  // port), worked out once: the pipeline takes it while it parses ahead,
  // starts loading the port cache slot with it (Prefetch), and hands it to
  // Count() with the event enriched. kNotCounted: not a refused packet.
  static constexpr std::uint32_t kNotCounted = 0xffffffffU;
  std::uint32_t Key(const Event& event) {
    if (event.action != Action::kDrop && event.action != Action::kReject) return kNotCounted;
    return EventHistory::PortKey(Protocol(event.proto), event.has_port, event.port_number);
  }
  // Starts loading the port cache entry Count() will read (the cache is
  // larger than L1, and its slots are random).
  void Prefetch(std::uint32_t key) const {
    if (key != kNotCounted) __builtin_prefetch(&ports_[Slot(key)]);
  }
  // `key`: Key(event), taken before enrichment; `now`: the clock the line
  // was read at (LogLine::receive_time).
  void Count(const Event& event, std::uint32_t key, std::int64_t now) {
    if (key == kNotCounted) return;
    const int range =
        event.range_identity != nullptr && event.range_identity == range_identity_[0] ? range_[0] : Range(event);
    PortEntry& port = ports_[Slot(key)];
    if (port.key != key) [[unlikely]] {
      port.key = key;
      port.series = history_->PortSeries(static_cast<int>(key >> 17), event.has_port, event.port_number, event.service);
    }
    history_->Count(event.time, event.local_hour, now, range, port.series, Country(event.country), key, event.service);
  }
  void Count(const Event& event, std::int64_t now) { Count(event, Key(event), now); }
  // The reference for Count(): every series asked of the history's maps, no
  // cache. A test holds the two to the same history.
  void CountPlain(const Event& event, std::int64_t now);
  void ScannerFound(const Event& event, std::int64_t now) { history_->CountScanner(event.time, event.local_hour, now); }

  const std::shared_ptr<EventHistory>& history() const { return history_; }

 private:
  static constexpr int kPortCacheBits = 12;
  struct PortEntry {
    std::uint32_t key = 0xffffffffU;  // no key has all bits set
    int series = -1;
  };
  // The last N names asked (protocols, country codes) and the history's
  // answers, most recent first, by EventHistory::PackCode word; a name that
  // packs into no word (empty, longer than 8 bytes) is asked every time.
  template <std::size_t N>
  class RecentCodes {
   public:
    template <class Ask>
    int Get(std::string_view name, Ask ask) {
      const std::uint64_t word = EventHistory::PackCode(name);
      if (word != 0) {
        for (const auto& e : entries_)
          if (e.word == word) return e.id;
      }
      const int id = ask(name);
      if (word != 0) {
        std::move_backward(entries_.begin(), entries_.end() - 1, entries_.end());
        entries_[0] = {word, id};
      }
      return id;
    }

   private:
    struct Entry {
      std::uint64_t word = 0;  // 0: empty
      int id = 0;
    };
    std::array<Entry, N> entries_{};
  };

  static std::size_t Slot(std::uint32_t key) { return (key * 0x9E3779B1U) >> (32 - kPortCacheBits); }
  int Range(const Event& event);
  int Protocol(std::string_view proto) {
    return protocols_.Get(proto, [this](std::string_view name) { return history_->ProtocolId(name); });
  }
  int Country(std::string_view code) {
    if (code.size() == 2) {
      const unsigned a = static_cast<unsigned char>(code[0]) - 'A', b = static_cast<unsigned char>(code[1]) - 'A';
      if (a < 26 && b < 26) {
        int& series = countries_[a * 26 + b];
        if (series == kUnresolved) series = history_->CountrySeries(code);
        return series;
      }
    }
    // Codes other than two capitals ("private", "unknown").
    return other_codes_.Get(code, [this](std::string_view name) { return history_->CountrySeries(name); });
  }
  static constexpr int kUnresolved = -2;

  std::shared_ptr<EventHistory> history_;
  // The last two events' range identities and their series, most recent first.
  std::array<const char*, 2> range_identity_{};
  std::array<int, 2> range_{-1, -1};
  absl::flat_hash_map<const char*, int> ranges_;  // this pipeline's range identities -> series
  RecentCodes<4> protocols_;
  RecentCodes<2> other_codes_;  // Country()'s codes other than two capitals
  std::array<PortEntry, 1 << kPortCacheBits> ports_{};
  std::array<int, 26 * 26> countries_;  // "AA".."ZZ" -> series (kUnresolved: not asked yet)
};

}  // namespace fwlog
