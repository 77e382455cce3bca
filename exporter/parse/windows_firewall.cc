#include "parse/windows_firewall.h"

#include <algorithm>
#include <array>

#include "core/byte_scan.h"
#include "parse/packet_fields.h"
#include "parse/parse_state.h"

namespace fwlog {
namespace {

constexpr std::size_t kMaxColumns = 64;
constexpr std::string_view kFieldsHeader = "#Fields:";

enum class Kind { kNotARecord, kDrop, kAccept, kConnectionEnd, kEventsLost };

Kind KindOf(std::string_view action) {
  if (action == "DROP") return Kind::kDrop;
  if (action == "ALLOW" || action == "OPEN" || action == "OPEN-INBOUND") return Kind::kAccept;
  if (action == "CLOSE") return Kind::kConnectionEnd;
  if (action == "INFO-EVENTS-LOST") return Kind::kEventsLost;
  return Kind::kNotARecord;
}

std::string_view Dash(std::string_view column) { return column == "-" ? std::string_view() : column; }

// One record: the words of `text` by the layout. Unmatched when the action
// column holds no Windows Firewall action (the text is not a record).
ParseResult ReadRecord(std::string_view text, const W3cLayout& layout, ParseState& state, Event& event) {
  std::array<std::string_view, kMaxColumns> col;
  std::size_t n = 0;
  ForEachToken(text, [&](std::string_view word) {
    if (n < kMaxColumns) col[n] = word;
    ++n;
  });
  const auto at = [&](W3cLayout::Column c) -> std::string_view {
    const int i = layout.index[c];
    return i == W3cLayout::kAbsent || static_cast<std::size_t>(i) >= std::min(n, kMaxColumns)
               ? std::string_view()
               : Dash(col[static_cast<std::size_t>(i)]);
  };
  const Kind kind = KindOf(at(W3cLayout::kAction));
  if (kind == Kind::kNotARecord || kind == Kind::kConnectionEnd || kind == Kind::kEventsLost)
    return ParseResult::Unmatched();

  // The record must run past the last column read, so that none of them is
  // cut short (the header's last column aside: nothing follows it).
  int last = 0;
  for (const W3cLayout::Column c : {W3cLayout::kAction, W3cLayout::kProtocol, W3cLayout::kSrcIp, W3cLayout::kDstIp,
                                    W3cLayout::kSrcPort, W3cLayout::kDstPort})
    last = std::max<int>(last, layout.index[c]);
  const std::size_t needed = static_cast<std::size_t>(std::min<int>(last + 2, layout.columns));
  const std::string_view proto = at(W3cLayout::kProtocol), src = at(W3cLayout::kSrcIp), dst = at(W3cLayout::kDstIp);
  if (n < needed || proto.empty() || src.empty() || dst.empty())
    return ParseResult::Invalid(InvalidReason::kMissingField);
  if (!IpAddress::Parse(dst) || !SetSource(event, src)) return ParseResult::Invalid(InvalidReason::kBadAddress);
  SetDestination(event, dst, state);
  if (!SetProto(event, proto)) return ParseResult::Invalid(InvalidReason::kBadProtocol);
  if (ProtoHasPorts(event.proto) && !SetPorts(event, at(W3cLayout::kSrcPort), at(W3cLayout::kDstPort)))
    return ParseResult::Invalid(InvalidReason::kBadPort);
  if (event.proto == "tcp") SetTcpFlagLetters(event, at(W3cLayout::kTcpFlags), TcpFlagLetters::kBasic);
  event.action = kind == Kind::kDrop ? Action::kDrop : Action::kAccept;
  event.matched_by = "windows-firewall";
  return ParseResult::Matched();
}

}  // namespace

bool ReadW3cFields(std::string_view line, W3cLayout& layout) {
  if (!line.starts_with(kFieldsHeader)) return false;
  static constexpr std::string_view kNames[W3cLayout::kColumnCount] = {"action",   "protocol", "src-ip",  "dst-ip",
                                                                       "src-port", "dst-port", "tcpflags"};
  W3cLayout read;
  read.known = true;
  read.index.fill(W3cLayout::kAbsent);
  std::size_t n = 0;
  ForEachToken(line.substr(kFieldsHeader.size()), [&](std::string_view name) {
    if (n < kMaxColumns) {
      for (std::size_t c = 0; c < W3cLayout::kColumnCount; ++c)
        if (name == kNames[c] && read.index[c] == W3cLayout::kAbsent) read.index[c] = static_cast<std::int8_t>(n);
    }
    ++n;
  });
  read.columns = static_cast<std::int8_t>(std::min(n, kMaxColumns));
  layout = read;
  return true;
}

ParseResult WindowsFirewallParser::Parse(const Envelope& envelope, ParseState& state, Event& event) const {
  // The message: the whole line as read from the file (the envelope knows a
  // record's date and time for no syslog header), or the record after a
  // syslog header when an agent relays the file.
  const std::string_view message = envelope.message;
  W3cLayout& layout = state.windows_firewall;
  if (!message.empty() && message[0] == '#') {
    ReadW3cFields(message, layout);
    return ParseResult::Unmatched();
  }
  if (!layout.known || layout.index[W3cLayout::kAction] == W3cLayout::kAbsent)
    return ParseResult::Unmatched();  // no header yet: not guessed
  return ReadRecord(message, layout, state, event);
}

}  // namespace fwlog
