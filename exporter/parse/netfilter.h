// NetfilterParser: the kernel packet-log format written by iptables' LOG
// target and nftables' `log` statement, as UFW, firewalld, ASUS/Asuswrt-Merlin,
// OpenWrt fw3/fw4, EdgeOS/UniFi, Proxmox pve-firewall, Synology and plain
// iptables/nftables set-ups write it:
//
//   [envelope] PREFIX IN=ppp0 OUT= MAC=.. SRC=a DST=b LEN=40 .. PROTO=TCP SPT=1 DPT=22 .. SYN ..
//
// The body starts at IN= (at OUT= on lines that have no IN=, as Proxmox's
// host-output chain writes them). The prefix is whatever stands before it (it
// may be glued to it, as in "DROP(src wan)IN=eth0"); surrounding "[...]", a
// trailing ':' and a UniFi DESCR="..." are removed to give `rule`, and the
// verdict is read from it:
//
//   "[WAN_LOCAL-default-D]", "[LAN_IN-10-A]", "[WAN_LOCAL-D-2147483647]"
//                    EdgeOS/UniFi: -D drop, -R reject, -A accept
//   words            REJECT > DROP/DENY/BLOCK/DISCARD > ACCEPT/ALLOW/AUDIT/PASS,
//                    anywhere in the prefix ("[UFW BLOCK]", "FINAL_REJECT",
//                    "filter_IN_public_REJECT", "reject wan in", "policy DROP")
//   no prefix        the program tag when it is not "kernel" ("box IN-work:"),
//                    else unknown
//
// A Proxmox chain from the envelope goes in front of the rule
// ("PVEFW-HOST-IN policy DROP").
//
// The body is read as key=value tokens, the first occurrence of a key winning
// (UDP repeats LEN=, ICMP echo repeats ID=), and stops at '[' — where an ICMP
// error quotes the packet it answers, whose addresses and ports are not this
// packet's. Bare words among them are TCP flags (SYN, ACK, ...), kept in
// order as "syn,ack".
//
// A line is this format when it has IN= or OUT=. It is invalid when SRC, DST
// or PROTO is missing after it (missing_field: e.g. one half of a hard-wrapped
// record), when SRC is unreadable (bad_address), or when a protocol with ports
// has no readable DPT (bad_port). An unreadable DST is tolerated.
//
// Hand-written rather than a capturing RE2: a key scan costs a fraction of a
// regex with captures (bench/parse_bench.cc) and this runs on every line.
#pragma once

#include "parse/envelope.h"
#include "parse/parse_result.h"

namespace fwlog {

class NetfilterParser {
 public:
  ParseResult Parse(const Envelope& envelope, ParseState& state, Event& event) const;
};

// The verdict of an EdgeOS/UniFi chain tag such as "[WAN_LOCAL-default-D]" or
// "[WAN_LOCAL-D-2147483647]" (D drop, R reject, A accept), kNone otherwise.
Action EdgeOsAction(std::string_view prefix);

}  // namespace fwlog
