#include "parse/checkpoint.h"

#include "core/byte_scan.h"
#include "parse/key_value.h"
#include "parse/packet_fields.h"
#include "parse/vendor_fields.h"

namespace fwlog {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The record after "CheckPoint PID - [", or an empty view with `found` false.
std::string_view FindRecord(std::string_view line, bool& found) {
  constexpr std::string_view kTag = "CheckPoint ";
  found = false;
  for (std::size_t at = Find(line, kTag); at != std::string_view::npos; at = Find(line, kTag, at + kTag.size())) {
    std::size_t i = at + kTag.size();
    const std::size_t digits = i;
    while (i < line.size() && IsDigit(line[i])) ++i;
    if (i == digits || line.substr(i, 4) != " - [") continue;
    found = true;
    return line.substr(i + 4);
  }
  return {};
}

struct Record {
  KvField src, dst, proto, s_port, service, action, ifdir, ifname, rule_name, rule, time, packets;

  void Take(const KeyValue& kv) {
    const std::string_view k = kv.key;
    if (KeyIs(k, "src"))
      src.Take(kv);
    else if (KeyIs(k, "dst"))
      dst.Take(kv);
    else if (KeyIs(k, "proto"))
      proto.Take(kv);
    else if (KeyIs(k, "s_port"))
      s_port.Take(kv);
    else if (KeyIs(k, "service"))
      service.Take(kv);
    else if (KeyIs(k, "action"))
      action.Take(kv);
    else if (KeyIs(k, "ifdir"))
      ifdir.Take(kv);
    else if (KeyIs(k, "ifname"))
      ifname.Take(kv);
    else if (KeyIs(k, "rule_name"))
      rule_name.Take(kv);
    else if (KeyIs(k, "rule"))
      rule.Take(kv);
    else if (KeyIs(k, "time"))
      time.Take(kv);
    else if (KeyIs(k, "packets"))
      packets.Take(kv);
  }
};

}  // namespace

ParseResult CheckpointParser::Parse(const Envelope& envelope, ParseState& state, Event& event) const {
  bool found = false;
  const std::string_view text = FindRecord(envelope.line, found);
  if (!found) return ParseResult::Unmatched();
  Record r;
  KeyValueReader reader(text, {.separator = ':', .stop = ']'});
  KeyValue kv;
  while (reader.Next(kv)) r.Take(kv);
  const auto missing = ParseResult::Invalid(InvalidReason::kMissingField);
  if (!r.src.have || !r.dst.have || !r.proto.have)
    return r.proto.have || r.packets.have ? missing : ParseResult::Unmatched();

  const KvField& rule = r.rule_name.have && !Placeholder(r.rule_name.value) ? r.rule_name : r.rule;
  if (AnyCut({&r.proto, &r.action, &r.ifdir, &r.ifname, &rule})) return missing;
  const ParseResult packet = FillPacket(
      event, state, {.src = &r.src, .dst = &r.dst, .proto = r.proto.value, .sport = &r.s_port, .dport = &r.service});
  if (!packet.matched()) return packet;

  if (!Placeholder(r.ifname.value)) {
    if (r.ifdir.value == "inbound")
      event.in = r.ifname.value;
    else if (r.ifdir.value == "outbound")
      event.out = r.ifname.value;
  }
  event.action = ActionFromWords(r.action.value);
  SetRule(event, rule.value);
  if (!envelope.has_time && r.time.closed) SetEpochTime(event, r.time.value);
  event.matched_by = "checkpoint";
  return ParseResult::Matched();
}

}  // namespace fwlog
