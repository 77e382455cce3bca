// SonicwallParser: SonicOS syslog records (SonicWall TZ / NSA / NSa), key=value
// after an optional syslog header:
//
//   id=firewall sn=0040100A1B2C time="2026-03-24 10:15:02 UTC" fw=203.0.113.10 pri=5 c=64 m=36
//   msg="TCP connection dropped" n=1234 src=198.51.100.7:51515:X1 dst=203.0.113.10:22:X1
//   proto=tcp/ssh fw_action="drop" rule="5 (WAN->WAN)"
//
//   src=ADDR:PORT:IFACE[:NAME]      src, sport, in
//   dst=ADDR:PORT:IFACE[:NAME]      dst, port, out
//   srcV6=, dstV6=                  src, dst for IPv6 (src=/dst= then hold
//                                   ":PORT:IFACE" without the address)
//   proto=tcp/ssh, udp/53, icmp     proto: the part before '/'; without
//                                   proto=, the first word of msg= when it
//                                   is TCP, UDP or ICMP ("TCP connection dropped")
//   fw_action                       drop -> drop, forward -> accept, "NA" ->
//                                   unknown, other words by ActionFromWords;
//                                   without fw_action (older SonicOS), the
//                                   words of msg=: "... dropped" -> drop,
//                                   "... denied" -> drop, else unknown
//   rule                            rule ("5 (WAN->WAN)")
//   time="YYYY-MM-DD HH:MM:SS[ UTC]"   time (the input's zone without UTC),
//                                   when the syslog header has none
//
// A line is this format when it has the words id=, sn= and m=; one that names
// no protocol at all (configuration, login, VPN messages) is not a packet
// record and stays unmatched, and so does m=537 "Connection Closed": the end
// of a connection whose m=98 "Connection Opened" was counted. Invalid as for the other vendor presets
// (vendor_fields.h): missing addresses, or a used value cut by the end of the
// line, is missing_field; a bad source bad_address; no destination port where
// the protocol has ports bad_port.
#pragma once

#include "parse/envelope.h"
#include "parse/parse_result.h"

namespace fwlog {

class SonicwallParser {
 public:
  ParseResult Parse(const Envelope& envelope, ParseState& state, Event& event) const;
};

}  // namespace fwlog
