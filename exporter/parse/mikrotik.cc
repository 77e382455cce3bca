#include "parse/mikrotik.h"

#include "core/byte_scan.h"
#include "parse/packet_fields.h"

namespace fwlog {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Position of "in:" at the start of `msg` or after a space, with " out:" later.
std::size_t FindIn(std::string_view msg) {
  if (msg.substr(0, 3) == "in:") return 0;
  const auto pos = Find(msg, " in:");
  return pos == std::string_view::npos ? pos : pos + 1;
}

// "1.2.3.4:80", "1.2.3.4", "[2001:db8::1]:80", "2001:db8::1" -> address, port.
void SplitEndpoint(std::string_view s, std::string_view& address, std::string_view& port) {
  port = {};
  if (!s.empty() && s[0] == '[') {
    const auto close = s.find(']');
    if (close == std::string_view::npos) {
      address = s;
      return;
    }
    address = s.substr(1, close - 1);
    if (close + 1 < s.size() && s[close + 1] == ':') port = s.substr(close + 2);
    return;
  }
  const auto colon = s.find(':');
  if (colon != std::string_view::npos && s.find(':', colon + 1) == std::string_view::npos) {
    address = s.substr(0, colon);
    port = s.substr(colon + 1);
    return;
  }
  address = s;
}

void SetInterface(std::string_view& slot, std::string_view name) {
  if (!name.empty() && name.front() == '(') name = {};  // "(unknown 0)", "(none)"
  slot = name;
}

void SetFlags(Event& event, std::string_view flags) {
  std::string& built = event.Build(Field::kTcpFlags);
  for (const char c : flags) {
    if (c == ' ') continue;
    built.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  event.tcp_flags = built;
}

}  // namespace

ParseResult MikrotikParser::Parse(const Envelope& envelope, ParseState& state, Event& event) const {
  const std::string_view msg = envelope.message;
  const std::size_t in_at = FindIn(msg);
  if (in_at == std::string_view::npos) return ParseResult::Unmatched();
  const auto out_at = Find(msg, " out:", in_at);
  if (out_at == std::string_view::npos) return ParseResult::Unmatched();

  // Head: [topics] [PREFIX ]CHAIN:
  std::string_view head = Trim(msg.substr(0, in_at));
  if (const auto first = head.substr(0, head.find(' ')); IsTopicList(first)) head = Trim(head.substr(first.size()));
  std::string_view chain, prefix;
  if (!head.empty() && head.back() == ':') {
    const auto space = head.rfind(' ');
    chain = head.substr(space == std::string_view::npos ? 0 : space + 1);
    chain.remove_suffix(1);
    prefix = Trim(head.substr(0, head.size() - chain.size() - 1));
  } else {
    chain = envelope.tag;
    prefix = head;
  }
  if (!prefix.empty() && prefix.back() == ':') prefix = Trim(prefix.substr(0, prefix.size() - 1));
  std::string_view rule = prefix;
  if (rule.size() >= 2 && rule.front() == '[' && rule.back() == ']' && rule.find(']') == rule.size() - 1)
    rule = Trim(rule.substr(1, rule.size() - 2));

  // in:IF out:IF, ...
  const std::string_view in = msg.substr(in_at + 3, out_at - in_at - 3);
  std::string_view rest = msg.substr(out_at + 5);
  const auto out_end = Find(rest, ", ");
  const std::string_view out = rest.substr(0, out_end);
  const auto missing = ParseResult::Invalid(InvalidReason::kMissingField);
  if (out_end == std::string_view::npos) return missing;
  rest = rest.substr(out_end + 2);

  // ..., proto P[ (X)], SRC->DST, ...
  std::size_t proto_at;
  if (rest.substr(0, 6) == "proto ") {
    proto_at = 6;
  } else {
    proto_at = Find(rest, " proto ");
    if (proto_at == std::string_view::npos) return missing;
    proto_at += 7;
  }
  rest = rest.substr(proto_at);
  std::size_t name_end = 0;
  while (name_end < rest.size() && rest[name_end] != ',' && rest[name_end] != ' ') ++name_end;
  const std::string_view proto = rest.substr(0, name_end);
  rest = rest.substr(name_end);
  std::string_view detail;
  if (rest.substr(0, 2) == " (") {
    const auto close = rest.find(')');
    if (close == std::string_view::npos) return missing;
    detail = rest.substr(2, close - 2);
    rest = rest.substr(close + 1);
  }
  if (rest.substr(0, 2) != ", ") return missing;
  rest = rest.substr(2);
  const std::string_view addresses = rest.substr(0, rest.find(','));
  const auto arrow = addresses.find("->");
  if (proto.empty() || arrow == std::string_view::npos) return missing;

  std::string_view src, sport, dst, dport;
  SplitEndpoint(Trim(addresses.substr(0, arrow)), src, sport);
  SplitEndpoint(Trim(addresses.substr(arrow + 2)), dst, dport);
  if (!SetSource(event, src)) return ParseResult::Invalid(InvalidReason::kBadAddress);
  SetDestination(event, dst, state);
  if (!SetProto(event, proto)) return ParseResult::Invalid(InvalidReason::kBadProtocol);
  event.tcp_flags = {};
  if (ProtoHasPorts(event.proto)) {
    if (!SetPorts(event, sport, dport)) return ParseResult::Invalid(InvalidReason::kBadPort);
    if (event.proto == "tcp") SetFlags(event, detail);
  }
  SetInterface(event.in, in);
  SetInterface(event.out, out);
  event.rule = rule.empty() ? chain : rule;
  event.action = ActionFromWords(prefix);
  event.matched_by = "mikrotik";
  return ParseResult::Matched();
}

}  // namespace fwlog
