#include "enrich/range_table.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace fwlog {
namespace {

constexpr std::string_view kPrivate = "private";
constexpr std::string_view kOther = "other";
constexpr std::string_view kUnknown = "unknown";

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
  categories_.emplace_back(kUnknown);
  blocks_per_name_.push_back(0);
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

std::optional<RangeTable::Slot> RangeTable::Insert(Level& level, std::uint64_t hi, std::uint64_t lo, std::uint32_t name,
                                                   std::uint32_t tag, bool replace) {
  if ((level.count + 1) * 2 > level.slots.size()) {
    std::vector<Slot> old = std::move(level.slots);
    level.slots.assign(std::max<std::size_t>(8, old.size() * 2), Slot{});
    level.count = 0;
    for (const auto& slot : old) {
      if (slot.used()) Insert(level, slot.hi, slot.lo, slot.name, slot.tag, false);
    }
  }
  const std::size_t mask = level.slots.size() - 1;
  for (std::size_t i = SlotIndex(hi, lo, mask);; i = (i + 1) & mask) {
    Slot& slot = level.slots[i];
    if (!slot.used()) {
      slot = Slot{hi, lo, name, tag};
      ++level.count;
      return std::nullopt;
    }
    if (slot.hi == hi && slot.lo == lo) {
      const Slot before = slot;
      if (replace) {
        slot.name = name;
        slot.tag = tag;
      }
      return before;
    }
  }
}

void RangeTable::Add(const Cidr& cidr, std::string name) { AddIndex(cidr, NameIndex(std::move(name)), 0, true); }

std::optional<std::pair<std::uint32_t, std::uint32_t>> RangeTable::AddIndex(const Cidr& cidr, std::uint32_t index,
                                                                            std::uint32_t tag, bool replace) {
  auto& levels = cidr.network.is_v4() ? v4_levels_ : v6_levels_;
  if (cidr.network.is_v4()) flat_ = false;
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
  const auto before = Insert(*it, hi, lo, index, tag, replace);
  if (before) {
    if (replace) {
      --blocks_per_name_[before->name];
      ++blocks_per_name_[index];
    }
    return std::make_pair(before->name, before->tag);
  }
  ++blocks_per_name_[index];
  if (cidr.network.is_v4()) {
    if (v4_sixteens_.empty()) v4_sixteens_.assign(65536 / 64, 0);
    const int bits = cidr.prefix128 - 96;
    const std::uint32_t first = cidr.network.Masked(cidr.prefix128).v4() >> 16;
    const std::uint32_t count = bits >= 16 ? 1 : std::uint32_t{1} << (16 - bits);
    for (std::uint32_t s = first; s < first + count; ++s) v4_sixteens_[s / 64] |= std::uint64_t{1} << (s % 64);
  }
  return std::nullopt;
}

void RangeTable::SetCategory(std::string_view name, std::string category) {
  if (const auto it = name_index_.find(std::string(name)); it != name_index_.end()) {
    categories_[it->second] = category.empty() ? std::string(kUnknown) : std::move(category);
  }
}

void RangeTable::Flatten() {
  struct Block {
    std::uint32_t first, last, name;
    int bits;
  };
  std::vector<Block> blocks;
  for (const Level& level : v4_levels_) {
    const int bits = level.prefix128 - 96;
    for (const Slot& slot : level.slots) {
      if (!slot.used()) continue;
      IpAddress::Bytes bytes{};
      std::memcpy(bytes.data(), &slot.hi, 8);
      std::memcpy(bytes.data() + 8, &slot.lo, 8);
      const std::uint32_t first = IpAddress::FromBytes(bytes).v4();
      const std::uint32_t size_minus_one = bits == 0 ? ~std::uint32_t{0} : (std::uint32_t{1} << (32 - bits)) - 1;
      blocks.push_back({first, first + size_minus_one, slot.name, bits});
    }
  }
  // Outer blocks before the blocks nested in them: CIDR blocks nest or are
  // disjoint, so a stack of the open blocks gives the innermost at each point.
  std::sort(blocks.begin(), blocks.end(),
            [](const Block& a, const Block& b) { return a.first != b.first ? a.first < b.first : a.bits < b.bits; });
  v4_first_.clear();
  v4_last_.clear();
  v4_name_.clear();
  const auto emit = [&](std::uint64_t first, std::uint64_t last, std::uint32_t name) {
    if (first > last) return;
    if (!v4_last_.empty() && v4_name_.back() == name && std::uint64_t{v4_last_.back()} + 1 == first) {
      v4_last_.back() = static_cast<std::uint32_t>(last);  // adjacent, same name: one interval
      return;
    }
    v4_first_.push_back(static_cast<std::uint32_t>(first));
    v4_last_.push_back(static_cast<std::uint32_t>(last));
    v4_name_.push_back(name);
  };
  std::vector<Block> open;
  std::uint64_t at = 0;  // the first address not yet emitted
  const auto close_before = [&](std::uint64_t limit) {
    while (!open.empty() && open.back().last < limit) {
      emit(at, open.back().last, open.back().name);
      at = std::uint64_t{open.back().last} + 1;
      open.pop_back();
    }
  };
  for (const Block& b : blocks) {
    close_before(b.first);
    if (!open.empty()) emit(at, std::uint64_t{b.first} - 1, open.back().name);
    at = b.first;
    open.push_back(b);
  }
  close_before(std::uint64_t{1} << 32);
  v4_bucket_.assign(65537, 0);
  std::size_t i = 0;
  for (std::uint64_t bucket = 0; bucket <= 65536; ++bucket) {
    while (i < v4_last_.size() && v4_last_[i] < (bucket << 16)) ++i;
    v4_bucket_[bucket] = static_cast<std::uint32_t>(i);
  }
  flat_ = true;
}

std::int64_t RangeTable::FindFlatV4(std::uint32_t address) const {
  const std::uint32_t sixteen = address >> 16;
  if ((v4_sixteens_[sixteen / 64] >> (sixteen % 64) & 1) == 0) return -1;
  // The interval holding `address`, if any, is the first one ending at or
  // after it: among those from the /16's first to the next /16's first.
  const std::uint32_t* last = v4_last_.data();
  std::size_t lo = v4_bucket_[sixteen];
  std::size_t hi = std::min<std::size_t>(v4_bucket_[sixteen + 1] + 1, v4_last_.size());
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (last[mid] < address) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < v4_last_.size() && v4_first_[lo] <= address) return v4_name_[lo];
  return -1;
}

