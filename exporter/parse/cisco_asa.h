// CiscoAsaParser: the syslog messages of Cisco ASA, PIX and Firepower Threat
// Defense (FTD) that record one packet or connection decision:
//
//   [envelope] %ASA-4-106023: Deny tcp src outside:198.51.100.7/40001 dst inside:192.0.2.10/22 by access-group "out_in"
//   [0x0, 0x0] [envelope] %ASA-6-302013: Built inbound TCP connection 77 for outside:198.51.100.7/40001
//   (198.51.100.7/40001) to dmz:192.0.2.10/443 (203.0.113.10/443) [envelope] %FTD-1-430002: AccessControlRuleAction:
//   Block, SrcIP: 198.51.100.7, DstIP: 192.0.2.10, SrcPort: 40001, DstPort: 22, Protocol: tcp, IngressInterface:
//   outside, ..., AccessControlRuleName: Deny-SSH, ...
//
// A line is this format when its message holds a mnemonic "%ASA-", "%PIX-",
// "%FTD-" or "%FWSM-", an optional facility ("%FTD-session-6-..."), a level
// digit and a six-digit message id; "message repeated N times: [ ... ]"
// around the text is removed. Which ids are packet entries, and their
// wordings, is cisco_asa_messages.h; every other id (system, VPN, NAT, AAA,
// URL ...) and a connection's Teardown are unmatched.
//
// ASA text (all ids but 430002/430003):
//
//   protocol     the word the wording names ("tcp", "UDP", "47", "icmp6" ->
//                icmpv6, "IP" -> ip); neither a known name nor a number 0-255
//                (a documentation template's "protocol"): bad_protocol
//   endpoints    [ctx:]iface:address[/port] ("v1:outside:192.0.2.1/53",
//                "inside:2001:db8::5/443", "192.0.2.1"), or
//                iface/address(port) in 106100; the source's interface is
//                `in`, the destination's `out` (`in` also from "on interface
//                X" when the source names none)
//   ports        only for tcp/udp/sctp...; a port written as a name ("ssh")
//                leaves `port` empty, as does an endpoint without a port
//   action       the verdict word: Deny/denied/Dropping/dropped/drop/Discard
//                -> drop; permitted/est-allowed/Built/monitored/bypassed/
//                skipped -> accept; otherwise (requested, none) unknown
//   rule         the ACL the text names (access-group "X", access-list X,
//                outbound list X), else the message id ("106006")
//   tcp_flags    the flags after "flags" ("flags SYN ACK" -> syn,ack)
//
// Built "outbound" connections name the initiating (local) end second: source
// and destination, with their interfaces, are swapped.
//
// FTD 430002/430003 (connection start/end events, "Key: value, ..."): SrcIP,
// DstIP, SrcPort, DstPort, Protocol, IngressInterface (`in`),
// EgressInterface (`out`), AccessControlRuleName (`rule`),
// AccessControlRuleAction (Allow/Trust/Monitor/Fastpath -> accept, Block ->
// drop, "... with reset" -> reject).
//
// Invalid: a listed id whose text does not have its wording, or 313001/313008
// (no destination in the text), or an FTD event without SrcIP/DstIP/Protocol:
// missing_field; a source or destination that is not an address (an object
// name, a masked "x.x.x.x"): bad_address; a port that is neither a number nor
// a name: bad_port; an unknown protocol: bad_protocol.
#pragma once

#include "parse/envelope.h"
#include "parse/parse_result.h"
#include "parse/parse_state.h"

namespace fwlog {

class CiscoAsaParser {
 public:
  ParseResult Parse(const Envelope& envelope, ParseState& state, Event& event) const;
};

}  // namespace fwlog
