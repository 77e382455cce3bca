#include "metrics/series_index.h"

#include <algorithm>

#include "absl/strings/string_view.h"

namespace fwlog {

SeriesIndex::SeriesIndex(const std::vector<Field>& labels, std::size_t max_series) : max_series_(max_series) {
  for (const Field field : labels) {
    if (field == Field::kRouter)
      router_ = static_cast<int>(readers_.size());
    else
      key_readers_.emplace_back(field);
    readers_.emplace_back(field);
  }
  fast_labels_ = labels.size() <= FastKey::kLabels &&
                 std::all_of(readers_.begin(), readers_.end(), [](const FieldReader& r) { return r.HasWord(); });
  if (!labels.empty() && std::all_of(labels.begin(), labels.end(), DenseLabel::Supports)) {
    std::size_t block = 1;
    const bool has_asn = std::find(labels.begin(), labels.end(), Field::kAsn) != labels.end();
    for (const Field field : labels) {
      if (field == Field::kRouter) continue;
      dense_labels_.emplace_back(field, field == Field::kAsOrg && has_asn);
      block = std::min(block * dense_labels_.back().domain(), kMaxDenseSlots + 1);
    }
    if (block <= kMaxDenseSlots) {
      dense_block_ = block;
      dense_.assign(block, kNoSeries);
    } else {
      dense_labels_.clear();
    }
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
  const std::string_view router = router_ >= 0 ? readers_[static_cast<std::size_t>(router_)].Read(event) : "";
  // Full: to the overflow series, without copying the label values (a long
  // one would allocate).
  if (max_series_ > 0 && Router(router).count >= max_series_) return Overflow(router, make, made);
  values_.clear();
  for (const auto& reader : readers_) values_.emplace_back(reader.Read(event));
  return Add(values_, router, make, made);
}

std::uint32_t SeriesIndex::FindValues(const std::vector<std::string>& values, Maker make, bool& made) {
  made = false;
  key_.clear();
  for (const auto& value : values) {
    key_.append(value);
    key_.push_back('\x1f');
  }
  if (const auto it = by_text_.find(key_); it != by_text_.end()) return it->second;
  const std::string_view router = router_ >= 0 ? std::string_view(values[static_cast<std::size_t>(router_)]) : "";
  if (max_series_ > 0 && Router(router).count >= max_series_) return Overflow(router, make, made);
  return Add(values, router, make, made);
}

SeriesIndex::RouterSeries& SeriesIndex::Router(std::string_view router) {
  // absl::string_view: Debian builds abseil with its own string_view type.
  const absl::string_view key(router.data(), router.size());
  if (const auto it = routers_.find(key); it != routers_.end()) return it->second;
  return routers_[key];
}

std::uint32_t SeriesIndex::Add(const std::vector<std::string>& values, std::string_view router, Maker make,
                               bool& made) {
  const std::uint32_t id = make(values, false);
  by_text_.emplace(key_, id);
  ++Router(router).count;
  made = true;
  return id;
}

std::uint32_t SeriesIndex::Overflow(std::string_view router, Maker make, bool& made) {
  made = false;
  if (router_ < 0) router = "";
  RouterSeries& series = Router(router);
  if (series.overflow == kNoSeries) {
    std::vector<std::string> values(readers_.size(), std::string(kOverflowValue));
    if (router_ >= 0) values[static_cast<std::size_t>(router_)] = std::string(router);
    series.overflow = make(values, true);
    made = true;
  }
  return series.overflow;
}

}  // namespace fwlog
