// PfParser: the `filterlog` CSV that pfSense (2.2 and later) and OPNsense
// write for every logged packet:
//
//   Nov  8 12:37:34 pfSense filterlog[4242]:
//   5,,,1000102433,em0,match,block,in,4,0x0,,128,24677,0,none,17,udp,186,10.9.0.119,10.9.0.255,17500,17600,166 <134>1
//   2022-06-09T14:44:11-06:00 fw filterlog 76404 - [meta sequenceId="1"] 124,,,fae5...,ixl1,match,pass,out,4,...
//
// Fields (0-based) and what they become:
//
//   0 rule number        rule, when there is no tracker
//   3 tracker            rule: pfSense's tracking id, OPNsense's rule hash or
//                        UUID — the rule's stable identity ("0"/empty: unset)
//   4 interface          in (direction in) or out (direction out)
//   5 reason             not used ("match", ...)
//   6 action             pass -> accept, block -> drop, reject -> reject,
//                        anything else -> unknown
//   7 direction          in | out
//   8 IP version         4 | 6 (anything else: invalid, missing_field)
//   IPv4: 15 proto id, 16 proto name, 18 src, 19 dst, then from 20 the protocol part
//   IPv6: 12 proto name, 13 proto id, 15 src, 16 dst, then from 17 the protocol part
//   protocol part        tcp/udp/sctp...: sport, dport, datalen[, tcp flags, ...]
//                        icmp, igmp, carp, ...: no ports
//
// proto is the name lower-cased ("UDP" on IPv6 lines too), or the number when
// the name is empty; tcp_flags maps pf's letters (S, A, F, R, P, U, E, W/C)
// to "syn,ack,...", in the order written.
//
// Finding the CSV: after the envelope when its tag is "filterlog"; otherwise
// (a broken header: a split RFC 5424 stamp, no version, a space after <PRI>)
// after a "filterlog" word anywhere in the line, followed by "[pid]:", ":" or
// " PROCID MSGID SD". A line without "filterlog" is not this format.
//
// A filterlog line is invalid (missing_field) when the CSV is cut short: fewer
// than 9 fields, no source/destination, or no ports where the protocol has
// them; also when the rule number is not a number (a garbled header glued to
// the CSV). A bad source is bad_address, an unreadable destination port
// bad_port; an unreadable source port is left empty.
#pragma once

#include "parse/envelope.h"
#include "parse/parse_result.h"

namespace fwlog {

class PfParser {
 public:
  ParseResult Parse(const Envelope& envelope, ParseState& state, Event& event) const;
};

// The CSV part of a filterlog line, or an empty view with `found` false when
// the line has no filterlog tag.
std::string_view FindFilterlogCsv(const Envelope& envelope, bool& found);

}  // namespace fwlog
