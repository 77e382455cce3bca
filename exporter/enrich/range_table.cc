#include "enrich/range_table.h"

#include <algorithm>
#include <cstring>
#include <set>
#include <utility>

namespace fwlog {
namespace {

constexpr std::string_view kPrivate = "private";
constexpr std::string_view kOther = "other";

void Words(const IpAddress& address, std::uint64_t& hi, std::uint64_t& lo) {
  std::memcpy(&hi, address.bytes().data(), 8);
  std::memcpy(&lo, address.bytes().data() + 8, 8);
}

}  // namespace

std::uint32_t RangeTable::NameIndex(std::string name) {
  if (const auto it = name_index_.find(name); it != name_index_.end()) return it->second;
  const auto index = static_cast<std::uint32_t>(names_.size());
  name_index_.emplace(name, index);
  names_.push_back(std::move(name));
  return index;
}

std::size_t RangeTable::SlotIndex(std::uint64_t hi, std::uint64_t lo, std::size_t capacity_mask) {
  // Multiply-xorshift mix of both halves; good enough for a table built from
  // configuration (the keys are trusted, only the probes are not).
  std::uint64_t x = hi ^ (lo * 0x9E3779B97F4A7C15ull);
  x ^= x >> 32;
  x *= 0xD6E8FEB86659FD93ull;
  x ^= x >> 32;
  return static_cast<std::size_t>(x) & capacity_mask;
}

void RangeTable::Insert(Level& level, std::uint64_t hi, std::uint64_t lo, std::uint32_t name) {
  if ((level.count + 1) * 2 > level.slots.size()) {
    std::vector<Slot> old = std::move(level.slots);
    level.slots.assign(std::max<std::size_t>(8, old.size() * 2), Slot{});
    level.count = 0;
    for (const auto& slot : old) {
      if (slot.used) Insert(level, slot.hi, slot.lo, slot.name);
    }
  }
  const std::size_t mask = level.slots.size() - 1;
  for (std::size_t i = SlotIndex(hi, lo, mask);; i = (i + 1) & mask) {
    Slot& slot = level.slots[i];
    if (!slot.used) {
      slot = Slot{hi, lo, name, true};
      ++level.count;
      return;
    }
    if (slot.hi == hi && slot.lo == lo) {
      slot.name = name;
      return;
    }
  }
}

void RangeTable::Add(const Cidr& cidr, std::string name) {
  const std::uint32_t index = NameIndex(std::move(name));
  auto& levels = cidr.network.is_v4() ? v4_levels_ : v6_levels_;
  auto it =
      std::find_if(levels.begin(), levels.end(), [&](const Level& level) { return level.prefix128 <= cidr.prefix128; });
  if (it == levels.end() || it->prefix128 != cidr.prefix128) {
    Level level;
    level.prefix128 = cidr.prefix128;
    IpAddress::Bytes ones;
    ones.fill(0xff);
    Words(IpAddress::FromBytes(ones).Masked(cidr.prefix128), level.mask_hi, level.mask_lo);
    it = levels.insert(it, std::move(level));
  }
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  Words(cidr.network.Masked(cidr.prefix128), hi, lo);  // Cidr::Parse masks; a hand-made Cidr may not
  Insert(*it, hi, lo, index);
  if (cidr.network.is_v4()) {
    if (v4_sixteens_.empty()) v4_sixteens_.assign(65536 / 64, 0);
    const int bits = cidr.prefix128 - 96;
    const std::uint32_t first = cidr.network.Masked(cidr.prefix128).v4() >> 16;
    const std::uint32_t count = bits >= 16 ? 1 : std::uint32_t{1} << (16 - bits);
    for (std::uint32_t s = first; s < first + count; ++s) v4_sixteens_[s / 64] |= std::uint64_t{1} << (s % 64);
  }
}

std::int64_t RangeTable::Find(const IpAddress& address) const {
  const bool v4 = address.is_v4();
  const auto& levels = v4 ? v4_levels_ : v6_levels_;
  if (levels.empty()) return -1;
  if (v4) {
    const std::uint32_t sixteen = address.v4() >> 16;
    if ((v4_sixteens_[sixteen / 64] >> (sixteen % 64) & 1) == 0) return -1;
  }
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  Words(address, hi, lo);
  for (const Level& level : levels) {
    const std::uint64_t h = hi & level.mask_hi;
    const std::uint64_t l = lo & level.mask_lo;
    const std::size_t mask = level.slots.size() - 1;
    for (std::size_t i = SlotIndex(h, l, mask); level.slots[i].used; i = (i + 1) & mask) {
      if (level.slots[i].hi == h && level.slots[i].lo == l) return level.slots[i].name;
    }
  }
  return -1;
}

std::string_view RangeTable::Lookup(const IpAddress& address) const {
  const std::int64_t name = Find(address);
  if (name >= 0) return names_[static_cast<std::size_t>(name)];
  return address.IsGlobal() ? kOther : kPrivate;
}

std::string_view RangeTable::Lookup(const IpAddress& address, bool is_global) const {
  const std::int64_t name = Find(address);
  if (name >= 0) return names_[static_cast<std::size_t>(name)];
  return is_global ? kOther : kPrivate;
}

std::size_t RangeTable::size() const {
  std::size_t total = 0;
  for (const auto* levels : {&v4_levels_, &v6_levels_}) {
    for (const auto& level : *levels) total += level.count;
  }
  return total;
}

std::vector<std::string> RangeTable::Names() const {
  std::set<std::uint32_t> used;
  for (const auto* levels : {&v4_levels_, &v6_levels_}) {
    for (const auto& level : *levels) {
      for (const auto& slot : level.slots) {
        if (slot.used) used.insert(slot.name);
      }
    }
  }
  std::vector<std::string> out;
  for (auto index : used) out.push_back(names_[index]);
  std::sort(out.begin(), out.end());
  return out;
}

const RangeTable::RangeInfo* RangeTable::Info(std::string_view name) const {
  for (const auto& info : info_) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

}  // namespace fwlog
