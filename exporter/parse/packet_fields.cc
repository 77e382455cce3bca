#include "parse/packet_fields.h"

#include <charconv>

namespace fwlog {
namespace {

bool ContainsUpper(std::string_view haystack, std::string_view needle_upper) {
  if (needle_upper.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle_upper.size() <= haystack.size(); ++i) {
    std::size_t j = 0;
    for (; j < needle_upper.size(); ++j) {
      char c = haystack[i + j];
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (c != needle_upper[j]) break;
    }
    if (j == needle_upper.size()) return true;
  }
  return false;
}

}  // namespace

bool SetSource(Event& event, std::string_view text) {
  const auto address = IpAddress::Parse(text);
  if (!address) return false;
  event.src_address = *address;
  event.family = address->is_v4() ? "ipv4" : "ipv6";
  event.src.assign(text);
  return true;
}

void SetDestination(Event& event, std::string_view text) {
  const auto address = IpAddress::Parse(text);
  if (!address) return;
  event.dst_address = *address;
  event.has_dst_address = true;
  event.dst.assign(text);
}

void SetProto(Event& event, std::string_view text) {
  struct Known {
    std::string_view number, name;
  };
  static constexpr Known kNumbers[] = {{"1", "icmp"},  {"2", "igmp"},     {"4", "ipip"},   {"6", "tcp"},
                                       {"17", "udp"},  {"41", "ipv6"},    {"47", "gre"},   {"50", "esp"},
                                       {"51", "ah"},   {"58", "icmpv6"},  {"89", "ospf"},  {"103", "pim"},
                                       {"112", "vrrp"}, {"132", "sctp"}, {"136", "udplite"}, {"33", "dccp"}};
  for (const auto& k : kNumbers) {
    if (text == k.number) {
      event.proto.assign(k.name);
      return;
    }
  }
  event.proto.assign(text);
  AsciiLower(event.proto);
  if (event.proto == "ipv6-icmp") event.proto = "icmpv6";
}

bool ProtoHasPorts(std::string_view p) {
  return p == "tcp" || p == "udp" || p == "udplite" || p == "sctp" || p == "dccp";
}

std::optional<std::uint16_t> ParsePort(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

bool SetPorts(Event& event, std::string_view sport, std::string_view dport) {
  const auto port = ParsePort(dport);
  if (!port) return false;
  event.port_number = *port;
  event.has_port = true;
  // Canonical text (no leading zeros), so "022" and "22" are one series.
  char buf[8];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, unsigned{*port});
  event.port.assign(buf, end);
  if (const auto s = ParsePort(sport)) {
    const auto [send, sec] = std::to_chars(buf, buf + sizeof buf, unsigned{*s});
    event.sport.assign(buf, send);
  }
  return true;
}

Action ActionFromWords(std::string_view text) {
  if (ContainsUpper(text, "REJECT")) return Action::kReject;
  if (ContainsUpper(text, "DROP") || ContainsUpper(text, "DENY") || ContainsUpper(text, "BLOCK") ||
      ContainsUpper(text, "DISCARD"))
    return Action::kDrop;
  if (ContainsUpper(text, "ACCEPT") || ContainsUpper(text, "ALLOW") || ContainsUpper(text, "AUDIT") ||
      ContainsUpper(text, "PASS"))
    return Action::kAccept;
  return Action::kNone;
}

}  // namespace fwlog
