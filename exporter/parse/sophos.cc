#include "parse/sophos.h"

#include "core/byte_scan.h"
#include "parse/key_value.h"
#include "parse/packet_fields.h"
#include "parse/vendor_fields.h"

namespace fwlog {
namespace {

Action UtmAction(std::string_view word) {
  if (SameWord(word, "drop")) return Action::kDrop;
  if (SameWord(word, "accept")) return Action::kAccept;
  if (SameWord(word, "reject")) return Action::kReject;
  return ActionFromWords(word);
}

Action XgAction(std::string_view word) {
  static constexpr std::string_view kDrop[] = {"deny", "denied", "drop", "dropped"};
  static constexpr std::string_view kAccept[] = {"allow", "allowed"};
  static constexpr std::string_view kReject[] = {"reject", "rejected"};
  for (const auto w : kDrop)
    if (SameWord(word, w)) return Action::kDrop;
  for (const auto w : kAccept)
    if (SameWord(word, w)) return Action::kAccept;
  for (const auto w : kReject)
    if (SameWord(word, w)) return Action::kReject;
  return Action::kNone;
}

// UTM's tcpflags="ACK PSH" as "ack,psh".
void SetUtmFlags(Event& event, std::string_view flags) {
  std::string& built = event.Build(Field::kTcpFlags);
  ForEachToken(flags, [&built](std::string_view flag) {
    if (!built.empty()) built.push_back(',');
    for (const char c : flag) built.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  });
  event.tcp_flags = built;
}

// "2026:03:24-10:15:02 host tag: ..." at the start of a message the envelope
// did not read: the stamp and the host.
void ReadUtmHeader(std::string_view message, const TimeContext& ctx, Event& event) {
  if (message.size() < 21 || message[4] != ':' || message[7] != ':' || message[10] != '-' || message[19] != ' ') return;
  if (!SetCivilTime(event, message.substr(0, 10), message.substr(11, 8), {}, ctx)) return;
  const std::string_view rest = message.substr(20);
  const std::size_t host_end = rest.find(' ');
  if (host_end == std::string_view::npos) return;
  std::string_view tag = rest.substr(host_end + 1);
  tag = tag.substr(0, tag.find(' '));
  if (host_end > 0 && tag.size() > 1 && tag.back() == ':') event.host = rest.substr(0, host_end);
}

struct UtmRecord {
  KvField sub, srcip, dstip, proto, srcport, dstport, initf, outitf, action, fwrule, tcpflags;

  void Take(const KeyValue& kv) {
    const std::string_view k = kv.key;
    if (KeyIs(k, "sub"))
      sub.Take(kv);
    else if (KeyIs(k, "srcip"))
      srcip.Take(kv);
    else if (KeyIs(k, "dstip"))
      dstip.Take(kv);
    else if (KeyIs(k, "proto"))
      proto.Take(kv);
    else if (KeyIs(k, "srcport"))
      srcport.Take(kv);
    else if (KeyIs(k, "dstport"))
      dstport.Take(kv);
    else if (KeyIs(k, "initf"))
      initf.Take(kv);
    else if (KeyIs(k, "outitf"))
      outitf.Take(kv);
    else if (KeyIs(k, "action"))
      action.Take(kv);
    else if (KeyIs(k, "fwrule"))
      fwrule.Take(kv);
    else if (KeyIs(k, "tcpflags"))
      tcpflags.Take(kv);
  }
};

struct XgRecord {
  KvField log_type, src_ip, dst_ip, protocol, src_port, dst_port, in_interface, out_interface, status, log_subtype,
      fw_rule_name, fw_rule_id, date, time;

