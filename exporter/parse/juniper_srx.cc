#include "parse/juniper_srx.h"

#include <array>

#include "core/byte_scan.h"
#include "parse/key_value.h"
#include "parse/packet_fields.h"
#include "parse/vendor_fields.h"

namespace fwlog {
namespace {

enum class Kind { kCreate, kDeny, kOther };

constexpr std::string_view kMarker = "RT_FLOW_SESSION_";

// The session record's kind and what follows its name ("_LS" skipped);
// false when the line names no RT_FLOW session record.
bool FindSession(std::string_view line, Kind& kind, std::string_view& rest) {
  const std::size_t at = Find(line, kMarker);
  if (at == std::string_view::npos) return false;
  std::string_view word = line.substr(at + kMarker.size());
  if (word.substr(0, 6) == "CREATE") {
    kind = Kind::kCreate;
    word.remove_prefix(6);
  } else if (word.substr(0, 4) == "DENY") {
    kind = Kind::kDeny;
    word.remove_prefix(4);
  } else {
    kind = Kind::kOther;  // CLOSE, or a record this preset does not count
  }
  if (word.substr(0, 3) == "_LS") word.remove_prefix(3);
  rest = word;
  return true;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

KvField Whole(std::string_view value) { return {.value = value, .have = true, .closed = true}; }

struct Tuple {
  KvField src, sport, dst, dport;
};

// "A/P->B/Q" (IPv6 addresses contain no '/').
bool ReadTuple(std::string_view text, Tuple& t) {
  const std::size_t arrow = text.find("->");
  if (arrow == std::string_view::npos) return false;
  const auto side = [](std::string_view s, KvField& address, KvField& port) {
    const std::size_t slash = s.rfind('/');
    address = Whole(s.substr(0, slash));
    port = Whole(slash == std::string_view::npos ? std::string_view() : s.substr(slash + 1));
  };
  side(text.substr(0, arrow), t.src, t.sport);
  side(text.substr(arrow + 2), t.dst, t.dport);
  return true;
}

struct SdRecord {
  KvField source_address, source_port, destination_address, destination_port, protocol_id, policy_name, interface,
      reason;

  void Take(const KeyValue& kv) {
    const std::string_view k = kv.key;
    if (KeyIs(k, "source-address"))
      source_address.Take(kv);
    else if (KeyIs(k, "source-port"))
      source_port.Take(kv);
    else if (KeyIs(k, "destination-address"))
      destination_address.Take(kv);
    else if (KeyIs(k, "destination-port"))
      destination_port.Take(kv);
    else if (KeyIs(k, "protocol-id"))
      protocol_id.Take(kv);
    else if (KeyIs(k, "policy-name"))
      policy_name.Take(kv);
    else if (KeyIs(k, "packet-incoming-interface"))
      interface.Take(kv);
    else if (KeyIs(k, "reason"))
      reason.Take(kv);
  }
};

const auto kMissing = ParseResult::Invalid(InvalidReason::kMissingField);

Action DenyAction(std::string_view reason) {
  return Find(reason, "reject") != std::string_view::npos ? Action::kReject : Action::kDrop;
}

ParseResult ParseStructured(Kind kind, std::string_view sd, ParseState& state, Event& event) {
  SdRecord r;
  KeyValueReader reader(sd, {.separator = '=', .stop = ']'});
  KeyValue kv;
  while (reader.Next(kv)) r.Take(kv);
  if (AnyCut({&r.protocol_id, &r.policy_name, &r.interface, &r.reason})) return kMissing;
  const ParseResult packet = FillPacket(event, state,
                                        {.src = &r.source_address,
                                         .dst = &r.destination_address,
                                         .proto = r.protocol_id.value,
                                         .sport = &r.source_port,
                                         .dport = &r.destination_port});
  if (!packet.matched()) return packet;
  event.action = kind == Kind::kCreate ? Action::kAccept : DenyAction(r.reason.value);
  if (!Placeholder(r.policy_name.value)) SetRule(event, r.policy_name.value);
  event.in = Placeholder(r.interface.value) ? std::string_view() : r.interface.value;
  return ParseResult::Matched();
}

// The words of a plain-text record after "RT_FLOW_SESSION_X: ".
class Words {
 public:
  explicit Words(std::string_view text) {
    ForEachToken(text, [this](std::string_view w) {
      if (n_ < words_.size()) words_[n_++] = w;
    });
  }
  std::size_t size() const { return n_; }
  std::string_view operator[](std::size_t i) const { return i < n_ ? words_[i] : std::string_view(); }
  // Past a connection tag ("0x0") at `i`, if there is one.
  std::size_t SkipTag(std::size_t i) const { return (*this)[i].substr(0, 2) == "0x" ? i + 1 : i; }

 private:
  std::array<std::string_view, 48> words_{};
  std::size_t n_ = 0;
};

// "6(0)" -> "6".
std::string_view ProtocolWithType(std::string_view word) {
  const std::size_t open = word.find('(');
  if (open == std::string_view::npos || word.back() != ')') return {};
  const std::string_view number = word.substr(0, open);
  return AllDigits(number) ? number : std::string_view();
}

// The incoming interface: the word after USER(ROLES), looked for from `from`.
std::string_view InterfaceAfterUser(const Words& w, std::size_t from) {
  for (std::size_t i = from; i + 1 < w.size(); ++i) {
    const std::string_view word = w[i];
    if (word.size() > 2 && word.back() == ')' && word.find('(') != std::string_view::npos) {
      const std::string_view iface = w[i + 1];
      return Placeholder(iface) ? std::string_view() : iface;
    }
  }
  return {};
}

ParseResult ParseText(Kind kind, std::string_view text, ParseState& state, Event& event) {
  const Words w(text);
  Tuple t;
  const std::string_view verb = kind == Kind::kCreate ? "created" : "denied";
  // "session created|denied A/P->B/Q", after a logical system's name in an _LS record.
  std::size_t i = 0;
  while (i < 4 && !(w[i] == "session" && w[i + 1] == verb)) ++i;
  if (i == 4 || !ReadTuple(w[i + 2], t)) return kMissing;
  i = w.SkipTag(i + 3) + 1;  // past the service name
  std::string_view proto;
  if (kind == Kind::kDeny) {
    proto = ProtocolWithType(w[i]);
  } else {
    if (w[i].find("->") == std::string_view::npos) return kMissing;  // the translated tuple
    // The NAT rule names (two or four words) stand before the protocol.
    const std::size_t limit = i + 8;
    for (i = w.SkipTag(i + 1); i < w.size() && i < limit && !AllDigits(w[i]); ++i) {
    }
    proto = w[i];
  }
  // The policy must be followed by its zones: a record cut inside it is not read.
  if (proto.empty() || proto.size() > 3 || !AllDigits(proto) || i + 2 >= w.size()) return kMissing;
  const ParseResult packet =
      FillPacket(event, state, {.src = &t.src, .dst = &t.dst, .proto = proto, .sport = &t.sport, .dport = &t.dport});
  if (!packet.matched()) return packet;
  event.rule = w[i + 1];
  event.in = InterfaceAfterUser(w, i + 2);
  const bool reject = w.size() >= 2 && w[w.size() - 2] == "policy" && w[w.size() - 1] == "reject";
  event.action = kind == Kind::kCreate ? Action::kAccept : reject ? Action::kReject : Action::kDrop;
  return ParseResult::Matched();
}

}  // namespace

ParseResult JuniperSrxParser::Parse(const Envelope& envelope, ParseState& state, Event& event) const {
  Kind kind;
  std::string_view rest;
  if (!FindSession(envelope.line, kind, rest) || kind == Kind::kOther) return ParseResult::Unmatched();
  ParseResult result = ParseResult::Unmatched();
  if (!rest.empty() && rest[0] == ':') {
    result = ParseText(kind, rest.substr(1), state, event);
  } else {
    while (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
    if (rest.empty() || rest[0] != '[') return kMissing;
    result = ParseStructured(kind, rest.substr(1), state, event);
  }
  if (result.matched()) event.matched_by = "juniper-srx";
  return result;
}

}  // namespace fwlog
