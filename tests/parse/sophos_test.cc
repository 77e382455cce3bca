// The sophos preset on Sophos UTM packet-filter lines and Sophos Firewall (XG)
// records written for this test from the vendors' field descriptions
// (documentation addresses only).
#include "parse/sophos.h"

#include <gtest/gtest.h>

#include "vendor_cases.h"

namespace fwlog {
namespace {

using Status = ParseResult::Status;

const VendorCase kUtmCases[] = {
    {.name = "UTM drop with its own stamp and host",
     .line = R"(2026:03:24-10:15:02 utm-gw ulogd[4100]: id="2001" severity="info" sys="SecureNet" )"
             R"(sub="packetfilter" name="Packet dropped" action="drop" fwrule="60001" initf="eth1" )"
             R"(srcmac="00:1a:8c:00:00:01" dstmac="00:1a:8c:00:00:02" srcip="198.51.100.7" dstip="203.0.113.10" )"
             R"(proto="6" length="60" tos="0x00" prec="0x00" ttl="52" srcport="51515" dstport="22" tcpflags="SYN")",
     .want = {.action = "drop",
              .rule = "60001",
              .in = "eth1",
              .out = "",
              .proto = "tcp",
              .src = "198.51.100.7",
              .sport = "51515",
              .dst = "203.0.113.10",
              .port = "22",
              .host = "utm-gw",
              .time = "2026-03-24T10:15:02Z",
              .tcp_flags = "syn"}},
    {.name = "UTM accept forwarded between two interfaces, flags in the order logged",
     .line = R"(2026:03:24-10:15:03 utm-gw ulogd[4100]: id="2002" severity="info" sys="SecureNet" )"
             R"(sub="packetfilter" name="Packet accepted" action="accept" fwrule="12" initf="eth0" outitf="eth1" )"
             R"(srcip="192.0.2.20" dstip="198.51.100.80" proto="6" length="52" srcport="40000" dstport="443" )"
             R"(tcpflags="ACK PSH")",
     .want = {.action = "accept",
              .rule = "12",
              .in = "eth0",
              .out = "eth1",
              .proto = "tcp",
              .src = "192.0.2.20",
              .sport = "40000",
              .dst = "198.51.100.80",
              .port = "443",
              .host = "utm-gw",
              .time = "2026-03-24T10:15:03Z",
              .tcp_flags = "ack,psh"}},
    {.name = "UTM reject behind a syslog header with priority",
     .line = R"(<30>Mar 24 10:15:04 utm-gw ulogd[4100]: id="2003" severity="info" sys="SecureNet" )"
             R"(sub="packetfilter" name="Packet rejected" action="reject" fwrule="8" initf="eth1" )"
             R"(srcip="198.51.100.7" dstip="203.0.113.10" proto="17" length="40" srcport="5060" dstport="5060" )",
     .want = {.action = "reject",
              .rule = "8",
              .in = "eth1",
              .out = "",
              .proto = "udp",
              .src = "198.51.100.7",
              .sport = "5060",
              .dst = "203.0.113.10",
              .port = "5060",
              .host = "utm-gw",
              .time = "2026-03-24T10:15:04Z"}},
    {.name = "UTM IPv6 ICMPv6, a verdict word that is not one",
     .line = R"(2026:03:24-10:15:05 utm-gw ulogd[4100]: id="2014" sub="packetfilter" name="Neighbor solicit" )"
             R"(action="ND request" fwrule="60011" initf="eth1" srcip="fe80::1" dstip="ff02::1:ff00:2" proto="58" )"
             R"(length="72")",
     .want = {.action = "unknown",
              .rule = "60011",
              .in = "eth1",
              .out = "",
              .proto = "icmpv6",
              .src = "fe80::1",
              .sport = "",
              .dst = "ff02::1:ff00:2",
              .port = "",
              .host = "utm-gw",
              .time = "2026-03-24T10:15:05Z"}},
    {.name = "other UTM subsystems are not packet records",
     .line = R"(2026:03:24-10:15:05 utm-gw snort[1]: id="2101" sub="ips" name="Intrusion protection alert" )"
             R"(action="drop" srcip="198.51.100.7" dstip="203.0.113.10" proto="6" srcport="1" dstport="80")",
     .status = Status::kUnmatched},
    {.name = "a UTM record cut inside its destination port is missing_field",
     .line = R"(2026:03:24-10:15:06 utm-gw ulogd[4100]: id="2001" sub="packetfilter" action="drop" )"
             R"(srcip="198.51.100.7" dstip="203.0.113.10" proto="6" srcport="51515" dstport="22)",
     .status = Status::kInvalid,
     .reason = InvalidReason::kMissingField},
    {.name = "a UTM record with an empty source is missing_field",
     .line = R"(2026:03:24-10:15:06 utm-gw ulogd[4100]: id="2001" sub="packetfilter" action="drop" )"
             R"(srcip="" dstip="203.0.113.10" proto="6" srcport="51515" dstport="22")",
     .status = Status::kInvalid,
     .reason = InvalidReason::kMissingField},
};

const VendorCase kXgCases[] = {
    {.name = "XG denied, the rule as its id, date and time read in the zone",
     .line = R"(device="SFW" date=2026-03-24 time=10:15:02 timezone="CET" device_name="XG135" )"
             R"(device_id=C01001ABCDEF log_id=010101600001 log_type="Firewall" log_component="Firewall Rule" )"
             R"(log_subtype="Denied" status="Deny" priority=Information duration=0 fw_rule_id=0 policy_type=0 )"
             R"(user_name="" in_interface="Port2" out_interface="" src_mac=00:1a:8c:00:00:03 )"
             R"(src_ip=198.51.100.7 src_country_code=NLD dst_ip=203.0.113.10 dst_country_code=R1 )"
             R"(protocol="TCP" src_port=51515 dst_port=3389 sent_pkts=0  recv_pkts=0 sent_bytes=0)",
     .want = {.action = "drop",
              .rule = "0",
              .in = "Port2",
              .out = "",
              .proto = "tcp",
              .src = "198.51.100.7",
              .sport = "51515",
              .dst = "203.0.113.10",
              .port = "3389",
              .time = "2026-03-24T10:15:02Z"}},
    {.name = "XG (SFOS 18.5+) allowed without status: log_subtype, and the rule's name",
     .line = R"(device_name="XGS2100" log_id="010101600002" )"
             R"(log_type="Firewall" log_component="Firewall Rule" log_subtype="Allowed" fw_rule_id="5" )"
             R"(fw_rule_name="LAN to WAN" fw_rule_section="Local rule" in_interface="Port1" out_interface="Port2" )"
             R"(src_ip="192.0.2.20" dst_ip="198.51.100.53" protocol="UDP" src_port="5353" dst_port="53")",
     .want = {.action = "accept",
              .rule = "LAN to WAN",
              .in = "Port1",
              .out = "Port2",
              .proto = "udp",
              .src = "192.0.2.20",
              .sport = "5353",
              .dst = "198.51.100.53",
              .port = "53"}},
    {.name = "XG ICMP from another component",
     .line = R"(date=2026-03-24 time=10:15:09 log_id=010302602002 log_type="Firewall" )"
             R"(log_component="Invalid Traffic" log_subtype="Denied" status="Deny" fw_rule_id=0 )"
             R"(in_interface="Port2" src_ip=198.51.100.7 dst_ip=203.0.113.10 protocol="ICMP" icmp_type=8)",
     .want = {.action = "drop",
              .rule = "0",
              .in = "Port2",
              .out = "",
              .proto = "icmp",
              .src = "198.51.100.7",
              .sport = "",
              .dst = "203.0.113.10",
              .port = "",
              .time = "2026-03-24T10:15:09Z"}},
    {.name = "other XG log types are not packet records",
     .line = R"(date=2026-03-24 time=10:15:02 log_type="Content Filtering" log_component="HTTP" )"
             R"(src_ip=192.0.2.20 dst_ip=198.51.100.80 protocol="TCP" src_port=1 dst_port=80)",
     .status = Status::kUnmatched},
    {.name = "an XG record without its source is missing_field",
     .line = R"(log_type="Firewall" log_component="Firewall Rule" status="Deny" src_ip= dst_ip=203.0.113.10 )"
             R"(protocol="TCP" src_port=1 dst_port=22)",
     .status = Status::kInvalid,
     .reason = InvalidReason::kMissingField},
};

TEST(SophosTest, ReadsUtmPacketFilterLines) { ExpectVendorCases("sophos", kUtmCases); }

TEST(SophosTest, ReadsFirewallRecords) { ExpectVendorCases("sophos", kXgCases); }

TEST(SophosTest, XgVerdictWords) {
  const std::pair<std::string_view, std::string_view> words[] = {
      {"Allow", "accept"}, {"Allowed", "accept"}, {"Deny", "drop"},      {"Denied", "drop"},
      {"Drop", "drop"},    {"Reject", "reject"},  {"Detect", "unknown"}, {"Clean", "unknown"},
  };
  for (const auto& [word, action] : words) {
    SCOPED_TRACE(word);
    Event e;
    const std::string line = "log_type=\"Firewall\" status=\"" + std::string(word) +
                             "\" src_ip=192.0.2.8 dst_ip=198.51.100.1 protocol=\"ICMP\"";
    ASSERT_TRUE(ParseOne("sophos", line, e).matched());
    EXPECT_EQ(ActionName(e.action), action);
  }
}

}  // namespace
}  // namespace fwlog
