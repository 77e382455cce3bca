#include "app/recent_lines.h"

#include "absl/hash/hash.h"

namespace fwlog {

RecentLines::RecentLines(std::size_t capacity) : ring_(capacity == 0 ? 1 : capacity) { counts_.reserve(ring_.size()); }

bool RecentLines::Seen(std::string_view text) {
  const std::uint64_t digest = absl::Hash<std::string_view>{}(text);
  if (counts_.contains(digest)) return true;
  if (size_ == ring_.size()) {
    const std::uint64_t old = ring_[next_];
    if (auto it = counts_.find(old); it != counts_.end() && --it->second == 0) counts_.erase(it);
  } else {
    ++size_;
  }
  ring_[next_] = digest;
  next_ = (next_ + 1) % ring_.size();
  ++counts_[digest];
  return false;
}

}  // namespace fwlog
