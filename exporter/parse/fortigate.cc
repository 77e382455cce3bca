#include "parse/fortigate.h"

#include "core/byte_scan.h"
#include "parse/key_value.h"
#include "parse/packet_fields.h"
#include "parse/vendor_fields.h"

namespace fwlog {
namespace {

// Whether the line's `type` key (not subtype=, eventtype=, ...) says traffic.
// One vector scan for "type=": FortiOS writes it near the front.
bool IsTrafficRecord(std::string_view line) {
  constexpr std::string_view kKey = "type=";
  for (std::size_t at = Find(line, kKey); at != std::string_view::npos; at = Find(line, kKey, at + kKey.size())) {
    if (at != 0 && line[at - 1] != ' ' && line[at - 1] != '\t') continue;
    const std::string_view value = line.substr(at + kKey.size());
    if (value.substr(0, 9) == "\"traffic\"") return true;
    return value.substr(0, 7) == "traffic" && (value.size() == 7 || value[7] == ' ' || value[7] == '\t');
  }
  return false;
}

Action FortigateAction(std::string_view word) {
  static constexpr std::string_view kDrop[] = {"deny", "block", "blocked"};
  static constexpr std::string_view kAccept[] = {"accept", "close", "timeout", "client-rst", "server-rst", "start"};
  for (const auto w : kDrop)
    if (SameWord(word, w)) return Action::kDrop;
  for (const auto w : kAccept)
    if (SameWord(word, w)) return Action::kAccept;
  return ActionFromWords(word);
}

struct Record {
  KvField logid, srcip, src, dstip, dst, srcport, src_port, dstport, dst_port, srcintf, src_int, dstintf, dst_int,
      proto, action, status, policyname, policyid, devname, eventtime, date, time, tz;

  void Take(const KeyValue& kv) {
    const std::string_view k = kv.key;
    switch (k.size()) {
      case 2:
        if (KeyIs(k, "tz")) tz.Take(kv);
        break;
      case 3:
        if (KeyIs(k, "src"))
          src.Take(kv);
        else if (KeyIs(k, "dst"))
          dst.Take(kv);
        break;
      case 4:
        if (KeyIs(k, "date"))
          date.Take(kv);
        else if (KeyIs(k, "time"))
          time.Take(kv);
        break;
      case 5:
        if (KeyIs(k, "srcip"))
          srcip.Take(kv);
        else if (KeyIs(k, "dstip"))
          dstip.Take(kv);
        else if (KeyIs(k, "proto"))
          proto.Take(kv);
        else if (KeyIs(k, "logid"))
          logid.Take(kv);
        break;
      case 6:
        if (KeyIs(k, "action"))
          action.Take(kv);
        else if (KeyIs(k, "status"))
          status.Take(kv);
        else if (KeyIs(k, "log_id"))
          logid.Take(kv);
        break;
      case 7:
        if (KeyIs(k, "srcport"))
          srcport.Take(kv);
        else if (KeyIs(k, "dstport"))
          dstport.Take(kv);
        else if (KeyIs(k, "srcintf"))
          srcintf.Take(kv);
        else if (KeyIs(k, "dstintf"))
          dstintf.Take(kv);
        else if (KeyIs(k, "src_int"))
          src_int.Take(kv);
        else if (KeyIs(k, "dst_int"))
          dst_int.Take(kv);
        else if (KeyIs(k, "devname"))
          devname.Take(kv);
        break;
      case 8:
        if (KeyIs(k, "src_port"))
          src_port.Take(kv);
        else if (KeyIs(k, "dst_port"))
          dst_port.Take(kv);
        else if (KeyIs(k, "policyid"))
          policyid.Take(kv);
        break;
      case 9:
        if (KeyIs(k, "eventtime")) eventtime.Take(kv);
        break;
      case 10:
        if (KeyIs(k, "policyname")) policyname.Take(kv);
        break;
      default:
        break;
    }
  }
};

const KvField& Either(const KvField& first, const KvField& second) { return first.have ? first : second; }

}  // namespace

ParseResult FortigateParser::Parse(const Envelope& envelope, ParseState& state, Event& event) const {
  const std::string_view line = envelope.line;
  if (!IsTrafficRecord(line)) return ParseResult::Unmatched();
  Record r;
  KeyValueReader reader(line);
  KeyValue kv;
  while (reader.Next(kv)) r.Take(kv);
  if (!r.logid.have) return ParseResult::Unmatched();

  const KvField& verdict = Either(r.action, r.status);
  const KvField& rule = r.policyname.have && !Placeholder(r.policyname.value) ? r.policyname : r.policyid;
  const KvField& in = Either(r.srcintf, r.src_int);
  const KvField& out = Either(r.dstintf, r.dst_int);
  if (AnyCut({&r.proto, &verdict, &rule, &in, &out})) return ParseResult::Invalid(InvalidReason::kMissingField);
  const ParseResult packet = FillPacket(event, state,
                                        {.src = &Either(r.srcip, r.src),
                                         .dst = &Either(r.dstip, r.dst),
                                         .proto = r.proto.value,
                                         .sport = &Either(r.srcport, r.src_port),
                                         .dport = &Either(r.dstport, r.dst_port)});
  if (!packet.matched()) return packet;

  event.action = FortigateAction(verdict.value);
  SetRule(event, rule.value);
  event.in = Placeholder(in.value) ? std::string_view() : in.value;
  event.out = Placeholder(out.value) ? std::string_view() : out.value;
  if (!Placeholder(r.devname.value) && r.devname.closed) event.host = r.devname.value;
  if (!envelope.has_time && envelope.time_context != nullptr &&
      !(r.eventtime.closed && SetEpochTime(event, r.eventtime.value)) && r.date.closed && r.time.closed && r.tz.closed)
    SetCivilTime(event, r.date.value, r.time.value, r.tz.value, *envelope.time_context);
  event.matched_by = "fortigate";
  return ParseResult::Matched();
}

}  // namespace fwlog
