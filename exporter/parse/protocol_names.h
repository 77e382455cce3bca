// ProtocolName: the text of the `proto` field for the protocol a log line
// names, or nothing when the text names no protocol (a cut "PROTO=TC", junk),
// which makes the line invalid (bad_protocol) rather than a series of its own.
//
// Known are:
//   - numbers 0-255 (decimal, up to five digits with leading zeros): the common ones become
//     their name (1 icmp, 2 igmp, 4 ipip, 6 tcp, 17 udp, 33 dccp, 41 ipv6,
//     47 gre, 50 esp, 51 ah, 58 icmpv6, 89 ospf, 103 pim, 112 vrrp,
//     132 sctp, 136 udplite), the others stay numbers ("253");
//   - the keywords of IANA's Assigned Internet Protocol Numbers registry, in
//     any case ("TCP", "ICMPv6", "ospfigp"), lower-cased;
//   - spellings firewalls use beside them: ipv6-icmp and icmp6 (-> icmpv6),
//     ospf, ip (Cisco ASA's "any IP protocol"), ipencap, carp and pfsync
//     (pf), isis, mobility-header.
// The answer is static text: nothing is built or allocated.
#pragma once

#include <optional>
#include <string_view>

namespace fwlog {

std::optional<std::string_view> ProtocolName(std::string_view text);

}  // namespace fwlog
