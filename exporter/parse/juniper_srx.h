// JuniperSrxParser: the session records of Juniper SRX security policies
// (Junos RT_FLOW), in either of the forms Junos writes them.
//
// Structured (RFC 5424 with SD-params, `set security log format sd-syslog`):
//
//   <14>1 2026-03-24T10:15:02.123+01:00 srx RT_FLOW - RT_FLOW_SESSION_DENY [junos@2636.1.1.1.2.129
//   source-address="198.51.100.7" source-port="51515" destination-address="203.0.113.10"
//   destination-port="22" service-name="junos-ssh" protocol-id="6" icmp-type="0"
//   policy-name="deny-all" source-zone-name="untrust" destination-zone-name="trust" ...
//   packet-incoming-interface="ge-0/0/0.0" ... reason="policy deny"]
//
//   source-address, destination-address     src, dst
//   protocol-id                             proto
//   source-port, destination-port           sport, port
//   packet-incoming-interface               in
//   policy-name                             rule
//
// Plain text (the default syslog format):
//
//   srx RT_FLOW: RT_FLOW_SESSION_DENY: session denied 198.51.100.7/51515->203.0.113.10/22 junos-ssh
//     6(0) deny-all untrust trust UNKNOWN UNKNOWN N/A(N/A) ge-0/0/0.0 UNKNOWN policy deny
//   srx RT_FLOW: RT_FLOW_SESSION_CREATE: session created 192.0.2.5/40000->198.51.100.9/443 junos-https
//     203.0.113.10/40000->198.51.100.9/443 source-nat-rule N/A 6 allow-web trust untrust 4711
//     N/A(N/A) ge-0/0/1.0 ...
//
//   A/P->B/Q (the first tuple)    src, sport, dst, port
//   DENY: N(T) after the service  proto N (T: ICMP type)
//   CREATE: the first number after the translated tuple and the NAT rule names
//                                 proto
//   the word after the protocol   rule (the policy)
//   the word after USER(ROLES)    in (the incoming interface)
//   A connection tag "0x.." after a tuple (Junos 12.1X44 and later) is skipped.
//
// Kinds: RT_FLOW_SESSION_DENY (and _DENY_LS) -> drop, or reject when the
// reason is "policy reject"; RT_FLOW_SESSION_CREATE (_LS) -> accept.
// RT_FLOW_SESSION_CLOSE repeats a decision the CREATE record made and is not
// counted (unmatched), like every other Junos message (RT_SCREEN_*,
// APPTRACK_*, ...). A DENY or CREATE record without its addresses or protocol
// is missing_field; invalid otherwise as for the other vendor presets
// (vendor_fields.h).
#pragma once

#include "parse/envelope.h"
#include "parse/parse_result.h"

namespace fwlog {

class JuniperSrxParser {
 public:
  ParseResult Parse(const Envelope& envelope, ParseState& state, Event& event) const;
};

}  // namespace fwlog
