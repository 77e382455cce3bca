#include "parse/packet_fields.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>

#include "core/byte_scan.h"
#include "parse/protocol_names.h"

namespace fwlog {
namespace {

// True when `lower` (lower-case letters) stands at `i` in `text`, in any
// case. For a letter x, (c | 0x20) == x holds exactly for c == x and its
// upper-case form.
bool WordAt(std::string_view text, std::size_t i, std::string_view lower) {
  if (text.size() - i < lower.size()) return false;
  for (std::size_t j = 0; j < lower.size(); ++j)
    if ((text[i + j] | 0x20) != lower[j]) return false;
  return true;
}

}  // namespace

bool SetSource(Event& event, std::string_view text) {
  const auto address = IpAddress::Parse(text);
  if (!address) return false;
  event.src_address = *address;
  event.family = address->is_v4() ? "ipv4" : "ipv6";
  event.src = text;
  return true;
}

void SetDestination(Event& event, std::string_view text, ParseState& state) {
  std::optional<IpAddress> address;
  if (const IpAddress* kept = state.destination.ForSame(text)) {
    address = *kept;
  } else {
    address = IpAddress::Parse(text);
    if (!address) return;
    state.destination.Keep(text, *address);
  }
  event.dst_address = *address;
  event.has_dst_address = true;
  event.dst = text;
}

bool SetProto(Event& event, std::string_view text) {
  // Netfilter spells the common ones in capitals: one compare each before
  // the table.
  static constexpr std::string_view kUpper[][2] = {{"TCP", "tcp"}, {"UDP", "udp"}, {"ICMP", "icmp"}};
  for (const auto& [upper, lower] : kUpper) {
    if (text == upper) {
      event.proto = lower;
      return true;
    }
  }
  const auto name = ProtocolName(text);
  if (!name) return false;
  event.proto = *name;
  return true;
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

// "22" stays "22"; "022" becomes "22", so both are one series. `slot` is
// the event's member for `field` (passed as such: Event::Text's switch costs
// more than the rest on the usual path).
void SetPortText(Event& event, std::string_view& slot, Field field, std::string_view text, std::uint16_t value) {
  if (text.size() == 1 || text[0] != '0') {
    slot = text;
    return;
  }
  char buf[8];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, unsigned{value});
  std::string& built = event.Build(field);
  built.assign(buf, static_cast<std::size_t>(end - buf));
  slot = built;
}

}  // namespace

bool SetPorts(Event& event, std::string_view sport, std::string_view dport) {
  const auto port = ParsePort(dport);
  if (!port) return false;
  event.port_number = *port;
  event.has_port = true;
  SetPortText(event, event.port, Field::kPort, dport, *port);
  if (const auto s = ParsePort(sport))
    SetPortText(event, event.sport, Field::kSport, sport, *s);
  else
    event.sport = {};
  return true;
}

Action ActionFromWords(std::string_view text) {
  // One pass: at each letter that can start a verdict word, compare the word
  // there (case-insensitively); REJECT beats DROP-like beats ACCEPT-like.
  bool drop = false, accept = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    switch (text[i] | 0x20) {
      case 'r':
        if (WordAt(text, i, "reject")) return Action::kReject;
        break;
      case 'd':
        drop = drop || WordAt(text, i, "drop") || WordAt(text, i, "deny") || WordAt(text, i, "discard");
        break;
      case 'b':
        drop = drop || WordAt(text, i, "block");
        break;
      case 'a':
        accept = accept || WordAt(text, i, "accept") || WordAt(text, i, "allow") || WordAt(text, i, "audit");
        break;
      case 'p':
        accept = accept || WordAt(text, i, "pass");
        break;
      default:
        break;
    }
  }
  if (drop) return Action::kDrop;
  if (accept) return Action::kAccept;
  return Action::kNone;
}

void SetTcpFlagLetters(Event& event, std::string_view letters, TcpFlagLetters set) {
  std::string* built = nullptr;
  for (const char c : letters) {
    std::string_view name;
    switch (c) {
      case 'S':
        name = "syn";
        break;
      case 'A':
        name = "ack";
        break;
      case 'F':
        name = "fin";
        break;
      case 'R':
        name = "rst";
        break;
      case 'P':
        name = "psh";
        break;
      case 'U':
        name = "urg";
        break;
      case 'E':
        if (set == TcpFlagLetters::kBasic) continue;
        name = "ece";
        break;
      case 'W':
      case 'C':
        if (set == TcpFlagLetters::kBasic) continue;
        name = "cwr";
        break;
      default:
        continue;
    }
    if (built == nullptr)
      built = &event.Build(Field::kTcpFlags);
    else
      built->push_back(',');
    built->append(name);
  }
  event.tcp_flags = built == nullptr ? std::string_view() : std::string_view(*built);
}

}  // namespace fwlog
