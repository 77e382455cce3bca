// CheckpointParser: Check Point Log Exporter records in syslog form, a list of
// key:"value" pairs in brackets after "CheckPoint PID - ":
//
//   <134>1 2026-03-24T10:15:02Z mgmt CheckPoint 26203 - [action:"Drop"; flags:"400644"; ifdir:"inbound";
//   ifname:"eth1"; origin:"192.0.2.1"; time:"1774347302"; src:"198.51.100.7"; dst:"203.0.113.10";
//   proto:"6"; s_port:"51515"; service:"22"; rule_name:"Cleanup rule"; rule:"12"; ... ]
//
//   src, dst                      src, dst
//   proto (IANA number)           proto
//   s_port, service               sport, port
//   ifname with ifdir             in (ifdir "inbound") or out ("outbound")
//   action                        Accept -> accept, Drop / Block -> drop,
//                                 Reject -> reject (ActionFromWords); other
//                                 words (Encrypt, Detect, ...) unknown
//   rule_name, else rule          rule (escapes such as \] resolved)
//   time (Unix seconds)           time, when the syslog header has none
//
// The record is read up to its closing ']'; a ']' inside a value is escaped
// (\]). A record with src, dst and proto is a packet; one that has proto or an
// aggregated packets:"..." list but lacks src, dst or proto is invalid
// (missing_field: the list is not expanded); any other record (Identity
// Awareness, management, ...) is not a packet and stays unmatched. Invalid
// otherwise as for the other vendor presets (vendor_fields.h).
#pragma once

#include "parse/envelope.h"
#include "parse/parse_result.h"

namespace fwlog {

class CheckpointParser {
 public:
  ParseResult Parse(const Envelope& envelope, ParseState& state, Event& event) const;
};

}  // namespace fwlog
