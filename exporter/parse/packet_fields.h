// Shared rules every format parser applies when it fills an Event, so that
// all presets and custom patterns normalise alike:
//
//   SetSource       the source address must parse (else invalid: bad_address)
//   SetDestination  an unreadable destination is tolerated (field left empty)
//   SetPorts        decimal 0..65535 (else invalid: bad_port); only for
//                   protocols with ports
//   SetProto        lower-case name; numbers mapped to names where IANA
//                   assigns one of the common ones (6 tcp, 17 udp, 47 gre...);
//                   neither a known name nor a number 0-255: invalid,
//                   bad_protocol (protocol_names.h)
//   ActionFromWords the verdict from a log prefix or action word
//   SetTcpFlagLetters  one-letter TCP flags ("SA") as the netfilter preset
//                   names them ("syn,ack")
#pragma once

#include <optional>
#include <string_view>

#include "core/event.h"
#include "parse/parse_state.h"

namespace fwlog {

bool SetSource(Event& event, std::string_view text);
// Remembers the last destination in `state` (ParseState::destination).
void SetDestination(Event& event, std::string_view text, ParseState& state);
// False, with the event left as it was, when `text` names no protocol.
[[nodiscard]] bool SetProto(Event& event, std::string_view text);
// True for protocols whose packets carry ports (tcp, udp, udplite, sctp, dccp).
bool ProtoHasPorts(std::string_view lower_proto);
std::optional<std::uint16_t> ParsePort(std::string_view text);
// Sets sport/port from text; false (bad_port) when the destination port is
// missing or unreadable. An unreadable source port is left empty.
bool SetPorts(Event& event, std::string_view sport, std::string_view dport);

// drop: DROP, DENY, BLOCK, DISCARD; reject: REJECT; accept: ACCEPT, ALLOW,
// AUDIT, PASS (any case, as a word or part of one, e.g. "FINAL_REJECT",
// "[UFW BLOCK]"); kNone when none is present. REJECT wins over DROP when both
// appear ("filter_IN_public_REJECT").
Action ActionFromWords(std::string_view text);

// Which letters a format uses for TCP flags: S A F R P U always; E (ece) and
// W or C (cwr) only where the format has them (pf does, Windows Firewall's
// log does not: there they are unknown letters).
enum class TcpFlagLetters { kBasic, kWithEcn };
// Sets tcp_flags from one letter per flag, in the order given, joined with
// commas ("SA" -> "syn,ack"); unknown letters are skipped, and with no known
// letter the field stays empty.
void SetTcpFlagLetters(Event& event, std::string_view letters, TcpFlagLetters set);

}  // namespace fwlog
