#include "parse/netfilter.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "core/byte_scan.h"
#include "parse/packet_fields.h"

namespace fwlog {
namespace {

// True when `key` ends right before `eq` and starts a word: not part of
// PHYSIN=/PHYSOUT= or another upper-case key.
bool KeyBefore(std::string_view msg, std::size_t eq, std::string_view key) {
  if (eq < key.size() || msg.substr(eq - key.size(), key.size()) != key) return false;
  if (eq == key.size()) return true;
  const char before = msg[eq - key.size() - 1];
  return !(before >= 'A' && before <= 'Z') && before != '_';
}

// The body starts at IN=; lines logged on an output hook by some set-ups
// (Proxmox PVEFW-HOST-OUT) have no IN= and start at OUT=. One pass over the
// '=' signs finds either (a line without any '=' costs one vector scan).
std::size_t FindBody(std::string_view msg) {
  std::size_t out = std::string_view::npos;
  for (std::size_t eq = Find(msg, "="); eq != std::string_view::npos; eq = Find(msg, "=", eq + 1)) {
    if (KeyBefore(msg, eq, "IN")) return eq - 2;
    if (out == std::string_view::npos && KeyBefore(msg, eq, "OUT")) out = eq - 3;
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "XX=enp1s0": an upper-case key with a value, left in the prefix by a line
// whose body starts at OUT=.
bool IsKeyValue(std::string_view token) {
  std::size_t i = 0;  // upper-case letters, then '=' (one pass: most tokens fail at once)
  while (i < token.size() && token[i] >= 'A' && token[i] <= 'Z') ++i;
  return i > 0 && i < token.size() && token[i] == '=';
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
  if (prefix.size() >= 2 && prefix.front() == '[' && prefix.back() == ']' && prefix.find(']') == prefix.size() - 1)
    prefix = Trim(prefix.substr(1, prefix.size() - 2));
  return prefix;
}

// What a log prefix says: its rule and, from its words, the verdict.
struct PrefixReading {
  std::string_view rule;  // a view into the prefix
  Action action = Action::kNone;
};

PrefixReading ReadPrefix(std::string_view prefix) {
  PrefixReading r;
  r.rule = RuleOf(prefix);
  // EdgeOS/UniFi chain tags are read from the raw prefix, brackets and all.
  if (const auto open = prefix.find('['); open != std::string_view::npos) r.action = EdgeOsAction(prefix.substr(open));
  if (r.action == Action::kNone) r.action = ActionFromWords(r.rule);
  return r;
}

// ReadPrefix's answer, kept in the input's ParseState by the prefix's bytes:
// a firewall logs through a handful of rules, and consecutive lines mostly
// share one. Comparing the prefix costs a fraction of reading it again.
PrefixReading ReadPrefixKept(std::string_view prefix, ParseState& state) {
  if (const ParseState::LogPrefix* kept = state.log_prefix.ForSame(prefix))
    return {prefix.substr(kept->rule_at, kept->rule_size), kept->action};
  const PrefixReading r = ReadPrefix(prefix);
  if (prefix.size() <= 64) {  // the memo's key holds 64 bytes, so the offsets fit a byte
    ParseState::LogPrefix kept;
    kept.rule_at = static_cast<std::uint8_t>(r.rule.empty() ? 0 : r.rule.data() - prefix.data());
    kept.rule_size = static_cast<std::uint8_t>(r.rule.size());
    kept.action = r.action;
    state.log_prefix.Keep(prefix, kept);
  }
  return r;
}

// The first 3 or 4 bytes of a word as an integer, so that a word is compared
// with a key in one instruction; Key3/Key4 give a key's value the same way.
std::uint32_t Load3(const char* k) {
  std::uint32_t v = 0;
  std::memcpy(&v, k, 3);
  return v;
}

std::uint32_t Load4(const char* k) {
  std::uint32_t v;
  std::memcpy(&v, k, 4);
  return v;
}

// Four bytes in the order memcpy puts them into a uint32_t (spelled out:
// clang 14 cannot bit_cast a char array in a constant expression).
constexpr std::uint32_t Native4(char a, char b, char c, char d) {
  const auto u = [](char x) { return static_cast<std::uint32_t>(static_cast<unsigned char>(x)); };
  if constexpr (std::endian::native == std::endian::little) return u(a) | u(b) << 8 | u(c) << 16 | u(d) << 24;
  return u(a) << 24 | u(b) << 16 | u(c) << 8 | u(d);
}

constexpr std::uint32_t Key3(const char (&key)[4]) { return Native4(key[0], key[1], key[2], '\0'); }

constexpr std::uint32_t Key4(const char (&key)[5]) { return Native4(key[0], key[1], key[2], key[3]); }

bool IsTcpFlag(std::string_view t) {
  if (t.size() != 3) return false;
  switch (Load3(t.data())) {
    case Key3("SYN"):
    case Key3("ACK"):
    case Key3("FIN"):
    case Key3("RST"):
    case Key3("PSH"):
    case Key3("URG"):
    case Key3("ECE"):
    case Key3("CWR"):
      return true;
    default:
      return false;
  }
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

ParseResult NetfilterParser::Parse(const Envelope& envelope, ParseState& state, Event& event) const {
  const std::string_view msg = envelope.message;
  const std::size_t body_at = FindBody(msg);
  if (body_at == std::string_view::npos) return ParseResult::Unmatched();

  std::string_view in, out, src, dst, proto, spt, dpt;
  bool have_in = false, have_out = false, have_src = false, have_dst = false, have_proto = false, have_spt = false,
       have_dpt = false;
  std::string* flags = nullptr;  // the event's buffer, once a flag is seen
  // The keys we read are 2, 3 or 5 letters long: a word is classified by its
  // first four bytes; a 3-letter word without '=' may be a TCP flag.
  ForEachWordBefore(msg.substr(body_at), '[', [&](std::string_view token) {
    const char* k = token.data();
    const std::size_t n = token.size();
    auto take = [&](bool& have, std::string_view& slot, std::size_t key_length) {
      if (!have) {
        have = true;
        slot = token.substr(key_length + 1);
      }
    };
    if (n >= 4) {
      switch (Load4(k)) {
        case Key4("OUT="):
          take(have_out, out, 3);
          break;
        case Key4("SRC="):
          take(have_src, src, 3);
          break;
        case Key4("DST="):
          take(have_dst, dst, 3);
          break;
        case Key4("SPT="):
          take(have_spt, spt, 3);
          break;
        case Key4("DPT="):
          take(have_dpt, dpt, 3);
          break;
        case Key4("PROT"):
          if (n >= 6 && k[4] == 'O' && k[5] == '=') take(have_proto, proto, 5);
          break;
        default:  // the word is at least 4 bytes long: its first three from the load above
          if ((Load4(k) & Native4('\xff', '\xff', '\xff', '\0')) == Key3("IN=")) take(have_in, in, 2);
          break;
      }
    } else if (n == 3) {
      if (Load3(k) == Key3("IN=")) {
        take(have_in, in, 2);
      } else if (IsTcpFlag(token)) {
        if (flags == nullptr)
          flags = &event.Build(Field::kTcpFlags);
        else
          flags->push_back(',');
        for (char c : token) flags->push_back(static_cast<char>(c - 'A' + 'a'));
      }
    }
  });
  if (!have_src || !have_dst || !have_proto || proto.empty()) return ParseResult::Invalid(InvalidReason::kMissingField);
  if (!SetSource(event, src)) return ParseResult::Invalid(InvalidReason::kBadAddress);
  SetDestination(event, dst, state);
  if (!SetProto(event, proto)) return ParseResult::Invalid(InvalidReason::kBadProtocol);
  if (ProtoHasPorts(event.proto)) {
    if (!SetPorts(event, spt, dpt)) return ParseResult::Invalid(InvalidReason::kBadPort);
  }
  event.tcp_flags = flags != nullptr && event.proto == "tcp" ? std::string_view(*flags) : std::string_view();
  event.in = in;
  event.out = out;

  const std::string_view prefix = msg.substr(0, body_at);
  const PrefixReading reading = ReadPrefixKept(prefix, state);
  const std::string_view rule = reading.rule;
  // The rule is the log prefix; a pve-firewall chain goes in front of it, and
  // a line without a prefix whose program tag is not "kernel" (the tag is then
  // the prefix: "box IN-work: IN=...", "Jan  8 03:37:09 DENY: IN=...") uses the tag.
  if (envelope.chain.empty()) {
    event.rule = rule;
  } else {
    std::string& joined = event.Build(Field::kRule);
    joined.append(envelope.chain.data(), envelope.chain.size());
    if (!rule.empty()) joined.push_back(' ');
    joined.append(rule.data(), rule.size());
    event.rule = joined;
  }
  if (event.rule.empty() && envelope.tag != std::string_view("kernel")) event.rule = envelope.tag;
  Action action = reading.action;
  if (action == Action::kNone && rule.empty()) action = ActionFromWords(envelope.tag);
  event.action = action;
  event.matched_by = "netfilter";
  return ParseResult::Matched();
}

}  // namespace fwlog
