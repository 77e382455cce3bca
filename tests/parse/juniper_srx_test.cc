// The juniper-srx preset on Junos RT_FLOW records written for this test from
// the Junos system log reference (documentation addresses only).
#include "parse/juniper_srx.h"

#include <gtest/gtest.h>

#include "vendor_cases.h"

namespace fwlog {
namespace {

using Status = ParseResult::Status;

constexpr std::string_view kSdDeny =
    R"(<14>1 2026-03-24T10:15:02.123+01:00 srx-edge RT_FLOW - RT_FLOW_SESSION_DENY [junos@2636.1.1.1.2.129 )"
    R"(source-address="198.51.100.7" source-port="51515" destination-address="203.0.113.10" )"
    R"(destination-port="22" connection-tag="0" service-name="junos-ssh" protocol-id="6" icmp-type="0" )"
    R"(policy-name="deny-ssh" source-zone-name="untrust" destination-zone-name="trust" application="UNKNOWN" )"
    R"(nested-application="UNKNOWN" username="N/A" roles="N/A" packet-incoming-interface="ge-0/0/0.0" )"
    R"(encrypted="No" reason="policy deny"])";

// want: action, rule, in, out, proto, src, sport, dst, port, host, time.
const VendorCase kCases[] = {
    {.name = "structured DENY",
     .line = kSdDeny,
     .want = {"drop", "deny-ssh", "ge-0/0/0.0", "", "tcp", "198.51.100.7", "51515", "203.0.113.10", "22", "srx-edge",
              "2026-03-24T09:15:02.123Z"}},
    {.name = "structured CREATE relayed behind an RFC 3164 header",
     .line = R"(Mar 24 10:15:03 192.0.2.254 junos-flow: 2026-03-24T10:15:03.000Z srx-edge RT_FLOW - )"
             R"(RT_FLOW_SESSION_CREATE [junos@2636.1.1.1.2.129 source-address="192.0.2.5" source-port="40000" )"
             R"(destination-address="198.51.100.9" destination-port="443" service-name="junos-https" )"
             R"(nat-source-address="203.0.113.10" nat-source-port="40000" nat-destination-address="198.51.100.9" )"
             R"(nat-destination-port="443" src-nat-rule-name="nat-out" dst-nat-rule-name="N/A" protocol-id="6" )"
             R"(policy-name="allow-web" source-zone-name="trust" destination-zone-name="untrust" )"
             R"(session-id-32="4711" username="N/A" roles="N/A" packet-incoming-interface="ge-0/0/1.0"])",
     .want = {"accept", "allow-web", "ge-0/0/1.0", "", "tcp", "192.0.2.5", "40000", "198.51.100.9", "443",
              "192.0.2.254", "2026-03-24T10:15:03Z"}},
    {.name = "structured DENY of a logical system, rejected",
     .line = R"(<14>1 2026-03-24T10:15:04Z srx-edge RT_FLOW - RT_FLOW_SESSION_DENY_LS [junos@2636.1.1.1.2.129 )"
             R"(logical-system-name="tenant1" source-address="2001:db8::7" source-port="51000" )"
             R"(destination-address="2001:db8:1::10" destination-port="25" protocol-id="6" )"
             R"(policy-name="no-smtp" packet-incoming-interface="reth0.100" reason="policy reject"])",
     .want = {"reject", "no-smtp", "reth0.100", "", "tcp", "2001:db8::7", "51000", "2001:db8:1::10", "25", "srx-edge",
              "2026-03-24T10:15:04Z"}},
    {.name = "plain DENY with a connection tag",
     .line = "Mar 24 10:15:05 srx-edge RT_FLOW: RT_FLOW_SESSION_DENY: session denied "
             "198.51.100.7/51515->203.0.113.10/23 0x0 junos-telnet 6(0) deny-all untrust trust UNKNOWN UNKNOWN "
             "N/A(N/A) ge-0/0/0.0 UNKNOWN policy deny",
     .want = {"drop", "deny-all", "ge-0/0/0.0", "", "tcp", "198.51.100.7", "51515", "203.0.113.10", "23", "srx-edge",
              "2026-03-24T10:15:05Z"}},
    {.name = "plain DENY of ICMP, older layout ending at the zones",
     .line = "Mar 24 10:15:06 srx-edge RT_FLOW: RT_FLOW_SESSION_DENY: session denied "
             "198.51.100.7/0->203.0.113.10/2048 icmp 1(8) default-deny untrust trust",
     .want = {"drop", "default-deny", "", "", "icmp", "198.51.100.7", "", "203.0.113.10", "", "srx-edge",
              "2026-03-24T10:15:06Z"}},
    {.name = "plain CREATE with tags and four NAT rule words, IPv6",
     .line = "Mar 24 10:15:07 srx-edge RT_FLOW: RT_FLOW_SESSION_CREATE: session created "
             "2001:db8::5/40000->2001:db8:1::9/443 0x0 junos-https 2001:db8::5/40000->2001:db8:1::9/443 0x0 "
             "N/A N/A N/A N/A 6 allow-web trust untrust 4712 N/A(N/A) reth1.0 UNKNOWN UNKNOWN UNKNOWN N/A N/A -1",
     .want = {"accept", "allow-web", "reth1.0", "", "tcp", "2001:db8::5", "40000", "2001:db8:1::9", "443", "srx-edge",
              "2026-03-24T10:15:07Z"}},
    {.name = "plain CREATE, older layout (two NAT rule words, no tags)",
     .line = "Mar 24 10:15:08 srx-edge RT_FLOW: RT_FLOW_SESSION_CREATE: session created "
             "192.0.2.5/40001->198.51.100.53/53 junos-dns-udp 203.0.113.10/40001->198.51.100.53/53 nat-out None "
             "17 allow-dns trust untrust 4713 N/A(N/A) ge-0/0/1.0",
     .want = {"accept", "allow-dns", "ge-0/0/1.0", "", "udp", "192.0.2.5", "40001", "198.51.100.53", "53", "srx-edge",
              "2026-03-24T10:15:08Z"}},
    {.name = "plain CLOSE repeats the CREATE's decision",
     .line = "Mar 24 10:16:00 srx-edge RT_FLOW: RT_FLOW_SESSION_CLOSE: session closed TCP FIN: "
             "192.0.2.5/40000->198.51.100.9/443 junos-https 203.0.113.10/40000->198.51.100.9/443 nat-out None "
             "6 allow-web trust untrust 4711 10(1000) 12(9000) 57 UNKNOWN UNKNOWN N/A(N/A) ge-0/0/1.0 No ",
     .status = Status::kUnmatched},
    {.name = "structured CLOSE likewise",
     .line = R"(<14>1 2026-03-24T10:16:00Z srx-edge RT_FLOW - RT_FLOW_SESSION_CLOSE [junos@2636.1.1.1.2.129 )"
             R"(reason="TCP FIN" source-address="192.0.2.5" source-port="40000" destination-address="198.51.100.9" )"
             R"(destination-port="443" protocol-id="6"])",
     .status = Status::kUnmatched},
    {.name = "screen alarms are not session records",
     .line = R"(<11>1 2026-03-24T10:16:01Z srx-edge RT_IDS - RT_SCREEN_TCP [junos@2636.1.1.1.2.129 )"
             R"(attack-name="SYN flood!" source-address="198.51.100.7" destination-address="203.0.113.10" )"
             R"(protocol-id="6" action="drop"])",
     .status = Status::kUnmatched},
    {.name = "a masked source is bad_address",
     .line = R"(<14>1 2026-03-24T10:16:02Z srx-edge RT_FLOW - RT_FLOW_SESSION_DENY [junos@2636.1.1.1.2.129 )"
             R"(source-address="x.x.x.x" source-port="1" destination-address="203.0.113.10" )"
             R"(destination-port="22" protocol-id="6"])",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadAddress},
    {.name = "a structured record cut inside a value is missing_field",
     .line = R"(<14>1 2026-03-24T10:16:03Z srx-edge RT_FLOW - RT_FLOW_SESSION_DENY [junos@2636.1.1.1.2.129 )"
             R"(source-address="198.51.100.7" source-port="1" destination-address="203.0.113.10" )"
             R"(destination-port="22" protocol-id="6)",
     .status = Status::kInvalid,
     .reason = InvalidReason::kMissingField},
    {.name = "a plain record cut after its tuple is missing_field",
     .line = "Mar 24 10:16:04 srx-edge RT_FLOW: RT_FLOW_SESSION_DENY: session denied "
             "198.51.100.7/51515->203.0.113.10/23 0x0 junos-tel",
     .status = Status::kInvalid,
     .reason = InvalidReason::kMissingField},
    {.name = "a plain record cut inside its policy name is missing_field",
     .line = "Mar 24 10:16:05 srx-edge RT_FLOW: RT_FLOW_SESSION_DENY: session denied "
             "198.51.100.7/51515->203.0.113.10/23 junos-telnet 6(0) deny-a",
     .status = Status::kInvalid,
     .reason = InvalidReason::kMissingField},
};

TEST(JuniperSrxTest, ReadsEachCase) { ExpectVendorCases("juniper-srx", kCases); }

}  // namespace
}  // namespace fwlog
