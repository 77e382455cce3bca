// FortigateParser: FortiOS traffic logs (FortiGate), key=value after an
// optional syslog header:
//
//   date=2026-03-24 time=10:15:02 devname="fw-hq" eventtime=1774343702123456789 tz="+0100"
//   logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=198.51.100.7
//   srcport=51515 srcintf="wan1" dstip=203.0.113.10 dstport=22 dstintf="lan" proto=6 action="deny"
//   policyid=0 policyname="Implicit Deny" ...
//
// and FortiOS 4's spelling (log_id=, status=, src=, dst=, src_port=,
// dst_port=, src_int=, dst_int=). Fields and what they become:
//
//   srcip | src, dstip | dst       src, dst (family from src)
//   proto (IANA number)            proto (6 -> tcp, 17 -> udp, 1 -> icmp, ...)
//   srcport | src_port             sport
//   dstport | dst_port             port (tcp/udp/sctp...: required, else bad_port)
//   srcintf | src_int, dstintf | dst_int    in, out ("N/A" -> empty)
//   action, else status            action: deny, block, blocked -> drop;
//                                  accept, close, timeout, client-rst,
//                                  server-rst, start -> accept (the policy
//                                  let the session through; the word says how
//                                  it ended); other words by ActionFromWords,
//                                  else unknown
//   policyname, else policyid      rule
//   devname                        host, when the syslog header has none
//   eventtime, else date + time (+ tz)   time, when the header has none
//
// A line is this format when it has a `type=traffic` (or "traffic") key and
// a logid= or log_id= key; other FortiOS log types (event, utm, anomaly) are
// not packet records and stay unmatched. Every traffic record counts —
// FortiOS writes one per session, at its end for an allowed one
// (action="close", "timeout", ...) and at once for a denied one. Missing
// source, destination or protocol, or a used value cut by the end of the
// line, is missing_field; a bad source bad_address, a missing or bad
// destination port bad_port.
#pragma once

#include "parse/envelope.h"
#include "parse/parse_result.h"

namespace fwlog {

class FortigateParser {
 public:
  ParseResult Parse(const Envelope& envelope, ParseState& state, Event& event) const;
};

}  // namespace fwlog
