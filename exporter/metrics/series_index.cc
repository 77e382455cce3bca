#include "metrics/series_index.h"

#include <algorithm>

#include "absl/strings/string_view.h"

namespace fwlog {

SeriesIndex::SeriesIndex(const std::vector<Field>& labels, std::size_t max_series) : max_series_(max_series) {
  for (const Field field : labels) readers_.emplace_back(field);
  fast_labels_ = labels.size() <= FastKey::kLabels &&
                 std::all_of(readers_.begin(), readers_.end(), [](const FieldReader& r) { return r.HasWord(); });
  fast_capacity_ = max_series > 0 ? 2 * max_series + 1024 : std::size_t{1} << 20;
  if (!labels.empty() && std::all_of(labels.begin(), labels.end(), DenseLabel::Supports)) {
    std::size_t slots = 1;
    for (const Field field : labels) {
      dense_labels_.emplace_back(field);
      slots = std::min(slots * dense_labels_.back().domain(), kMaxDenseSlots + 1);
    }
    if (slots <= kMaxDenseSlots)
      dense_.assign(slots, kNoSeries);
    else
      dense_labels_.clear();
  }
  by_text_.reserve(max_series > 0 ? std::min<std::size_t>(max_series, 4096) : 64);
  key_.reserve(256);
}

std::uint32_t SeriesIndex::FindByText(const Event& event, Maker make, bool& made) {
  key_.clear();
  for (const auto& reader : readers_) {
    key_.append(reader.Read(event));
    key_.push_back('\x1f');
  }
  // absl::string_view: Debian builds abseil with its own string_view type.
  if (const auto it = by_text_.find(absl::string_view(key_.data(), key_.size())); it != by_text_.end())
    return it->second;
  // Full: to the overflow series, without copying the label values (a long
  // one would allocate).
  if (full()) return Overflow(make, made);
  values_.clear();
  for (const auto& reader : readers_) values_.emplace_back(reader.Read(event));
  return Add(values_, make, made);
}

std::uint32_t SeriesIndex::FindValues(const std::vector<std::string>& values, Maker make, bool& made) {
  made = false;
  key_.clear();
  for (const auto& value : values) {
    key_.append(value);
    key_.push_back('\x1f');
  }
  if (const auto it = by_text_.find(key_); it != by_text_.end()) return it->second;
  if (full()) return Overflow(make, made);
  return Add(values, make, made);
}

std::uint32_t SeriesIndex::Add(const std::vector<std::string>& values, Maker make, bool& made) {
  const std::uint32_t id = make(values, false);
  by_text_.emplace(key_, id);
  made = true;
  return id;
}

std::uint32_t SeriesIndex::Overflow(Maker make, bool& made) {
  if (overflow_ == kNoSeries) {
    overflow_ = make(std::vector<std::string>(readers_.size(), std::string(kOverflowValue)), true);
    made = true;
  }
  return overflow_;
}

}  // namespace fwlog
