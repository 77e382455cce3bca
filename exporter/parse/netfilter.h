// NetfilterParser: the kernel packet-log format written by iptables' LOG
// target and nftables' `log` statement, as UFW, firewalld, ASUS/Asuswrt,
// OpenWrt, EdgeOS/UniFi, Proxmox and plain iptables set-ups write it:
//
//   [envelope] PREFIX IN=ppp0 OUT= MAC=.. SRC=a DST=b LEN=40 .. PROTO=TCP SPT=1 DPT=22 .. SYN ..
//
// The prefix (rule) is whatever stands before IN= (it may be glued to it, as
// in "DROP(src wan)IN=eth0"); the verdict is read from it. The body is read as
// key=value tokens, the first occurrence of a key winning (UDP repeats LEN=),
// and stops at '[' — where an ICMP error quotes the packet it answers, whose
// addresses and ports are not this packet's.
//
// A line is this format when it has IN= followed by SRC=, DST= and PROTO=. It
// is invalid when SRC is unreadable (bad_address), when a protocol with ports
// has no readable DPT (bad_port), or when SRC/DST/PROTO is missing after IN=
// (missing_field: e.g. one half of a hard-wrapped record).
//
// Hand-written rather than a capturing RE2: a key scan costs a fraction of a
// regex with captures (see docs/performance.md) and this runs on every line.
#pragma once

#include "parse/envelope.h"
#include "parse/parse_result.h"

namespace fwlog {

class NetfilterParser {
 public:
  ParseResult Parse(const Envelope& envelope, Event& event) const;
};

// The verdict of an EdgeOS/UniFi chain tag such as "[WAN_LOCAL-default-D]" or
// "[WAN_LOCAL-D-2147483647]" (D drop, R reject, A accept), kNone otherwise.
Action EdgeOsAction(std::string_view prefix);

}  // namespace fwlog
