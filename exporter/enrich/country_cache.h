// CountryCache: a bounded address -> CountryCode memo in front of a country
// database.
//
// libloc answers in about 4.7 µs and libmaxminddb in about 0.14 µs, while a
// firewall log repeats the same sources over and over (a scanner knocks on many
// ports), so the answer is remembered per address. The table is direct-mapped:
// `capacity` slots (a power of two) allocated once, each holding one address
// and its code; a new address takes the slot its hash selects, evicting the
// previous one. So memory is fixed (20 bytes a slot), Find() and Insert() never
// allocate, and a hostile stream of distinct addresses costs misses, never
// memory. The hash mixes all 16 bytes, so IPv4 and IPv6 spread alike.
//
// Not thread-safe: each pipeline thread owns its CountryDb and cache.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/ip_address.h"
#include "enrich/country_code.h"

namespace fwlog {

class CountryCache {
 public:
  static constexpr std::size_t kDefaultCapacity = 16384;

  // `capacity` is rounded up to a power of two (at least 1).
  explicit CountryCache(std::size_t capacity = kDefaultCapacity);

  // True, with `code` set, when `address` is cached.
  bool Find(const IpAddress& address, CountryCode& code) const;
  // Remembers `code` for `address`, evicting whatever shared its slot.
  void Insert(const IpAddress& address, CountryCode code);

  std::size_t capacity() const { return slots_.size(); }
  // Counters for tests and self-metrics.
  std::uint64_t hits() const { return hits_; }
  std::uint64_t misses() const { return misses_; }

 private:
  struct Slot {
    IpAddress address;
    CountryCode code;
    bool used = false;
  };
  std::size_t SlotOf(const IpAddress& address) const;

  std::vector<Slot> slots_;
  mutable std::uint64_t hits_ = 0;
  mutable std::uint64_t misses_ = 0;
};

}  // namespace fwlog
