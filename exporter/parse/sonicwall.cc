#include "parse/sonicwall.h"

#include "core/byte_scan.h"
#include "parse/key_value.h"
#include "parse/packet_fields.h"
#include "parse/vendor_fields.h"

namespace fwlog {
namespace {

// The word "sn=" (the serial number), which every SonicOS record has near its
// front: one vector scan rejects other lines.
bool HasSerialWord(std::string_view line) {
  for (std::size_t at = Find(line, "sn="); at != std::string_view::npos; at = Find(line, "sn=", at + 3))
    if (at == 0 || line[at - 1] == ' ') return true;
  return false;
}

// "ADDR:PORT:IFACE[:NAME]" split at its colons.
struct Endpoint {
  KvField address, port;
  std::string_view iface;
};

Endpoint SplitEndpoint(const KvField& field) {
  Endpoint e;
  std::string_view rest = field.value;
  for (KvField* part : {&e.address, &e.port}) {
    const std::size_t colon = rest.find(':');
    *part = {.value = rest.substr(0, colon), .have = field.have, .closed = field.closed};
    if (colon == std::string_view::npos) return e;
    rest = rest.substr(colon + 1);
  }
  e.iface = rest.substr(0, rest.find(':'));
  return e;
}

Action SonicwallAction(const KvField& fw_action, std::string_view msg) {
  if (fw_action.have) {
    const std::string_view word = fw_action.value;
    if (SameWord(word, "drop")) return Action::kDrop;
    if (SameWord(word, "forward")) return Action::kAccept;
    if (SameWord(word, "na")) return Action::kNone;
    return ActionFromWords(word);
  }
  const Action from_words = ActionFromWords(msg);
  if (from_words != Action::kNone) return from_words;
  bool denied = false;
  ForEachToken(msg, [&denied](std::string_view word) { denied = denied || SameWord(word, "denied"); });
  return denied ? Action::kDrop : Action::kNone;
}

struct Record {
  KvField id, m, src, dst, src_v6, dst_v6, proto, msg, fw_action, rule, time;

  void Take(const KeyValue& kv) {
    const std::string_view k = kv.key;
    if (KeyIs(k, "id"))
      id.Take(kv);
    else if (KeyIs(k, "m"))
      m.Take(kv);
    else if (KeyIs(k, "src"))
      src.Take(kv);
    else if (KeyIs(k, "dst"))
      dst.Take(kv);
    else if (KeyIs(k, "srcV6"))
      src_v6.Take(kv);
    else if (KeyIs(k, "dstV6"))
      dst_v6.Take(kv);
    else if (KeyIs(k, "proto"))
      proto.Take(kv);
    else if (KeyIs(k, "msg"))
      msg.Take(kv);
    else if (KeyIs(k, "fw_action"))
      fw_action.Take(kv);
    else if (KeyIs(k, "rule"))
      rule.Take(kv);
    else if (KeyIs(k, "time"))
      time.Take(kv);
  }
};

// The protocol: proto=NAME/SERVICE's name, else msg's first word when it is
// TCP, UDP or ICMP.
std::string_view ProtocolOf(const Record& r) {
  if (r.proto.have && !r.proto.value.empty()) return r.proto.value.substr(0, r.proto.value.find('/'));
  const std::string_view msg = r.msg.value;
  const std::string_view first = msg.substr(0, msg.find(' '));
  if (first.size() < msg.size() && (SameWord(first, "tcp") || SameWord(first, "udp") || SameWord(first, "icmp")))
    return first;
  return {};
}

}  // namespace

ParseResult SonicwallParser::Parse(const Envelope& envelope, ParseState& state, Event& event) const {
  const std::string_view line = envelope.line;
  if (!HasSerialWord(line)) return ParseResult::Unmatched();
  Record r;
  KeyValueReader reader(line);
  KeyValue kv;
  while (reader.Next(kv)) r.Take(kv);
  if (!r.id.have || !r.m.have) return ParseResult::Unmatched();
  if (r.m.value == "537") return ParseResult::Unmatched();  // "Connection Closed": its m=98 "Opened" counted
  const std::string_view proto = ProtocolOf(r);
  if (proto.empty()) return ParseResult::Unmatched();  // no packet: a configuration, login or VPN message
  if (AnyCut({&r.proto, &r.msg, &r.fw_action, &r.rule})) return ParseResult::Invalid(InvalidReason::kMissingField);
  const Endpoint src = SplitEndpoint(r.src);
  const Endpoint dst = SplitEndpoint(r.dst);
  const ParseResult packet = FillPacket(event, state,
                                        {.src = r.src_v6.have ? &r.src_v6 : &src.address,
                                         .dst = r.dst_v6.have ? &r.dst_v6 : &dst.address,
                                         .proto = proto,
                                         .sport = &src.port,
                                         .dport = &dst.port});
  if (!packet.matched()) return packet;

  event.in = src.iface;
  event.out = dst.iface;
  event.action = SonicwallAction(r.fw_action, r.msg.value);
  SetRule(event, r.rule.value);
  if (!envelope.has_time && envelope.time_context != nullptr && r.time.closed && r.time.value.size() >= 19) {
    const std::string_view t = r.time.value;
    std::string_view offset = t.substr(19);
    while (!offset.empty() && offset.front() == ' ') offset.remove_prefix(1);
    SetCivilTime(event, t.substr(0, 10), t.substr(11, 8), offset, *envelope.time_context);
  }
  event.matched_by = "sonicwall";
  return ParseResult::Matched();
}

}  // namespace fwlog
