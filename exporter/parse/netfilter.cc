#include "parse/netfilter.h"

#include <cstring>

#include "parse/packet_fields.h"

namespace fwlog {
namespace {

// Position of the `key` ("IN=" or "OUT=") that starts the packet body: at a
// word start, not part of PHYSIN=/PHYSOUT= or another upper-case key.
std::size_t FindKey(std::string_view msg, std::string_view key) {
  std::size_t pos = 0;
  while ((pos = msg.find(key, pos)) != std::string_view::npos) {
    if (pos == 0) return pos;
    const char before = msg[pos - 1];
    if (!(before >= 'A' && before <= 'Z') && before != '_') return pos;
    pos += key.size();
  }
  return std::string_view::npos;
}

// The body starts at IN=; lines logged on an output hook by some set-ups
// (Proxmox PVEFW-HOST-OUT) have no IN= and start at OUT=.
std::size_t FindBody(std::string_view msg) {
  const std::size_t in = FindKey(msg, "IN=");
  if (in != std::string_view::npos) return in;
  return FindKey(msg, "OUT=");
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "XX=enp1s0": an upper-case key with a value, left in the prefix by a line
// whose body starts at OUT=.
bool IsKeyValue(std::string_view token) {
  const auto eq = token.find('=');
  if (eq == 0 || eq == std::string_view::npos) return false;
  for (std::size_t i = 0; i < eq; ++i)
    if (token[i] < 'A' || token[i] > 'Z') return false;
  return true;
}

std::string_view RuleOf(std::string_view prefix) {
  // Drop an envelope part the envelope reader could not remove (a repeated
  // host name, "host user.info kernel: ...").
  if (const auto k = prefix.rfind("kernel: "); k != std::string_view::npos) {
    prefix = prefix.substr(k + 8);
    if (!prefix.empty() && prefix[0] == '[') {
      const auto close = prefix.find(']');
      const auto inner = prefix.substr(1, close == std::string_view::npos ? 0 : close - 1);
      if (!inner.empty() && inner.find_first_not_of(" 0123456789.") == std::string_view::npos)
        prefix = prefix.substr(close + 1);
    }
  }
  if (const auto d = prefix.find(" DESCR=\""); d != std::string_view::npos) prefix = prefix.substr(0, d);
  prefix = Trim(prefix);
  while (!prefix.empty()) {  // trailing KEY=value tokens are not the prefix
    const auto space = prefix.rfind(' ');
    const auto last = space == std::string_view::npos ? prefix : prefix.substr(space + 1);
    if (!IsKeyValue(last)) break;
    prefix = Trim(prefix.substr(0, prefix.size() - last.size()));
  }
  if (!prefix.empty() && prefix.back() == ':') prefix.remove_suffix(1);
  prefix = Trim(prefix);
  if (prefix.size() >= 2 && prefix.front() == '[' && prefix.back() == ']' &&
      prefix.find(']') == prefix.size() - 1)
    prefix = Trim(prefix.substr(1, prefix.size() - 2));
  return prefix;
}

bool IsTcpFlag(std::string_view t) {
  return t == "SYN" || t == "ACK" || t == "FIN" || t == "RST" || t == "PSH" || t == "URG" || t == "ECE" ||
         t == "CWR";
}

}  // namespace

Action EdgeOsAction(std::string_view prefix) {
  // ...-D], ...-D-123]
  const auto close = prefix.find(']');
  if (prefix.empty() || prefix[0] != '[' || close == std::string_view::npos) return Action::kNone;
  std::string_view chain = prefix.substr(1, close - 1);
  while (!chain.empty() && chain.back() >= '0' && chain.back() <= '9') chain.remove_suffix(1);
  if (!chain.empty() && chain.back() == '-') chain.remove_suffix(1);
  if (chain.size() < 2 || chain[chain.size() - 2] != '-') return Action::kNone;
  switch (chain.back()) {
    case 'D':
      return Action::kDrop;
    case 'R':
      return Action::kReject;
    case 'A':
      return Action::kAccept;
    default:
      return Action::kNone;
  }
}

ParseResult NetfilterParser::Parse(const Envelope& envelope, Event& event) const {
  const std::string_view msg = envelope.message;
  const std::size_t body_at = FindBody(msg);
  if (body_at == std::string_view::npos) return ParseResult::Unmatched();

  std::string_view body = msg.substr(body_at);
  if (const auto bracket = body.find('['); bracket != std::string_view::npos) body = body.substr(0, bracket);

  std::string_view in, out, src, dst, proto, spt, dpt;
  bool have_in = false, have_out = false, have_src = false, have_dst = false, have_proto = false,
       have_spt = false, have_dpt = false;
  event.tcp_flags.clear();
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t end = body.find(' ', pos);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view token = body.substr(pos, end - pos);
    pos = end + 1;
    if (token.empty()) continue;
    const auto eq = token.find('=');
    if (eq == std::string_view::npos) {
      if (IsTcpFlag(token)) {
        if (!event.tcp_flags.empty()) event.tcp_flags.push_back(',');
        for (char c : token) event.tcp_flags.push_back(static_cast<char>(c - 'A' + 'a'));
      }
      continue;
    }
    const std::string_view key = token.substr(0, eq);
    const std::string_view value = token.substr(eq + 1);
    auto take = [&](bool& have, std::string_view& slot) {
      if (!have) {
        have = true;
        slot = value;
      }
    };
    switch (key.size()) {
      case 2:
        if (key == "IN") take(have_in, in);
        break;
      case 3:
        if (key == "OUT") take(have_out, out);
        else if (key == "SRC") take(have_src, src);
        else if (key == "DST") take(have_dst, dst);
        else if (key == "SPT") take(have_spt, spt);
        else if (key == "DPT") take(have_dpt, dpt);
        break;
      case 5:
        if (key == "PROTO") take(have_proto, proto);
        break;
      default:
        break;
    }
  }
  if (!have_src || !have_dst || !have_proto || proto.empty()) return ParseResult::Invalid(InvalidReason::kMissingField);
  if (!SetSource(event, src)) return ParseResult::Invalid(InvalidReason::kBadAddress);
  SetDestination(event, dst);
  SetProto(event, proto);
  if (ProtoHasPorts(event.proto)) {
    if (!SetPorts(event, spt, dpt)) return ParseResult::Invalid(InvalidReason::kBadPort);
  }
  if (event.proto != "tcp") event.tcp_flags.clear();
  event.in.assign(in);
  event.out.assign(out);

  const std::string_view prefix = msg.substr(0, body_at);
  const std::string_view rule = RuleOf(prefix);
  // The rule is the log prefix; a pve-firewall chain goes in front of it, and
  // a line without a prefix whose program tag is not "kernel" (the tag is then
  // the prefix: "box IN-work: IN=...", "Jan  8 03:37:09 DENY: IN=...") uses the tag.
  event.rule.clear();
  if (!envelope.chain.empty()) {
    event.rule.assign(envelope.chain);
    if (!rule.empty()) event.rule.push_back(' ');
  }
  event.rule.append(rule);
  if (event.rule.empty() && envelope.tag != "kernel") event.rule.assign(envelope.tag);
  // EdgeOS/UniFi chain tags are read from the raw prefix, brackets and all.
  Action action = Action::kNone;
  if (const auto open = prefix.find('['); open != std::string_view::npos) action = EdgeOsAction(prefix.substr(open));
  if (action == Action::kNone) action = ActionFromWords(rule);
  if (action == Action::kNone && rule.empty()) action = ActionFromWords(envelope.tag);
  event.action = action;
  event.matched_by = "netfilter";
  return ParseResult::Matched();
}

}  // namespace fwlog
