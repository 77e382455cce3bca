#include "parse/pf.h"

#include <array>

#include "core/byte_scan.h"
#include "parse/packet_fields.h"

namespace fwlog {
namespace {

constexpr std::string_view kTag = "filterlog";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view SkipSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// After "filterlog": "[pid]: CSV", ": CSV" or " PROCID MSGID SD CSV".
bool CsvAfterTag(std::string_view rest, std::string_view& csv) {
  if (!rest.empty() && rest[0] == '[') {
    const auto close = rest.find("]:");
    if (close == std::string_view::npos) return false;
    csv = SkipSpaces(rest.substr(close + 2));
    return true;
  }
  if (!rest.empty() && rest[0] == ':') {
    csv = SkipSpaces(rest.substr(1));
    return true;
  }
  if (rest.empty() || rest[0] != ' ') return false;
  rest = SkipSpaces(rest);
  for (int i = 0; i < 2; ++i) {  // PROCID, MSGID
    const auto space = rest.find(' ');
    if (space == std::string_view::npos) return false;
    rest = SkipSpaces(rest.substr(space));
  }
  if (!rest.empty() && rest[0] == '-') {
    csv = SkipSpaces(rest.substr(1));
    return true;
  }
  if (!rest.empty() && rest[0] == '[') {
    const auto close = rest.find("] ");
    if (close == std::string_view::npos) return false;
    csv = SkipSpaces(rest.substr(close + 1));
    return true;
  }
  return false;
}

Action PfAction(std::string_view a) {
  if (a == "block") return Action::kDrop;
  if (a == "pass") return Action::kAccept;
  if (a == "reject") return Action::kReject;
  return Action::kNone;
}

}  // namespace

std::string_view FindFilterlogCsv(const Envelope& envelope, bool& found) {
  found = false;
  if (envelope.tag == kTag) {
    found = true;
    return envelope.message;
  }
  const std::string_view line = envelope.line;
  std::size_t pos = 0;
  while ((pos = Find(line, kTag, pos)) != std::string_view::npos) {
    const bool word_start = pos == 0 || line[pos - 1] == ' ';
    pos += kTag.size();
    std::string_view csv;
    if (word_start && CsvAfterTag(line.substr(pos), csv)) {
      found = true;
      return csv;
    }
  }
  return {};
}

ParseResult PfParser::Parse(const Envelope& envelope, ParseState& state, Event& event) const {
  bool found = false;
  const std::string_view csv = TrimRight(FindFilterlogCsv(envelope, found));
  if (!found) return ParseResult::Unmatched();

  // Only the fields up to the TCP flags are needed; `n` counts them all.
  constexpr std::size_t kKept = 24;
  std::array<std::string_view, kKept> f{};
  std::size_t n = 0;
  ForEachField(csv, ',', [&](std::string_view field) {
    if (n < kKept) f[n] = field;
    ++n;
  });
  const auto missing = ParseResult::Invalid(InvalidReason::kMissingField);
  if (n < 9 || f[0].empty()) return missing;
  for (const char c : f[0])
    if (!IsDigit(c)) return missing;

  std::string_view proto_name, proto_id, src, dst;
  std::size_t ports_at;
  if (f[8] == "4") {
    if (n < 20) return missing;
    proto_id = f[15];
    proto_name = f[16];
    src = f[18];
    dst = f[19];
    ports_at = 20;
  } else if (f[8] == "6") {
    if (n < 17) return missing;
    proto_name = f[12];
    proto_id = f[13];
    src = f[15];
    dst = f[16];
    ports_at = 17;
  } else {
    return missing;
  }
  if (src.empty() || (proto_name.empty() && proto_id.empty())) return missing;
  if (!SetSource(event, src)) return ParseResult::Invalid(InvalidReason::kBadAddress);
  SetDestination(event, dst, state);
  if (!SetProto(event, proto_name.empty() ? proto_id : proto_name))
    return ParseResult::Invalid(InvalidReason::kBadProtocol);
  event.tcp_flags = {};
  if (ProtoHasPorts(event.proto)) {
    if (n < ports_at + 2) return missing;
    if (!SetPorts(event, f[ports_at], f[ports_at + 1])) return ParseResult::Invalid(InvalidReason::kBadPort);
    if (event.proto == "tcp" && n > ports_at + 3) SetTcpFlagLetters(event, f[ports_at + 3], TcpFlagLetters::kWithEcn);
  }

  if (f[7] == "in")
    event.in = f[4];
  else if (f[7] == "out")
    event.out = f[4];
  event.action = PfAction(f[6]);
  const std::string_view tracker = f[3];
  event.rule = !tracker.empty() && tracker != "0" ? tracker : f[0];
  event.matched_by = "pf";
  return ParseResult::Matched();
}

}  // namespace fwlog
