// ScanDetector: finds sources that scan — a source that touches at least
// `ports` distinct destination ports, or at least `addresses` distinct
// destination addresses, within `window` of event time — and exports them as
// series:
//
//   fwlog_scanners_detected_total{range,country}  sources that became scanners
//   fwlog_scanners_active{range}                  scanners seen within the window
//   fwlog_scan_sources_tracked                    sources currently tracked
//   fwlog_scan_sources_evicted_total              sources dropped at the cap
//   fwlog_scan_top_source_packets{src,range,country}
//       opt-in (top_sources > 0): packets of the noisiest tracked sources
//
// Time is event time only (the clock is the latest event time seen), so a
// replay or a test drives it through the events it feeds. A source is tracked
// while it was seen within the window; it counts as a new scanner again only
// after a whole window of silence. At most `max_sources` sources are tracked:
// a new one evicts the least recently seen (counted in
// fwlog_scan_sources_evicted_total). A source's state holds at most `ports`
// ports and `addresses` addresses, so memory is bounded by
// max_sources × (ports + addresses).
//
// Observe() belongs to the pipeline's thread; scrapes read the registry.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "config/config.h"
#include "core/event.h"
#include "core/ip_address.h"

namespace fwlog {

class ScanDetector {
 public:
  ScanDetector(const ScanDetectionSpec& spec, prometheus::Registry& registry);
  ScanDetector(const ScanDetector&) = delete;
  ScanDetector& operator=(const ScanDetector&) = delete;

  // Creates fwlog_scanners_active{range} at 0 for each of these range values
  // (the catalog's names, private, other), so the series exist from the start.
  void DeclareRanges(const std::vector<std::string>& ranges);

  // Starts loading the index entry of `source` into the cache, so that an
  // Observe() of it a little later (after enrichment) does not wait for
  // memory: most events come from a source whose entry is cold.
  void Prefetch(const IpAddress& source) const {
    if (spec_.enabled) index_.prefetch(source);
  }
  // One enriched event (src, port, dst, range, country, time).
  void Observe(const Event& event);
  // Sets fwlog_scan_sources_tracked (kept out of Observe: a gauge store per
  // new source is an atomic operation per line in a log of many sources).
  void Publish();

  // For tests and logs.
  std::size_t tracked() const { return index_.size(); }
  std::size_t active() const { return active_count_; }
  std::uint64_t detected() const { return detected_count_; }
  std::uint64_t evicted() const { return evicted_count_; }
  bool IsScanner(const IpAddress& source) const;

 private:
  static constexpr std::uint32_t kNone = 0xffffffff;
  // A tracked source. Its range and country are the event's (both follow
  // from the address), read when it becomes a scanner or enters the top list;
  // only a scanner keeps its range, for its fwlog_scanners_active series.
  struct Source {
    IpAddress address;
    std::uint64_t packets = 0;
    std::uint32_t port_count = 0, address_count = 0;  // entries in its lists (Lists)
    bool scanning = false;
    prometheus::Gauge* top = nullptr;
    std::string range;  // while scanning
  };
  // The LRU list (head = most recently seen) and each source's last event
  // time, apart from the sources: every event moves one entry to the front,
  // which touches three entries; kept small and together, they stay in cache.
  struct Link {
    std::int64_t last_seen = 0;
    std::uint32_t prev = kNone, next = kNone;
  };

  // The distinct ports and addresses a source was seen at, each with its
  // last time, in fixed-size lists (threshold entries) kept apart from the
  // sources: a slot's lists are found from its number alone, so they can be
  // loaded ahead without reading the Source first. Stored in chunks of
  // kChunkSlots slots' lists, allocated zeroed (calloc: pages not yet used
  // take no memory) when the first slot of a chunk is made.
  struct PortSeen {
    std::uint16_t value;
    std::int64_t last;
  };
  struct AddressSeen {
    IpAddress value;
    std::int64_t last;
  };
  template <typename Entry>
  class Lists {
   public:
    explicit Lists(std::size_t per_slot) : per_slot_(std::max<std::size_t>(per_slot, 1)) {}
    // Makes room for slots up to `slots` (grows a chunk at a time).
    void Cover(std::size_t slots);
    Entry* Of(std::uint32_t slot) const { return chunks_[slot / kChunkSlots].get() + (slot % kChunkSlots) * per_slot_; }

   private:
    struct Free {
      void operator()(Entry* p) const { std::free(p); }
    };
    std::size_t per_slot_;
    std::vector<std::unique_ptr<Entry[], Free>> chunks_;
  };
  static constexpr std::size_t kChunkSlots = 1024;

  // A slot more (its link beside it, room for its lists); returns its index.
  std::uint32_t NewSlot();
  std::uint32_t Acquire(const IpAddress& address);
  void Release(std::uint32_t slot);
  void Unlink(std::uint32_t slot);
  void PushFront(std::uint32_t slot);
  void Detect(Source& s, const Event& event);
  void PrefetchTail() const;
  void UpdateTop(std::uint32_t slot, const Event& event);
  prometheus::Gauge& ActiveGauge(const std::string& range);

  ScanDetectionSpec spec_;
  std::vector<Source> slots_;
  std::vector<Link> links_;  // by slot, as slots_
  Lists<PortSeen> port_lists_;
  Lists<AddressSeen> address_lists_;
  std::vector<std::uint32_t> free_;
  // Sized once for max_sources (up to kReserveLimit): tracking a new source
  // reuses a slot and a table entry, allocating nothing once warm.
  absl::flat_hash_map<IpAddress, std::uint32_t, IpAddressHash> index_;
  std::uint32_t head_ = kNone, tail_ = kNone;
  std::int64_t now_ = 0;

  prometheus::Family<prometheus::Counter>* detected_family_;
  prometheus::Family<prometheus::Gauge>* active_family_;
  prometheus::Family<prometheus::Gauge>* top_family_ = nullptr;
  prometheus::Counter* evicted_;
  prometheus::Gauge* tracked_;
  std::unordered_map<std::string, prometheus::Counter*> detected_series_;
  std::unordered_map<std::string, prometheus::Gauge*> active_series_;
  std::vector<std::uint32_t> top_;  // slots holding a top gauge
  std::size_t active_count_ = 0;
  std::uint64_t detected_count_ = 0, evicted_count_ = 0;
  std::string key_;
};

}  // namespace fwlog
