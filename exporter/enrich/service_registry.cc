#include "enrich/service_registry.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "core/text_file.h"
#include "enrich/csv_reader.h"

namespace fwlog {
namespace {

constexpr std::string_view kUnknown = "unknown";

std::optional<std::uint32_t> ParsePort(std::string_view text) {
  std::uint32_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty() || value > 65535) {
    return std::nullopt;
  }
  return value;
}

// Builds the name table: every distinct name once, index 0 = "unknown".
class NameInterner {
 public:
  NameInterner() { Intern(kUnknown); }
  std::optional<std::uint16_t> Intern(std::string_view name) {
    if (auto it = index_.find(std::string(name)); it != index_.end()) return it->second;
    if (offsets_.size() > std::numeric_limits<std::uint16_t>::max()) return std::nullopt;
    const auto index = static_cast<std::uint16_t>(offsets_.size());
    offsets_.push_back(static_cast<std::uint32_t>(text_.size()));
    text_.append(name);
    index_.emplace(std::string(name), index);
    return index;
  }
  std::string TakeText() { return std::move(text_); }
  std::vector<std::uint32_t> TakeOffsets() {
    offsets_.push_back(static_cast<std::uint32_t>(text_.size()));  // end of the last name
    return std::move(offsets_);
  }

 private:
  std::unordered_map<std::string, std::uint16_t> index_;
  std::string text_;
  std::vector<std::uint32_t> offsets_;
};

// The ports of one protocol that no row has named yet, as disjoint ranges
// (first -> last), so that a row's range costs only the ports it wins.
class UnnamedPorts {
 public:
  explicit UnnamedPorts(std::uint32_t last_port) { ranges_.emplace(0, last_port); }

  // Calls take(first, last) for each unnamed run of ports within [lo, hi], in
  // order, and marks them named. Stops early when take returns false.
  template <typename Fn>
  bool Take(std::uint32_t lo, std::uint32_t hi, Fn&& take) {
    auto it = ranges_.upper_bound(lo);
    if (it != ranges_.begin() && std::prev(it)->second >= lo) --it;
    while (it != ranges_.end() && it->first <= hi) {
      const auto [first, last] = *it;
      const std::uint32_t from = std::max(first, lo);
      const std::uint32_t to = std::min(last, hi);
      if (!take(from, to)) return false;
      it = ranges_.erase(it);
      if (first < from) ranges_.emplace(first, from - 1);
      if (to < last) ranges_.emplace(to + 1, last);
    }
    return true;
  }

 private:
  std::map<std::uint32_t, std::uint32_t> ranges_;
};

}  // namespace

int ServiceRegistry::ProtocolIndex(std::string_view proto) {
  switch (proto.size()) {
    case 1:
      if (proto == "6") return 0;
      break;
    case 2:
      if (proto == "17") return 1;
      if (proto == "33") return 3;
      break;
    case 3:
      if (proto == "tcp") return 0;
      if (proto == "udp") return 1;
      if (proto == "132") return 2;
      break;
    case 4:
      if (proto == "sctp") return 2;
      if (proto == "dccp") return 3;
      break;
    default:
      break;
  }
  return -1;
}

std::string_view ServiceRegistry::Name(std::uint16_t index) const {
  return std::string_view(text_).substr(offsets_[index], offsets_[index + 1] - offsets_[index]);
}

std::string_view ServiceRegistry::PurposeName(std::uint16_t index) const {
  return std::string_view(purpose_text_)
      .substr(purpose_offsets_[index], purpose_offsets_[index + 1] - purpose_offsets_[index]);
}

std::string_view ServiceRegistry::Lookup(std::uint16_t port, std::string_view proto) const {
  const PortEntry* entry = Entry(port, proto);
  return entry == nullptr || entry->service == 0 ? kUnknown : Name(entry->service);
}

ServiceRegistry::PortNames ServiceRegistry::Names(std::uint16_t port, std::string_view proto) const {
  const PortEntry* entry = Entry(port, proto);
  if (entry == nullptr) return {kUnknown, kUnknown};
  const PortEntry e = *entry;
  const std::string_view service = e.service == 0 ? kUnknown : Name(e.service);
  return {service, e.purpose == 0 ? service : PurposeName(e.purpose)};
}

