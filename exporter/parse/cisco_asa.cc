#include "parse/cisco_asa.h"

#include <array>
#include <cstdint>
#include <optional>

#include "core/byte_scan.h"
#include "parse/cisco_asa_messages.h"
#include "parse/packet_fields.h"

namespace fwlog {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool EqualsLower(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if ((text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] | 0x20) : text[i]) != lower[i]) return false;
  return true;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::string_view TrimEnd(std::string_view s, std::string_view chars) {
  while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

std::string_view Unquote(std::string_view s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

struct Mnemonic {
  std::uint32_t id = 0;
  std::string_view id_text;  // the six digits, as the fallback rule
  std::string_view body;     // the text after "%ASA-L-NNNNNN: "
};

// "%ASA-4-106023: ", "%FTD-session-6-302013: ", "%ASA-4-401004 " anywhere in
// the message.
std::optional<Mnemonic> FindMnemonic(std::string_view msg) {
  for (std::size_t pct = Find(msg, "%"); pct != std::string_view::npos; pct = Find(msg, "%", pct + 1)) {
    std::string_view rest = msg.substr(pct + 1);
    if (rest.starts_with("ASA-") || rest.starts_with("PIX-") || rest.starts_with("FTD-"))
      rest.remove_prefix(4);
    else if (rest.starts_with("FWSM-"))
      rest.remove_prefix(5);
    else
      continue;
    std::size_t letters = 0;
    while (letters < rest.size() && IsLetter(rest[letters])) ++letters;
    if (letters > 0) {
      if (letters == rest.size() || rest[letters] != '-') continue;
      rest.remove_prefix(letters + 1);
    }
    if (rest.size() < 8 || !IsDigit(rest[0]) || rest[1] != '-') continue;
    Mnemonic m;
    m.id_text = rest.substr(2, 6);
    bool digits = true;
    for (const char c : m.id_text) {
      digits = digits && IsDigit(c);
      m.id = m.id * 10 + static_cast<std::uint32_t>(c - '0');
    }
    rest.remove_prefix(8);
    if (!rest.empty() && rest[0] == ':') rest.remove_prefix(1);
    if (!digits || (!rest.empty() && rest[0] != ' ')) continue;
    m.body = TrimSpaces(rest);
    // rsyslog's "message repeated 2 times: [ Deny ...]": the one message.
    if (m.body.starts_with("message repeated ")) {
      if (const auto open = m.body.find(": ["); open != std::string_view::npos)
        m.body = TrimSpaces(TrimEnd(TrimSpaces(m.body.substr(open + 3)), "]"));
    }
    return m;
  }
  return std::nullopt;
}

// Port names ASA writes instead of numbers (its literal TCP/UDP port names).
bool IsPortName(std::string_view p) {
  static constexpr std::string_view kNames[] = {"aol",
                                                "bgp",
                                                "biff",
                                                "bootpc",
                                                "bootps",
                                                "chargen",
                                                "cifs",
                                                "citrix-ica",
                                                "cmd",
                                                "ctiqbe",
                                                "daytime",
                                                "discard",
                                                "dnsix",
                                                "domain",
                                                "echo",
                                                "exec",
                                                "finger",
                                                "ftp",
                                                "ftp-data",
                                                "gopher",
                                                "h323",
                                                "hostname",
                                                "http",
                                                "https",
                                                "ident",
                                                "imap4",
                                                "irc",
                                                "isakmp",
                                                "kerberos",
                                                "klogin",
                                                "kshell",
                                                "ldap",
                                                "ldaps",
                                                "login",
                                                "lotusnotes",
                                                "lpd",
                                                "mobile-ip",
                                                "nameserver",
                                                "netbios-dgm",
                                                "netbios-ns",
                                                "netbios-ssn",
                                                "nfs",
                                                "nntp",
                                                "ntp",
                                                "pcanywhere-data",
                                                "pcanywhere-status",
                                                "pim-auto-rp",
                                                "pop2",
                                                "pop3",
                                                "pptp",
                                                "radius",
                                                "radius-acct",
                                                "rip",
                                                "rsh",
                                                "rtsp",
                                                "secureid-udp",
                                                "sip",
                                                "smtp",
                                                "snmp",
                                                "snmptrap",
                                                "sqlnet",
                                                "ssh",
                                                "sunrpc",
                                                "syslog",
                                                "tacacs",
                                                "talk",
                                                "telnet",
                                                "tftp",
                                                "time",
                                                "uucp",
                                                "vxlan",
                                                "who",
                                                "whois",
                                                "www",
                                                "xdmcp"};
  for (const auto name : kNames)
    if (EqualsLower(p, name)) return true;
  return false;
}

struct Endpoint {
  std::string_view iface, address, port;
};

enum class EndpointError { kNone, kAddress, kPort };

// "[ctx:]iface:address[/port]" or "iface/address(port)" (106100), with
// punctuation around it removed; `port` may also come as its own word
// (106002). The address must be an IPv4 or IPv6 literal.
EndpointError ReadEndpoint(std::string_view token, std::string_view port_word, Endpoint& out) {
  token = TrimEnd(token, ",;]");
  if (token.ends_with('.') && !token.ends_with("..")) token.remove_suffix(1);
  if (token.starts_with('(')) token.remove_prefix(1);
  if (token.ends_with(':') && !token.ends_with("::")) token.remove_suffix(1);
  std::string_view paren;
  if (const auto open = token.find('('); open != std::string_view::npos) {
    paren = TrimEnd(token.substr(open + 1), ")");
    token = token.substr(0, open);
  }
  std::string_view port = port_word;
  const auto slash = token.rfind('/');
  if (slash != std::string_view::npos) {
    const std::string_view right = token.substr(slash + 1);
    if (!paren.empty() && IpAddress::Parse(right)) {  // iface/address(port)
      out.iface = token.substr(0, slash);
      out.address = right;
      out.port = paren;
      if (!ParsePort(out.port)) return EndpointError::kPort;
      return EndpointError::kNone;
    }
    port = right;
    token = token.substr(0, slash);
  }
  // The address is the whole text, or what follows one of its colons.
  std::size_t from = 0;
  while (!IpAddress::Parse(token.substr(from))) {
    const auto colon = token.find(':', from);
    if (colon == std::string_view::npos) return EndpointError::kAddress;
    from = colon + 1;
  }
  out.address = token.substr(from);
  out.iface = from == 0 ? std::string_view() : token.substr(0, from - 1);
  if (const auto colon = out.iface.rfind(':'); colon != std::string_view::npos)
    out.iface = out.iface.substr(colon + 1);  // "v1:outside" -> "outside"
  if (!port.empty() && !ParsePort(port)) {
    if (!IsPortName(port)) return EndpointError::kPort;
    port = {};
  }
  out.port = port;
  return EndpointError::kNone;
}

Action AsaVerdict(std::string_view word) {
  word = TrimEnd(word, ":,");
  static constexpr std::string_view kDrop[] = {"deny",    "denied",    "drop",  "dropped", "dropping",
                                               "discard", "discarded", "block", "blocked"};
  static constexpr std::string_view kAccept[] = {"permitted", "permit",    "est-allowed", "allowed",
                                                 "built",     "monitored", "bypassed",    "skipped"};
  for (const auto w : kDrop)
    if (EqualsLower(word, w)) return Action::kDrop;
  for (const auto w : kAccept)
    if (EqualsLower(word, w)) return Action::kAccept;
  return Action::kNone;
}

Action FtdVerdict(std::string_view action) {
  if (action.find("reset") != std::string_view::npos) return Action::kReject;
  if (action.find("Block") != std::string_view::npos) return Action::kDrop;
  for (const auto w : {"Allow", "Trust", "Monitor", "Fastpath"})
    if (action == w) return Action::kAccept;
  return Action::kNone;
}

constexpr std::size_t kMaxWords = 64;

// The packet fields both kinds of record fill; checked before anything is
// written into the event.
struct Reading {
  std::string_view proto;
  Endpoint src, dst;
  Action action = Action::kNone;
  std::string_view rule;
};

ParseResult Fill(const Reading& r, ParseState& state, Event& event) {
  if (!SetSource(event, r.src.address)) return ParseResult::Invalid(InvalidReason::kBadAddress);
  SetDestination(event, r.dst.address, state);
  if (!SetProto(event, r.proto)) return ParseResult::Invalid(InvalidReason::kBadProtocol);
  if (ProtoHasPorts(event.proto)) {
    if (!r.dst.port.empty())
      SetPorts(event, r.src.port, r.dst.port);
    else if (ParsePort(r.src.port))
      event.sport = r.src.port;
  }
  event.in = r.src.iface;
  event.out = r.dst.iface;
  event.action = r.action;
  event.rule = r.rule;
  event.matched_by = "cisco-asa";
  return ParseResult::Matched();
}

// "Key: value" in an FTD event's "Key: value, Key: value, ..." body.
std::string_view FtdField(std::string_view body, std::string_view key) {
  for (std::size_t at = Find(body, key); at != std::string_view::npos; at = Find(body, key, at + 1)) {
    const bool starts = at == 0 || (at >= 2 && body[at - 2] == ',' && body[at - 1] == ' ');
    const std::size_t colon = at + key.size();
    if (!starts || colon + 1 >= body.size() || body[colon] != ':' || body[colon + 1] != ' ') continue;
    std::string_view value = body.substr(colon + 2);
    return TrimSpaces(value.substr(0, value.find(',')));
  }
  return {};
}

ParseResult ReadFtdConnection(std::string_view body, ParseState& state, Event& event) {
  Reading r;
  r.proto = FtdField(body, "Protocol");
  const std::string_view src = FtdField(body, "SrcIP"), dst = FtdField(body, "DstIP");
  if (src.empty() || dst.empty() || r.proto.empty()) return ParseResult::Invalid(InvalidReason::kMissingField);
  if (!IpAddress::Parse(src) || !IpAddress::Parse(dst)) return ParseResult::Invalid(InvalidReason::kBadAddress);
  r.src = {FtdField(body, "IngressInterface"), src, FtdField(body, "SrcPort")};
  r.dst = {FtdField(body, "EgressInterface"), dst, FtdField(body, "DstPort")};
  if (!r.dst.port.empty() && !ParsePort(r.dst.port)) return ParseResult::Invalid(InvalidReason::kBadPort);
  r.action = FtdVerdict(FtdField(body, "AccessControlRuleAction"));
  r.rule = FtdField(body, "AccessControlRuleName");
  return Fill(r, state, event);
}

}  // namespace

ParseResult CiscoAsaParser::Parse(const Envelope& envelope, ParseState& state, Event& event) const {
  const auto mnemonic = FindMnemonic(envelope.message);
  if (!mnemonic) return ParseResult::Unmatched();
  if (mnemonic->id == 430002 || mnemonic->id == 430003) return ReadFtdConnection(mnemonic->body, state, event);
  const AsaMessage* message = FindAsaMessage(mnemonic->id);
  if (message == nullptr || message->kind == AsaMessage::Kind::kConnectionEnd) return ParseResult::Unmatched();
  if (message->kind == AsaMessage::Kind::kNoDestination) return ParseResult::Invalid(InvalidReason::kMissingField);

  std::array<std::string_view, kMaxWords> storage;
  std::size_t n = 0;
  ForEachToken(mnemonic->body, [&](std::string_view word) {
    if (n < kMaxWords) storage[n++] = word;
  });
  const std::span<const std::string_view> words(storage.data(), n);
  Captures c;
  bool matched = false;
  for (const WordTemplate& wording : message->wordings)
    if ((matched = wording.Match(words, c))) break;
  if (!matched) return ParseResult::Invalid(InvalidReason::kMissingField);

  Reading r;
  r.proto = TrimEnd(c[Capture::kProto], ",:;");
  if (r.proto.empty()) r.proto = message->proto;
  const EndpointError src_error = ReadEndpoint(c[Capture::kSrc], c[Capture::kSport], r.src);
  const EndpointError dst_error = ReadEndpoint(c[Capture::kDst], c[Capture::kDport], r.dst);
  if (src_error == EndpointError::kAddress || dst_error == EndpointError::kAddress)
    return ParseResult::Invalid(InvalidReason::kBadAddress);
  if (src_error == EndpointError::kPort || dst_error == EndpointError::kPort)
    return ParseResult::Invalid(InvalidReason::kBadPort);
  if (message->kind == AsaMessage::Kind::kBuilt && n > 1 && words[1] == "outbound") std::swap(r.src, r.dst);
  r.action = AsaVerdict(c[Capture::kVerdict]);
  if (message->kind == AsaMessage::Kind::kBuilt) r.action = Action::kAccept;

  // The rule, the ingress interface where the source names none, the flags.
  r.rule = Unquote(c[Capture::kRule]);
  const bool tcp = EqualsLower(r.proto, "tcp");
  std::size_t flags_at = n;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (r.rule.empty() && words[i] == "access-group") r.rule = Unquote(words[i + 1]);
    if (r.src.iface.empty() && words[i] == "interface" && i > 0 && words[i - 1] == "on")
      r.src.iface = TrimEnd(words[i + 1], ".,:]");
    if (tcp && flags_at == n && words[i] == "flags") flags_at = i + 1;
  }
  if (r.rule.empty()) r.rule = mnemonic->id_text;

  const ParseResult result = Fill(r, state, event);
  if (result.matched() && event.proto == "tcp") {
    std::string* flags = nullptr;
    for (std::size_t i = flags_at; i < n; ++i) {
      static constexpr std::string_view kFlags[] = {"syn", "ack", "fin", "rst", "psh", "urg", "ece", "cwr"};
      std::string_view name;
      for (const auto f : kFlags)
        if (EqualsLower(words[i], f)) name = f;
      if (name.empty()) break;
      if (flags == nullptr)
        flags = &event.Build(Field::kTcpFlags);
      else
        flags->push_back(',');
      flags->append(name);
    }
    if (flags != nullptr) event.tcp_flags = *flags;
  }
  return result;
}

}  // namespace fwlog
