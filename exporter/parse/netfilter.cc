#include "parse/netfilter.h"

#include <cstring>

#include "parse/packet_fields.h"

namespace fwlog {
namespace {

// Position of the "IN=" that starts the packet body: not part of PHYSIN= or
// another upper-case key.
std::size_t FindBody(std::string_view msg) {
  std::size_t pos = 0;
  while ((pos = msg.find("IN=", pos)) != std::string_view::npos) {
    if (pos == 0) return pos;
    const char before = msg[pos - 1];
    if (!(before >= 'A' && before <= 'Z') && before != '_') return pos;
    pos += 3;
  }
  return std::string_view::npos;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
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
  event.rule.assign(rule);
  // EdgeOS/UniFi chain tags are read from the raw prefix, brackets and all.
  Action action = Action::kNone;
  if (const auto open = prefix.find('['); open != std::string_view::npos) action = EdgeOsAction(prefix.substr(open));
  if (action == Action::kNone) action = ActionFromWords(rule);
  if (action == Action::kNone) action = ActionFromWords(envelope.tag);
  event.action = action;
  event.matched_by = "netfilter";
  return ParseResult::Matched();
}

}  // namespace fwlog