absl::Status ServiceRegistry::SetPurposes(const std::vector<PortPurpose>& purposes) {
  if (!ports_) {
    ports_.reset(static_cast<PortEntry*>(std::calloc(kProtocols * kPorts, sizeof(PortEntry))));
    if (!ports_) return absl::ResourceExhaustedError("out of memory for the port table");
  }
  for (std::size_t i = 0; i < kProtocols * kPorts; ++i) ports_[i].purpose = 0;
  purpose_text_.clear();
  purpose_offsets_.assign(2, 0);  // index 0: none (an empty name, never read)
  std::unordered_map<std::string, std::uint16_t> index;
  for (const auto& p : purposes) {
    const int protocol = ProtocolIndex(p.protocol);
    if (protocol < 0) return absl::InvalidArgumentError("purpose for " + p.protocol + ", which has no port table");
    auto [it, fresh] = index.try_emplace(p.purpose, static_cast<std::uint16_t>(purpose_offsets_.size() - 1));
    if (fresh) {
      if (purpose_offsets_.size() > std::numeric_limits<std::uint16_t>::max())
        return absl::ResourceExhaustedError("too many distinct purposes");
      purpose_text_.append(p.purpose);
      purpose_offsets_.push_back(static_cast<std::uint32_t>(purpose_text_.size()));
    }
    ports_[static_cast<std::size_t>(protocol) * kPorts + p.port].purpose = it->second;
  }
  return absl::OkStatus();
}

absl::StatusOr<ServiceRegistry> ServiceRegistry::LoadIanaCsv(const std::string& path) {
  auto text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return ParseIanaCsv(*text, path);
}

absl::StatusOr<ServiceRegistry> ServiceRegistry::ParseIanaCsv(std::string_view text, const std::string& name) {
  const auto error = [&name](int line, const std::string& message) {
    return absl::InvalidArgumentError(name + ":" + std::to_string(line) + ": " + message);
  };
  CsvReader csv(text, name);
  const auto header = csv.Header({"Service Name", "Port Number", "Transport Protocol"}, "the IANA header line");
  if (!header.ok()) return header.status();
  const std::vector<std::size_t>& column = *header;
  const std::size_t needed = std::max({column[0], column[1], column[2]}) + 1;
  std::vector<std::string> fields;
  absl::StatusOr<bool> more;

  ServiceRegistry registry;
  registry.ports_.reset(static_cast<PortEntry*>(std::calloc(kProtocols * kPorts, sizeof(PortEntry))));
  if (!registry.ports_) return absl::ResourceExhaustedError(name + ": out of memory for the port table");
  std::array<UnnamedPorts, kProtocols> unnamed = {UnnamedPorts(kPorts - 1), UnnamedPorts(kPorts - 1),
                                                  UnnamedPorts(kPorts - 1), UnnamedPorts(kPorts - 1)};
  NameInterner names;
  while (true) {
    more = csv.Next(fields);
    if (!more.ok()) return more.status();
    if (!*more) break;
    const int line = csv.record_line();
    if (fields.size() < needed) {
      return error(line,
                   "expected at least " + std::to_string(needed) + " fields, found " + std::to_string(fields.size()));
    }
    const auto service = TrimBlanks(fields[column[0]]);
    const auto port_text = TrimBlanks(fields[column[1]]);
    std::string proto(TrimBlanks(fields[column[2]]));
    for (auto& ch : proto) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    if (service.empty() || port_text.empty()) continue;  // Reserved/Unassigned, or a name without a port

    const auto dash = port_text.find('-');
    const auto lo = ParsePort(TrimBlanks(port_text.substr(0, dash)));
    const auto hi = dash == std::string_view::npos ? lo : ParsePort(TrimBlanks(port_text.substr(dash + 1)));
    if (!lo || !hi || *lo > *hi) return error(line, "bad port number \"" + std::string(port_text) + "\"");

    int first_protocol = 0;
    int last_protocol = kProtocols - 1;
    if (!proto.empty()) {
      first_protocol = last_protocol = ProtocolIndex(proto);
      if (first_protocol < 0) continue;  // a protocol without IANA ports here
    }
    std::optional<std::uint16_t> index;  // interned only once the row names a port
    for (int p = first_protocol; p <= last_protocol; ++p) {
      auto* table = registry.ports_.get() + static_cast<std::size_t>(p) * kPorts;
      const bool interned =
          unnamed[static_cast<std::size_t>(p)].Take(*lo, *hi, [&](std::uint32_t from, std::uint32_t to) {
            if (!index && !(index = names.Intern(service))) return false;
            std::fill(table + from, table + to + 1, PortEntry{*index, 0});  // the first named row wins
            return true;
          });
      if (!interned) return error(line, "too many distinct service names");
    }
  }
  registry.text_ = names.TakeText();
  registry.offsets_ = names.TakeOffsets();
  return registry;
}

}  // namespace fwlog
