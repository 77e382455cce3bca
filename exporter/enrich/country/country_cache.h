// CountryCache: a bounded address -> Origin (country, AS number, drop flag)
// memo in front of a location database.
//
// libloc answers in microseconds (and allocates), libmaxminddb in about
// 0.1 µs, while a firewall log repeats the same sources over and over (a
// scanner knocks on many ports), so answers are remembered. The table is
// 4-way set-associative with LRU replacement inside each set: `capacity`
// slots (a power of two, 28 bytes each) allocated once; an address may live in
// any of the 4 slots of the set its hash selects, and a new address evicts the
// set's least recently used one. So memory is fixed, Find() and Insert()
// never allocate, a hostile stream of distinct addresses costs misses but
// never memory, and, unlike a direct-mapped table, two busy sources that hash
// alike do not keep evicting each other. The hash mixes all 16 bytes, so IPv4
// and IPv6 spread alike.
//
// Not thread-safe (even Find() updates the LRU order): each pipeline thread
// owns its CountryDb and so its caches.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/ip_address.h"
#include "enrich/country/origin.h"

namespace fwlog {

class CountryCache {
 public:
  static constexpr std::size_t kWays = 4;
  static constexpr std::size_t kDefaultCapacity = 16384;

  // `capacity` is rounded up to a power of two, and to at least kWays.
  explicit CountryCache(std::size_t capacity = kDefaultCapacity);

  // True, with `origin` set, when `address` is cached; marks it most recently used.
  bool Find(const IpAddress& address, Origin& origin);
  // Remembers `origin` for `address` as most recently used, evicting the least
  // recently used address of its set when the set is full.
  void Insert(const IpAddress& address, Origin origin);

  std::size_t capacity() const { return slots_.size(); }
  // Counters for tests and self-metrics.
  std::uint64_t hits() const { return hits_; }
  std::uint64_t misses() const { return misses_; }

 private:
  struct Slot {
    IpAddress address;
    Origin origin;
    bool used = false;
  };
  // The first slot of `address`'s set; the set is slots [first, first + kWays),
  // most recently used first.
  std::size_t SetOf(const IpAddress& address) const;

  std::vector<Slot> slots_;
  std::size_t set_mask_ = 0;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace fwlog
