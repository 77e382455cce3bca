// MikrotikParser: the firewall log lines RouterOS (v6 and v7) writes for a
// rule with action=log or log=yes:
//
//   [topics] [PREFIX ]CHAIN: in:IF out:IF, [connection-state:ST ][src-mac MAC, ]proto P[ (X)],
//   SRC[:SPORT]->DST[:DPORT][, NAT (...)->...], len N
//
//   firewall,info drop-in input: in:ether1 out:(unknown 0), src-mac 00:11:22:33:44:55, proto TCP (SYN),
//   203.0.113.9:51234->198.51.100.1:22, len 60 forward: in:bridge out:ether1, connection-state:new proto UDP,
//   192.168.88.2:5353->8.8.8.8:53, len 64 input: in:ether1 out:(none), proto ICMP (type 8, code 0),
//   203.0.113.9->198.51.100.1, len 84 input: in:ether1 out:(unknown 0), proto TCP (ACK,PSH),
//   [2001:db8::9]:443->[2001:db8::1]:50000, len 52
//
// What the pieces become:
//
//   topics ("firewall,info")  skipped
//   PREFIX                    rule, and the verdict by its words (drop-in,
//                             [drop-input], "drop !LAN", "LOGDROP LogDrop:"...:
//                             REJECT > DROP/DENY/BLOCK > ACCEPT/ALLOW/PASS);
//                             RouterOS does not log the action itself, so
//                             without such a word the action is unknown
//   CHAIN                     rule when there is no prefix (input, forward, ...)
//   in:/out:                  in, out; "(unknown 0)" and "(none)" become empty
//   proto P                   proto (TCP -> tcp, "47" -> gre); "(SYN)" or
//                             "(ACK,PSH)" after tcp -> tcp_flags "syn", "ack,psh"
//   SRC[:SPORT]->DST[:DPORT]  src, sport, dst, port; IPv6 as [addr]:port, or a
//                             bare address where the protocol has no ports
//
// When the envelope read the chain as a program tag ("MikroTik input: in:..."),
// the tag is the chain.
//
// A line is this format when it has " in:" (or starts with "in:") followed by
// " out:". It is invalid (missing_field) without "proto" or "->" after that,
// bad_address for an unreadable source, bad_port for a missing or unreadable
// destination port where the protocol has ports.
#pragma once

#include "parse/envelope.h"
#include "parse/parse_result.h"

namespace fwlog {

class MikrotikParser {
 public:
  ParseResult Parse(const Envelope& envelope, ParseState& state, Event& event) const;
};

}  // namespace fwlog
