#include "parse/panos.h"

#include <array>
#include <optional>

#include "core/byte_scan.h"
#include "parse/packet_fields.h"

namespace fwlog {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "YYYY/MM/DD HH:MM:SS"
bool IsPanStamp(std::string_view s) {
  static constexpr std::string_view kShape = "dddd/dd/dd dd:dd:dd";
  if (s.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (kShape[i] == 'd' ? !IsDigit(s[i]) : s[i] != kShape[i]) return false;
  return true;
}

// Where the record starts, given the comma before its type column: the
// serial number, the receive time and a first column of digits stand before
// it, the first column at the start of the message or after a space.
std::optional<std::size_t> RecordStart(std::string_view msg, std::size_t type_comma) {
  if (type_comma == 0) return std::nullopt;
  const std::size_t serial_comma = msg.rfind(',', type_comma - 1);
  if (serial_comma == std::string_view::npos || serial_comma < 20) return std::nullopt;
  const std::size_t first_comma = serial_comma - 20;
  if (msg[first_comma] != ',' || !IsPanStamp(msg.substr(first_comma + 1, 19))) return std::nullopt;
  std::size_t start = first_comma;
  while (start > 0 && IsDigit(msg[start - 1])) --start;
  if (start == first_comma || (start > 0 && msg[start - 1] != ' ')) return std::nullopt;
  return start;
}

constexpr std::size_t kColumns = 31;  // the last one read is the action (30)
// A complete record has columns after the action (bytes, packets, ...): one
// cut inside the action column would otherwise pass as a shorter word.
constexpr std::size_t kComplete = kColumns + 1;

// Splits `csv` at commas outside double quotes into `f` (quotes removed);
// returns the number of columns, counting at most kComplete.
std::size_t SplitColumns(std::string_view csv, std::array<std::string_view, kColumns>& f) {
  std::size_t n = 0, start = 0;
  bool quoted = false;
  auto emit = [&](std::size_t end) {
    std::string_view field = csv.substr(start, end - start);
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"') field = field.substr(1, field.size() - 2);
    if (n < kColumns) f[n] = field;
    ++n;
    start = end + 1;
  };
  for (std::size_t i = 0; i < csv.size() && n < kComplete; ++i) {
    if (csv[i] == '"')
      quoted = !quoted;
    else if (csv[i] == ',' && !quoted)
      emit(i);
  }
  if (n < kComplete) emit(csv.size());
  return n;
}

Action PanosAction(std::string_view a) {
  if (a == "allow") return Action::kAccept;
  if (a == "deny" || a.starts_with("drop")) return Action::kDrop;
  if (a.starts_with("reset")) return Action::kReject;
  return Action::kNone;
}

}  // namespace

ParseResult PanosParser::Parse(const Envelope& envelope, ParseState& state, Event& event) const {
  const std::string_view msg = envelope.message;
  std::optional<std::size_t> start;
  for (std::size_t at = Find(msg, ",TRAFFIC,"); at != std::string_view::npos && !start;
       at = Find(msg, ",TRAFFIC,", at + 1))
    start = RecordStart(msg, at);
  if (!start) return ParseResult::Unmatched();

  std::array<std::string_view, kColumns> f;
  if (SplitColumns(msg.substr(*start), f) < kComplete) return ParseResult::Invalid(InvalidReason::kMissingField);
  const std::string_view src = f[7], dst = f[8], proto = f[29];
  if (!IpAddress::Parse(src) || !IpAddress::Parse(dst)) return ParseResult::Invalid(InvalidReason::kBadAddress);
  SetSource(event, src);
  SetDestination(event, dst, state);
  if (!SetProto(event, proto)) return ParseResult::Invalid(InvalidReason::kBadProtocol);
  if (ProtoHasPorts(event.proto) && !SetPorts(event, f[24], f[25]))
    return ParseResult::Invalid(InvalidReason::kBadPort);
  event.in = f[18];
  event.out = f[19];
  event.rule = f[11];
  event.action = PanosAction(f[30]);
  event.matched_by = "panos";
  return ParseResult::Matched();
}

}  // namespace fwlog
