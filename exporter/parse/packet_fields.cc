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
  SetText(event.family, address->is_v4() ? std::string_view("ipv4") : std::string_view("ipv6"));
  SetText(event.src, text);
  return true;
}

void SetDestination(Event& event, std::string_view text) {
  const auto address = IpAddress::Parse(text);
  if (!address) return;
  event.dst_address = *address;
  event.has_dst_address = true;
  SetText(event.dst, text);
}

void SetProto(Event& event, std::string_view text) {
  struct Known {
    std::string_view number, name;
  };
  static constexpr Known kNumbers[] = {{"1", "icmp"},  {"2", "igmp"},     {"4", "ipip"},   {"6", "tcp"},
                                       {"17", "udp"},  {"41", "ipv6"},    {"47", "gre"},   {"50", "esp"},
                                       {"51", "ah"},   {"58", "icmpv6"},  {"89", "ospf"},  {"103", "pim"},
                                       {"112", "vrrp"}, {"132", "sctp"}, {"136", "udplite"}, {"33", "dccp"}};
  if (!text.empty() && text[0] >= '0' && text[0] <= '9') {
    for (const auto& k : kNumbers) {
      if (text == k.number) {
        SetText(event.proto, k.name);
        return;
      }
    }
  }
  SetText(event.proto, text);
  AsciiLower(event.proto);
  if (event.proto.size() == 9 && event.proto == "ipv6-icmp") event.proto.assign("icmpv6");
}

bool ProtoHasPorts(std::string_view p) {
  return p == "tcp" || p == "udp" || p == "udplite" || p == "sctp" || p == "dccp";
}

std::optional<std::uint16_t> ParsePort(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

namespace {

// "22" stays "22"; "022" becomes "22", so both are one series.
void SetPortText(std::string& field, std::string_view text, std::uint16_t value) {
  if (text.size() == 1 || text[0] != '0') {
    SetText(field, text);
    return;
  }
  char buf[8];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, unsigned{value});
  SetText(field, std::string_view(buf, static_cast<std::size_t>(end - buf)));
}

}  // namespace

bool SetPorts(Event& event, std::string_view sport, std::string_view dport) {
  const auto port = ParsePort(dport);
  if (!port) return false;
  event.port_number = *port;
  event.has_port = true;
  SetPortText(event.port, dport, *port);
  if (const auto s = ParsePort(sport)) SetPortText(event.sport, sport, *s);
  else event.sport.clear();
  return true;
}

Action ActionFromWords(std::string_view text) {
  // One pass: at each letter that can start a verdict word, compare the word
  // there (case-insensitively); REJECT beats DROP-like beats ACCEPT-like.
  bool drop = false, accept = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    const std::string_view rest = text.substr(i);
    switch (c) {
      case 'R':
        if (ContainsUpper(rest.substr(0, 6), "REJECT")) return Action::kReject;
        break;
      case 'D':
        drop = drop || ContainsUpper(rest.substr(0, 4), "DROP") || ContainsUpper(rest.substr(0, 4), "DENY") ||
               ContainsUpper(rest.substr(0, 7), "DISCARD");
        break;
      case 'B':
        drop = drop || ContainsUpper(rest.substr(0, 5), "BLOCK");
        break;
      case 'A':
        accept = accept || ContainsUpper(rest.substr(0, 6), "ACCEPT") || ContainsUpper(rest.substr(0, 5), "ALLOW") ||
                 ContainsUpper(rest.substr(0, 5), "AUDIT");
        break;
      case 'P':
        accept = accept || ContainsUpper(rest.substr(0, 4), "PASS");
        break;
      default:
        break;
    }
  }
  if (drop) return Action::kDrop;
  if (accept) return Action::kAccept;
  return Action::kNone;
}

}  // namespace fwlog
