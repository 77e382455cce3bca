#include "enrich/as_names.h"

#include <utility>

#include "core/utf8.h"

namespace fwlog {

AsNames::AsNames(Namer namer) : namer_(std::move(namer)), recent_(std::size_t{1} << kRecentBits) {
  entries_.push_back({"unknown", "unknown"});
  entries_.push_back({"private", "private"});
  names_.push_back({entries_[0].number, entries_[0].name, 0});
  names_.push_back({entries_[1].number, entries_[1].name, 1});
  ordinals_.emplace(0, 0);  // AS 0: none known
}

AsNames::Names AsNames::Miss(std::uint32_t asn) {
  auto [it, added] = ordinals_.try_emplace(asn, 0);
  if (added) it->second = Add(asn);
  if (asn != 0xffffffffu) recent_[RecentSlot(asn)] = Recent{asn + 1, it->second};
  return names_[it->second];
}

std::uint32_t AsNames::Add(std::uint32_t asn) {
  const Entry& entry = entries_.emplace_back(
      Entry{std::to_string(asn), AsLabelText(namer_ ? namer_(asn) : std::string(), kMaxNameBytes)});
  const auto ordinal = static_cast<std::uint32_t>(names_.size());
  names_.push_back({entry.number, entry.name, ordinal});
  return ordinal;
}

std::string AsLabelText(std::string_view name, std::size_t max_bytes) {
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    const std::size_t n = Utf8SequenceLength(name, i);
    const std::string_view piece = n == 0 ? std::string_view("\xEF\xBF\xBD") : name.substr(i, n);
    if (out.size() + piece.size() > max_bytes) break;
    out.append(piece);
    i += n == 0 ? 1 : n;
  }
  if (out.empty()) out = "unknown";
  return out;
}

}  // namespace fwlog
