#include "detect/scan_detector.h"

#include <algorithm>

#include "core/own_metrics.h"

namespace fwlog {

template <typename Entry>
void ScanDetector::Lists<Entry>::Cover(std::size_t slots) {
  while (chunks_.size() * kChunkSlots < slots) {
    // calloc: zeroed, and a large block comes straight from the kernel, so
    // its pages take memory only once written. Entries are trivially
    // copyable, so zero bytes are entries (C++20 implicit object creation).
    void* block = std::calloc(kChunkSlots * per_slot_, sizeof(Entry));
    if (block == nullptr) throw std::bad_alloc();
    chunks_.emplace_back(static_cast<Entry*>(block));
  }
}

ScanDetector::ScanDetector(const ScanDetectionSpec& spec, prometheus::Registry& registry)
    : spec_(spec), port_lists_(spec.ports), address_lists_(spec.addresses) {
  detected_family_ = &prometheus::BuildCounter()
                          .Name(own_metrics::kScannersDetected)
                          .Help(
                              "Sources that touched at least scan_detection.ports distinct destination ports or "
                              "scan_detection.addresses distinct destination addresses within the window")
                          .Register(registry);
  active_family_ = &prometheus::BuildGauge()
                        .Name(own_metrics::kScannersActive)
                        .Help("Scanners seen within the last scan_detection.window of event time")
                        .Register(registry);
  evicted_ = &prometheus::BuildCounter()
                  .Name(own_metrics::kScanSourcesEvicted)
                  .Help("Sources dropped from scan tracking because scan_detection.max_sources was reached")
                  .Register(registry)
                  .Add({});
  tracked_ = &prometheus::BuildGauge()
                  .Name(own_metrics::kScanSourcesTracked)
                  .Help("Sources currently tracked by scan detection (at most scan_detection.max_sources)")
                  .Register(registry)
                  .Add({});
  if (spec_.top_sources > 0) {
    top_family_ = &prometheus::BuildGauge()
                       .Name(own_metrics::kScanTopSourcePackets)
                       .Help(
                           "Packets from the noisiest tracked sources since each was last idle for a window "
                           "(scan_detection.top_sources of them)")
                       .Register(registry);
    top_.reserve(spec_.top_sources + 1);
  }
  // Everything per-source is sized up front (bounded, so a huge max_sources
  // does not claim its memory at start), so that tracking a new source in
  // steady state allocates nothing: slots are reused with their capacity.
  constexpr std::size_t kReserveLimit = std::size_t{1} << 18;
  const std::size_t reserve = std::min<std::size_t>(spec_.max_sources, kReserveLimit);
  index_.reserve(reserve + 1);  // a new source enters before the oldest makes room
  slots_.reserve(reserve);
  links_.reserve(reserve);
  free_.reserve(reserve);
  // The first kEagerSlots slots are made now, with room for their lists
  // (about 0.5 KB each with the default thresholds: 5 MB for the default
  // 10 000 sources, in memory only once used); a larger table grows the rest
  // on first use, once each.
  constexpr std::size_t kEagerSlots = 16384;
  const std::size_t eager = std::min(reserve, kEagerSlots);
  for (std::size_t i = 0; i < eager; ++i) NewSlot();
  for (std::size_t i = eager; i > 0; --i) free_.push_back(static_cast<std::uint32_t>(i - 1));
}

void ScanDetector::DeclareRanges(const std::vector<std::string>& ranges) {
  for (const auto& range : ranges) ActiveGauge(range);
}

void ScanDetector::Publish() { tracked_->Set(static_cast<double>(index_.size())); }

bool ScanDetector::IsScanner(const IpAddress& source) const {
  const auto it = index_.find(source);
  return it != index_.end() && slots_[it->second].scanning;
}

void ScanDetector::Unlink(std::uint32_t slot) {
  Link& s = links_[slot];
  if (s.prev != kNone)
    links_[s.prev].next = s.next;
  else
    head_ = s.next;
  if (s.next != kNone)
    links_[s.next].prev = s.prev;
  else
    tail_ = s.prev;
  s.prev = s.next = kNone;
}

void ScanDetector::PushFront(std::uint32_t slot) {
  Link& s = links_[slot];
  s.prev = kNone;
  s.next = head_;
  if (head_ != kNone) links_[head_].prev = slot;
  head_ = slot;
  if (tail_ == kNone) tail_ = slot;
}

prometheus::Gauge& ScanDetector::ActiveGauge(const std::string& range) {
  auto it = active_series_.find(range);
  if (it == active_series_.end()) it = active_series_.emplace(range, &active_family_->Add({{"range", range}})).first;
  return *it->second;
}

// Forgets a tracked source (idle for a window, or evicted).
void ScanDetector::Release(std::uint32_t slot) {
  Source& s = slots_[slot];
  if (s.scanning) {
    ActiveGauge(s.range).Decrement();
    --active_count_;
  }
  if (s.top != nullptr) {
    top_family_->Remove(s.top);
    s.top = nullptr;
    top_.erase(std::find(top_.begin(), top_.end(), slot));
  }
  Unlink(slot);
  index_.erase(s.address);
  s.port_count = 0;
  s.address_count = 0;
  s.scanning = false;
  s.range.clear();
  s.packets = 0;
  links_[slot].last_seen = 0;
  free_.push_back(slot);
}

std::uint32_t ScanDetector::NewSlot() {
  slots_.emplace_back();
  links_.emplace_back();
  port_lists_.Cover(slots_.size());
  address_lists_.Cover(slots_.size());
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

std::uint32_t ScanDetector::Acquire(const IpAddress& address) {
  // The caller has already put `address` in the index.
  if (index_.size() > spec_.max_sources && tail_ != kNone) {
    Release(tail_);
    evicted_->Increment();
    ++evicted_count_;
  }
  std::uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    slot = NewSlot();
  }
  Source& s = slots_[slot];
  s.address = address;
  PushFront(slot);
  return slot;
}

void ScanDetector::Detect(Source& s, const Event& event) {
  s.scanning = true;
  s.port_count = 0;
  s.address_count = 0;
  s.range.assign(event.range);
  key_.assign(event.range);
  key_.push_back('\x1f');
  key_ += event.country;
  auto it = detected_series_.find(key_);
  if (it == detected_series_.end())
    it = detected_series_
             .emplace(key_, &detected_family_->Add(
                                {{"range", std::string(event.range)}, {"country", std::string(event.country)}}))
             .first;
  it->second->Increment();
  ActiveGauge(s.range).Increment();
  ++active_count_;
  ++detected_count_;
}

void ScanDetector::UpdateTop(std::uint32_t slot, const Event& event) {
  Source& s = slots_[slot];
  if (s.top != nullptr) {
    s.top->Set(static_cast<double>(s.packets));
    return;
  }
  if (top_.size() >= spec_.top_sources) {
    auto weakest = std::min_element(top_.begin(), top_.end(), [this](std::uint32_t a, std::uint32_t b) {
      return slots_[a].packets < slots_[b].packets;
    });
    Source& w = slots_[*weakest];
    if (w.packets >= s.packets) return;
    top_family_->Remove(w.top);
    w.top = nullptr;
    top_.erase(weakest);
  }
  s.top = &top_family_->Add(
      {{"src", s.address.ToString()}, {"range", std::string(event.range)}, {"country", std::string(event.country)}});
  s.top->Set(static_cast<double>(s.packets));
  top_.push_back(slot);
}

void ScanDetector::Observe(const Event& event) {
  if (!spec_.enabled) return;
  now_ = std::max(now_, event.time);
  const std::int64_t horizon = now_ - spec_.window_seconds;
  // Forget sources idle for a whole window (the list is ordered by last sight).
  while (tail_ != kNone && links_[tail_].last_seen <= horizon) Release(tail_);

  // One probe finds the source or makes its entry (most events come from a
  // source not tracked yet: a find and then an insert would probe twice).
  const auto [found, is_new] = index_.try_emplace(event.src_address, kNone);
  if (is_new) {
    found->second = Acquire(event.src_address);  // may release others: entries stay where they are
  } else if (found->second != head_) {
    Unlink(found->second);
    PushFront(found->second);
  }
  const std::uint32_t slot = found->second;
  Source& s = slots_[slot];
  links_[slot].last_seen = std::max(links_[slot].last_seen, event.time);
  ++s.packets;
  if (!s.scanning) {
    const std::int64_t t = event.time;
    // Entries older than the window are dropped only when a list is about to
    // reach its threshold: until then they cannot make a scanner, and one
    // seen again just gets its time renewed.
    // A list holds at most `threshold` entries (at least one): it reaches
    // the threshold only by this append, and the source is then a scanner,
    // whose lists are emptied.
    auto note = [&](auto* list, std::uint32_t& count, const auto& value, std::size_t threshold) {
      for (std::uint32_t i = 0; i < count; ++i) {
        if (list[i].value == value) {
          list[i].last = std::max(list[i].last, t);
          return;
        }
      }
      if (count + 1 >= threshold) {
        const auto kept = std::remove_if(list, list + count, [horizon](const auto& e) { return e.last <= horizon; });
        count = static_cast<std::uint32_t>(kept - list);
      }
      list[count++] = {value, t};
    };
    if (event.has_port) note(port_lists_.Of(slot), s.port_count, event.port_number, spec_.ports);
    if (event.has_dst_address) note(address_lists_.Of(slot), s.address_count, event.dst_address, spec_.addresses);
    if (s.port_count >= spec_.ports || s.address_count >= spec_.addresses) Detect(s, event);
  }
  if (top_family_ != nullptr) UpdateTop(slot, event);
  PrefetchTail();
}

void ScanDetector::PrefetchTail() const {
  // Once the table is full, each new source releases the tail and reuses its
  // slot: its index entry, its lists and its Source are then read cold. They
  // are loaded ahead in two steps, along the list: the entry before the tail
  // (its Source and its lists, found by slot number), and the tail, whose
  // Source the step before loaded (its index entry, found by address).
  if (tail_ == kNone) return;
  index_.prefetch(slots_[tail_].address);
  const std::uint32_t next = links_[tail_].prev;
  if (next == kNone) return;
  const char* source = reinterpret_cast<const char*>(&slots_[next]);
  __builtin_prefetch(source);
  __builtin_prefetch(source + sizeof(Source) - 1);
  __builtin_prefetch(port_lists_.Of(next));
  __builtin_prefetch(address_lists_.Of(next));
}

}  // namespace fwlog
