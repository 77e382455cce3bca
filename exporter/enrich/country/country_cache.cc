#include "enrich/country/country_cache.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace fwlog {
namespace {

// IpAddress's operator== compares the byte arrays through memcmp (a call);
// two 8-byte loads per side do it inline.
bool Same(const IpAddress& a, const IpAddress& b) {
  std::uint64_t a0, a1, b0, b1;
  std::memcpy(&a0, a.bytes().data(), 8);
  std::memcpy(&a1, a.bytes().data() + 8, 8);
  std::memcpy(&b0, b.bytes().data(), 8);
  std::memcpy(&b1, b.bytes().data() + 8, 8);
  return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

}  // namespace

CountryCache::CountryCache(std::size_t capacity)
    : slots_(std::bit_ceil(std::max(capacity, kWays))), set_mask_(slots_.size() / kWays - 1) {}

std::size_t CountryCache::SetOf(const IpAddress& address) const {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  std::memcpy(&hi, address.bytes().data(), 8);
  std::memcpy(&lo, address.bytes().data() + 8, 8);
  std::uint64_t x = hi ^ (lo * 0x9E3779B97F4A7C15ull);
  x ^= x >> 32;
  x *= 0xD6E8FEB86659FD93ull;
  x ^= x >> 32;
  return (static_cast<std::size_t>(x) & set_mask_) * kWays;
}

bool CountryCache::Find(const IpAddress& address, Origin& origin) {
  Slot* set = slots_.data() + SetOf(address);
  for (std::size_t way = 0; way < kWays && set[way].used; ++way) {
    if (Same(set[way].address, address)) {
      origin = set[way].origin;
      std::rotate(set, set + way, set + way + 1);  // move to the front; a no-op for way 0
      ++hits_;
      return true;
    }
  }
  ++misses_;
  return false;
}

void CountryCache::Insert(const IpAddress& address, Origin origin) {
  Slot* set = slots_.data() + SetOf(address);
  std::size_t way = 0;
  while (way < kWays - 1 && set[way].used && !Same(set[way].address, address)) ++way;
  // `way` is the address's own slot, the first free one, or the last (LRU).
  std::rotate(set, set + way, set + way + 1);
  set[0] = Slot{address, origin, true};
}

}  // namespace fwlog
