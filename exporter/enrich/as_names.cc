#include "enrich/as_names.h"

#include <utility>

#include "core/utf8.h"

namespace fwlog {

AsNames::AsNames(Namer namer)
    : namer_(std::move(namer)),
      unknown_(std::make_unique<Entry>(Entry{"unknown", "unknown", 0})),
      private_(std::make_unique<Entry>(Entry{"private", "private", 1})) {}

AsNames::Names AsNames::Miss(std::uint32_t asn) {
  const Entry* entry = unknown_.get();
  if (asn != 0) {
    auto [it, added] = entries_.try_emplace(asn);
    if (added) {
      it->second = std::make_unique<Entry>(Entry{std::to_string(asn),
                                                 AsLabelText(namer_ ? namer_(asn) : std::string(), kMaxNameBytes),
                                                 static_cast<std::uint32_t>(entries_.size() + 1)});
    }
    entry = it->second.get();
  }
  const Names names{entry->number, entry->name, entry->ordinal};
  recent_[asn % kRecent] = Recent{asn, names};
  return names;
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
