#include "enrich/country_cache.h"

#include <bit>
#include <cstring>

namespace fwlog {

CountryCache::CountryCache(std::size_t capacity) : slots_(std::bit_ceil(capacity == 0 ? 1 : capacity)) {}

std::size_t CountryCache::SlotOf(const IpAddress& address) const {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  std::memcpy(&hi, address.bytes().data(), 8);
  std::memcpy(&lo, address.bytes().data() + 8, 8);
  std::uint64_t x = hi ^ (lo * 0x9E3779B97F4A7C15ull);
  x ^= x >> 32;
  x *= 0xD6E8FEB86659FD93ull;
  x ^= x >> 32;
  return static_cast<std::size_t>(x) & (slots_.size() - 1);
}

bool CountryCache::Find(const IpAddress& address, CountryCode& code) const {
  const Slot& slot = slots_[SlotOf(address)];
  if (slot.used && slot.address == address) {
    ++hits_;
    code = slot.code;
    return true;
  }
  ++misses_;
  return false;
}

void CountryCache::Insert(const IpAddress& address, CountryCode code) {
  slots_[SlotOf(address)] = Slot{address, code, true};
}

}  // namespace fwlog
