// ZyxelParser: the key="value" logs of Zyxel USG FLEX, ATP, VPN and ZyWALL
// firewalls (ZLD / uOS), as their syslog sends them:
//
//   <142>Mar 24 10:00:01 2026 usg-flex src="198.51.100.7:40001" dst="192.0.2.10:23" msg="Match default rule DROP"
//   note="ACCESS BLOCK" user="" devID="0123456789ab" cat="Security Policy Control" action="Drop" protoID=6 proto=telnet
//   <142>Mar 24 10:00:02 2026 usg-flex src="10.1.2.3:50000" dst="203.0.113.80:443" msg="Traffic Log" note=""
//   cat="Traffic Log" action="" dir=LAN1:WAN protoID=6 proto=https sent=930 rcvd=358
//
// A line is this format when it has src="...", dst="..." and msg="..." and a
// cat="..."; a record whose category is not a firewall one (Security Policy
// Control, Traffic Log, Firewall, Access Control) is unmatched (IPSec VPN,
// system, login ...).
//
//   src, dst     "address:port" (IPv4; an address with more than one colon is
//                taken whole, without port) -> src/sport, dst/port
//   protoID      the IP protocol number -> proto (6 tcp, 17 udp, 1 icmp ...);
//                `proto=` is the service name, not read
//   action       Drop/Block/Deny -> drop, Reject -> reject, Allow/Accept/Pass
//                -> accept (as a prefix's words are read), empty -> unknown
//   msg          rule ("Match default rule DROP")
//   dir          "FROM:TO" -> in, out
//
// A firewall record without protoID (Zyxel writes none on its policy-control
// drops) is invalid (missing_field): the protocol is not known. Source or
// destination not an address: bad_address; a destination port that is not a
// number: bad_port.
#pragma once

#include "parse/envelope.h"
#include "parse/parse_result.h"
#include "parse/parse_state.h"

namespace fwlog {

class ZyxelParser {
 public:
  ParseResult Parse(const Envelope& envelope, ParseState& state, Event& event) const;
};

}  // namespace fwlog
