// SophosParser: the packet records of Sophos UTM 9 and Sophos Firewall
// (XG / SFOS), both key="value" lines.
//
// UTM 9 packet filter (ulogd), after its own stamp "YYYY:MM:DD-HH:MM:SS host":
//
//   2026:03:24-10:15:02 utm ulogd[4100]: id="2001" severity="info" sys="SecureNet" sub="packetfilter"
//   name="Packet dropped" action="drop" fwrule="60001" initf="eth1" outitf="eth0" srcip="198.51.100.7"
//   dstip="203.0.113.10" proto="6" length="60" ... srcport="51515" dstport="22" tcpflags="SYN"
//
//   srcip, dstip                 src, dst
//   proto (IANA number)          proto
//   srcport, dstport             sport, port
//   initf, outitf                in, out
//   action                       drop -> drop, accept -> accept, reject -> reject,
//                                other words by ActionFromWords ("DNS request": unknown)
//   fwrule                       rule (60001-60020 are UTM's built-in default rules)
//   tcpflags "ACK PSH"           tcp_flags "ack,psh"
//   the stamp and host           time (in the input's zone) and host, when the
//                                syslog header has none
//
// A UTM line is this format when its sub="packetfilter"; other subsystems
// (ips, http, ...) stay unmatched.
//
// Sophos Firewall (XG, SFOS 17-19) log_type="Firewall" records:
//
//   device="SFW" date=2026-03-24 time=10:15:02 timezone="CET" device_name="XG135" log_id=010101600001
//   log_type="Firewall" log_component="Firewall Rule" log_subtype="Denied" status="Deny" fw_rule_id=0
//   in_interface="Port2" out_interface="" src_ip=198.51.100.7 dst_ip=203.0.113.10 protocol="TCP"
//   src_port=51515 dst_port=22 ...
//
//   src_ip, dst_ip               src, dst
//   protocol (name)              proto
//   src_port, dst_port           sport, port
//   in_interface, out_interface  in, out
//   status, else log_subtype     Allow(ed) -> accept, Deny/Denied/Drop(ped) -> drop,
//                                Reject(ed) -> reject, other words unknown
//   fw_rule_name, else fw_rule_id    rule
//   date + time                  time in the input's zone when the header has
//                                none (`timezone=` is an abbreviation, not read)
//
// Every log_type="Firewall" record with addresses and a protocol counts,
// whatever its component; other log types stay unmatched.
//
// Invalid as for the other vendor presets (vendor_fields.h): missing
// addresses or protocol, or a used value cut by the end of the line, is
// missing_field; a bad source bad_address; a missing destination port
// bad_port.
#pragma once

#include "parse/envelope.h"
#include "parse/parse_result.h"

namespace fwlog {

class SophosParser {
 public:
  ParseResult Parse(const Envelope& envelope, ParseState& state, Event& event) const;
};

}  // namespace fwlog
