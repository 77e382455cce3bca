// PanosParser: PAN-OS TRAFFIC logs, the CSV records Palo Alto Networks
// firewalls send by syslog (one per session start, end, drop or deny):
//
//   <14>Mar 24 10:00:01 PA-440 1,2026/03/24 10:00:01,012801000001,TRAFFIC,drop,2561,2026/03/24
//   10:00:01,198.51.100.7,192.0.2.10,0.0.0.0,0.0.0.0,deny-in,,,not-applicable,vsys1,untrust,trust,ethernet1/1,,fwd,2026/03/24
//   10:00:01,0,1,40001,22,0,0,0x0,tcp,deny,60,60,0,1,...
//
// The record is found by its type column: ",TRAFFIC," after the receive time
// "YYYY/MM/DD HH:MM:SS" and the serial number, the first column a number at
// the start of the message or after a space (so a broken syslog header is
// no obstacle). Other types (THREAT, SYSTEM, CONFIG ...) are unmatched.
//
// Columns (0-based), the same in every PAN-OS release that documents its
// syslog fields (6.1 to 11.x: new columns are only appended at the end, so
// the positions read here are one layout for all versions):
//
//   4 subtype            start | end | drop | deny: not the verdict (a session
//                        `end` record is how an allowed session is logged)
//   7 source address     src (IPv4 or IPv6)
//   8 destination        dst
//   11 rule name         rule
//   18 inbound interface in;   19 outbound interface: out
//   24 source port       sport; 25 destination port: port (tcp/udp/sctp)
//   29 IP protocol       proto (tcp, udp, icmp, ipv6-icmp -> icmpv6, or a number)
//   30 action            allow -> accept; deny, drop, drop-icmp, drop-all... ->
//                        drop; reset-client/-server/-both -> reject
//
// Values may be double-quoted (a comma inside quotes does not split). A
// record that ends before the column after the action (cut short; every
// PAN-OS release writes more columns) is missing_field; a source or
// destination that is not an address (masked "00.00.000.00"): bad_address;
// a protocol neither known nor a number 0-255: bad_protocol; a destination
// port that is not a number: bad_port.
//
// Time and host come from the syslog envelope; a record sent without one
// gets the receive time (the CSV's own stamps carry no zone).
#pragma once

#include "parse/envelope.h"
#include "parse/parse_result.h"
#include "parse/parse_state.h"

namespace fwlog {

class PanosParser {
 public:
  ParseResult Parse(const Envelope& envelope, ParseState& state, Event& event) const;
};

}  // namespace fwlog