std::int64_t RangeTable::Find(const IpAddress& address) const {
  if (flat_ && address.is_v4()) return v4_levels_.empty() ? -1 : FindFlatV4(address.v4());
  return FindByLevels(address);
}

std::int64_t RangeTable::FindByLevels(const IpAddress& address) const {
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
    for (std::size_t i = SlotIndex(h, l, mask); level.slots[i].used(); i = (i + 1) & mask) {
      if (level.slots[i].hi == h && level.slots[i].lo == l) return level.slots[i].name;
    }
  }
  return -1;
}

RangeTable::Hit RangeTable::HitOf(std::int64_t name, bool is_global) const {
  if (name >= 0) return {names_[static_cast<std::size_t>(name)], categories_[static_cast<std::size_t>(name)]};
  return is_global ? Hit{kOther, kOther} : Hit{kPrivate, kPrivate};
}

RangeTable::Hit RangeTable::Match(const IpAddress& address, bool is_global) const {
  return HitOf(Find(address), is_global);
}

RangeTable::Hit RangeTable::MatchReference(const IpAddress& address, bool is_global) const {
  return HitOf(FindByLevels(address), is_global);
}

std::size_t RangeTable::size() const {
  std::size_t total = 0;
  for (const auto* levels : {&v4_levels_, &v6_levels_}) {
    for (const auto& level : *levels) total += level.count;
  }
  return total;
}

std::vector<std::string> RangeTable::Names() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (blocks_per_name_[i] > 0) out.push_back(names_[i]);
  }
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
