#include "parse/zyxel.h"

#include <array>

#include "core/byte_scan.h"
#include "parse/packet_fields.h"

namespace fwlog {
namespace {

enum Key : std::uint8_t { kSrc, kDst, kMsg, kCat, kAction, kProtoId, kDir, kKeyCount };

// The first value of each key we read, from `key="value"` or `key=value`
// words; `found` says which were present (a value may be empty).
struct Values {
  std::array<std::string_view, kKeyCount> value{};
  std::array<bool, kKeyCount> found{};
};

Values ReadValues(std::string_view msg) {
  static constexpr std::string_view kNames[kKeyCount] = {"src", "dst", "msg", "cat", "action", "protoID", "dir"};
  Values v;
  std::size_t i = 0;
  while (i < msg.size()) {
    while (i < msg.size() && msg[i] == ' ') ++i;
    const std::size_t key_start = i;
    while (i < msg.size() && msg[i] != '=' && msg[i] != ' ') ++i;
    if (i >= msg.size() || msg[i] != '=') continue;  // a bare word
    const std::string_view key = msg.substr(key_start, i - key_start);
    ++i;
    std::string_view value;
    if (i < msg.size() && msg[i] == '"') {
      const std::size_t close = msg.find('"', i + 1);
      const std::size_t end = close == std::string_view::npos ? msg.size() : close;
      value = msg.substr(i + 1, end - i - 1);
      i = end + 1;
    } else {
      const std::size_t end = std::min(msg.find(' ', i), msg.size());
      value = msg.substr(i, end - i);
      i = end;
    }
    for (std::size_t k = 0; k < kKeyCount; ++k) {
      if (!v.found[k] && key == kNames[k]) {
        v.found[k] = true;
        v.value[k] = value;
      }
    }
  }
  return v;
}

bool FirewallCategory(std::string_view cat) {
  for (const auto c : {"Security Policy Control", "Traffic Log", "Firewall", "Access Control"})
    if (cat == c) return true;
  return false;
}

// "198.51.100.7:40001" -> address and port; an address with more colons
// (IPv6) has no port part.
void SplitEndpoint(std::string_view text, std::string_view& address, std::string_view& port) {
  const auto colon = text.find(':');
  if (colon != std::string_view::npos && text.find(':', colon + 1) == std::string_view::npos) {
    address = text.substr(0, colon);
    port = text.substr(colon + 1);
  } else {
    address = text;
    port = {};
  }
}

bool IsNumber(std::string_view s) {
  if (s.empty() || s.size() > 3) return false;
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

ParseResult ZyxelParser::Parse(const Envelope& envelope, ParseState& state, Event& event) const {
  const std::string_view msg = envelope.message;
  // The marker: src="..." and the other keys; one vector scan rejects most lines.
  if (Find(msg, "src=\"") == std::string_view::npos || Find(msg, "msg=\"") == std::string_view::npos)
    return ParseResult::Unmatched();
  const Values v = ReadValues(msg);
  if (!v.found[kSrc] || !v.found[kDst] || !v.found[kMsg] || !v.found[kCat]) return ParseResult::Unmatched();
  if (!FirewallCategory(v.value[kCat])) return ParseResult::Unmatched();
  if (!IsNumber(v.value[kProtoId])) return ParseResult::Invalid(InvalidReason::kMissingField);

  std::string_view src, sport, dst, dport;
  SplitEndpoint(v.value[kSrc], src, sport);
  SplitEndpoint(v.value[kDst], dst, dport);
  if (!IpAddress::Parse(src) || !IpAddress::Parse(dst)) return ParseResult::Invalid(InvalidReason::kBadAddress);
  SetSource(event, src);
  SetDestination(event, dst, state);
  if (!SetProto(event, v.value[kProtoId])) return ParseResult::Invalid(InvalidReason::kBadProtocol);
  if (ProtoHasPorts(event.proto) && !dport.empty() && !SetPorts(event, sport, dport))
    return ParseResult::Invalid(InvalidReason::kBadPort);
  if (const std::string_view dir = v.value[kDir]; !dir.empty()) {
    const auto colon = dir.find(':');
    event.in = dir.substr(0, colon);
    if (colon != std::string_view::npos) event.out = dir.substr(colon + 1);
  }
  event.action = ActionFromWords(v.value[kAction]);
  event.rule = v.value[kMsg];
  event.matched_by = "zyxel";
  return ParseResult::Matched();
}

}  // namespace fwlog