  void Take(const KeyValue& kv) {
    const std::string_view k = kv.key;
    if (KeyIs(k, "log_type"))
      log_type.Take(kv);
    else if (KeyIs(k, "src_ip"))
      src_ip.Take(kv);
    else if (KeyIs(k, "dst_ip"))
      dst_ip.Take(kv);
    else if (KeyIs(k, "protocol"))
      protocol.Take(kv);
    else if (KeyIs(k, "src_port"))
      src_port.Take(kv);
    else if (KeyIs(k, "dst_port"))
      dst_port.Take(kv);
    else if (KeyIs(k, "in_interface"))
      in_interface.Take(kv);
    else if (KeyIs(k, "out_interface"))
      out_interface.Take(kv);
    else if (KeyIs(k, "status"))
      status.Take(kv);
    else if (KeyIs(k, "log_subtype"))
      log_subtype.Take(kv);
    else if (KeyIs(k, "fw_rule_name"))
      fw_rule_name.Take(kv);
    else if (KeyIs(k, "fw_rule_id"))
      fw_rule_id.Take(kv);
    else if (KeyIs(k, "date"))
      date.Take(kv);
    else if (KeyIs(k, "time"))
      time.Take(kv);
  }
};

const auto kMissing = ParseResult::Invalid(InvalidReason::kMissingField);

std::string_view Interface(const KvField& f) { return Placeholder(f.value) ? std::string_view() : f.value; }

ParseResult ParseUtm(const Envelope& envelope, ParseState& state, Event& event) {
  UtmRecord r;
  KeyValueReader reader(envelope.line);
  KeyValue kv;
  while (reader.Next(kv)) r.Take(kv);
  if (r.sub.value != "packetfilter" || r.sub.cut()) return ParseResult::Unmatched();
  if (AnyCut({&r.proto, &r.initf, &r.outitf, &r.action, &r.fwrule, &r.tcpflags})) return kMissing;
  const ParseResult packet =
      FillPacket(event, state,
                 {.src = &r.srcip, .dst = &r.dstip, .proto = r.proto.value, .sport = &r.srcport, .dport = &r.dstport});
  if (!packet.matched()) return packet;
  event.in = Interface(r.initf);
  event.out = Interface(r.outitf);
  event.action = UtmAction(r.action.value);
  SetRule(event, r.fwrule.value);
  event.tcp_flags = {};
  if (event.proto == "tcp" && !r.tcpflags.value.empty()) SetUtmFlags(event, r.tcpflags.value);
  if (!envelope.has_time && envelope.time_context != nullptr)
    ReadUtmHeader(envelope.message, *envelope.time_context, event);
  event.matched_by = "sophos";
  return ParseResult::Matched();
}

ParseResult ParseXg(const Envelope& envelope, ParseState& state, Event& event) {
  XgRecord r;
  KeyValueReader reader(envelope.line);
  KeyValue kv;
  while (reader.Next(kv)) r.Take(kv);
  if (r.log_type.value != "Firewall" || r.log_type.cut()) return ParseResult::Unmatched();
  const KvField& verdict = r.status.have ? r.status : r.log_subtype;
  const KvField& rule = r.fw_rule_name.have && !Placeholder(r.fw_rule_name.value) ? r.fw_rule_name : r.fw_rule_id;
  if (AnyCut({&r.protocol, &r.in_interface, &r.out_interface, &verdict, &rule})) return kMissing;
  const ParseResult packet = FillPacket(
      event, state,
      {.src = &r.src_ip, .dst = &r.dst_ip, .proto = r.protocol.value, .sport = &r.src_port, .dport = &r.dst_port});
  if (!packet.matched()) return packet;
  event.in = Interface(r.in_interface);
  event.out = Interface(r.out_interface);
  event.action = XgAction(verdict.value);
  SetRule(event, rule.value);
  if (!envelope.has_time && envelope.time_context != nullptr && r.date.closed && r.time.closed)
    SetCivilTime(event, r.date.value, r.time.value, {}, *envelope.time_context);
  event.matched_by = "sophos";
  return ParseResult::Matched();
}

}  // namespace

ParseResult SophosParser::Parse(const Envelope& envelope, ParseState& state, Event& event) const {
  const std::string_view line = envelope.line;
  if (Find(line, "packetfilter") != std::string_view::npos) {
    const ParseResult utm = ParseUtm(envelope, state, event);
    if (utm.status != ParseResult::Status::kUnmatched) return utm;
  }
  if (Find(line, "log_type=") != std::string_view::npos) return ParseXg(envelope, state, event);
  return ParseResult::Unmatched();
}

}  // namespace fwlog
