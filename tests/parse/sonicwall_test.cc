// The sonicwall preset on SonicOS records written for this test from the
// SonicOS log event reference (documentation addresses only).
#include "parse/sonicwall.h"

#include <gtest/gtest.h>

#include "vendor_cases.h"

namespace fwlog {
namespace {

using Status = ParseResult::Status;

const VendorCase kCases[] = {
    {.name = "a dropped TCP connection with fw_action, stamped in UTC",
     .line = R"(id=firewall sn=0040100A1B2C time="2026-03-24 10:15:02 UTC" fw=203.0.113.1 pri=5 c=64 m=36 )"
             R"(msg="TCP connection dropped" app=49175 n=1234 src=198.51.100.7:51515:X1 dst=203.0.113.10:22:X1 )"
             R"(srcMac=00:1a:8c:00:00:04 dstMac=00:1a:8c:00:00:05 proto=tcp/ssh fw_action="drop")",
     .want = {.action = "drop",
              .rule = "",
              .in = "X1",
              .out = "X1",
              .proto = "tcp",
              .src = "198.51.100.7",
              .sport = "51515",
              .dst = "203.0.113.10",
              .port = "22",
              .time = "2026-03-24T10:15:02Z"}},
    {.name = "an opened connection forwarded, with a rule, behind a syslog header",
     .line = R"(<134>Mar 24 10:15:03 203.0.113.1 id=firewall sn=0040100A1B2C time="2026-03-24 11:15:03" )"
             R"(fw=203.0.113.1 pri=6 c=262144 m=98 msg="Connection Opened" n=77 src=192.0.2.20:40000:X0:pc-20 )"
             R"r(dst=198.51.100.80:443:X1:www.example.com proto=tcp/https fw_action="forward" rule="5 (LAN->WAN)")r",
     .want = {.action = "accept",
              .rule = "5 (LAN->WAN)",
              .in = "X0",
              .out = "X1",
              .proto = "tcp",
              .src = "192.0.2.20",
              .sport = "40000",
              .dst = "198.51.100.80",
              .port = "443",
              .host = "203.0.113.1",
              .time = "2026-03-24T10:15:03Z"}},
    {.name = "IPv6 from srcV6/dstV6, ports and interfaces from src=/dst=",
     .line = R"(id=firewall sn=0040100A1B2C time="2026-03-24 10:15:04 UTC" m=1233 )"
             R"(msg="Unhandled link-local or multicast IPv6 packet dropped" srcV6=fe80::2 src=:5353:X0 )"
             R"(dstV6=ff02::fb dst=:5353 proto=udp/5353 fw_action="drop")",
     .want = {.action = "drop",
              .rule = "",
              .in = "X0",
              .out = "",
              .proto = "udp",
              .src = "fe80::2",
              .sport = "5353",
              .dst = "ff02::fb",
              .port = "5353",
              .time = "2026-03-24T10:15:04Z"}},
    {.name = "without fw_action and proto (older SonicOS): both from msg=",
     .line = R"(id=firewall sn=0040100A1B2C time="2026-03-24 10:15:05" m=36 msg="TCP connection dropped" n=9 )"
             R"(src=198.51.100.7:51515:WAN dst=203.0.113.10:445:LAN rule=0)",
     .want = {.action = "drop",
              .rule = "0",
              .in = "WAN",
              .out = "LAN",
              .proto = "tcp",
              .src = "198.51.100.7",
              .sport = "51515",
              .dst = "203.0.113.10",
              .port = "445",
              .time = "2026-03-24T10:15:05Z"}},
    {.name = "a denied web site without fw_action is a drop",
     .line = R"(id=firewall sn=0040100A1B2C m=14 msg="Web site access denied" src=192.0.2.20:40001:X0 )"
             R"(dst=198.51.100.80:443:X1 proto=tcp/https)",
     .want = {.action = "drop",
              .rule = "",
              .in = "X0",
              .out = "X1",
              .proto = "tcp",
              .src = "192.0.2.20",
              .sport = "40001",
              .dst = "198.51.100.80",
              .port = "443"}},
    {.name = "a NAT mapping of ICMP: no ports, no verdict; NA is no verdict either",
     .line = R"(id=firewall sn=0040100A1B2C m=1197 msg="NAT Mapping" src=192.0.2.20::X0 dst=198.51.100.1::X1 )"
             R"(proto=icmp fw_action="NA")",
     .want = {.action = "unknown",
              .rule = "",
              .in = "X0",
              .out = "X1",
              .proto = "icmp",
              .src = "192.0.2.20",
              .sport = "",
              .dst = "198.51.100.1",
              .port = ""}},
    {.name = "a closed connection repeats its opening record",
     .line = R"(id=firewall sn=0040100A1B2C m=537 msg="Connection Closed" src=192.0.2.20:40000:X0 )"
             R"(dst=198.51.100.80:443:X1 proto=tcp/https sent=100 rcvd=200 fw_action="forward")",
     .status = Status::kUnmatched},
    {.name = "a record without any protocol is not a packet",
     .line = R"(id=firewall sn=0040100A1B2C m=30 msg="Administrator login denied due to bad credentials" )"
             R"(src=198.51.100.7:51515:X1 dst=203.0.113.1:443:X1)",
     .status = Status::kUnmatched},
    {.name = "without m= it is not SonicOS",
     .line = R"(id=firewall sn=0040100A1B2C src=198.51.100.7:1:X1 dst=203.0.113.1:443:X1 proto=tcp/https)",
     .status = Status::kUnmatched},
    {.name = "a masked source is bad_address",
     .line = R"(id=firewall sn=0040100A1B2C m=36 src=x.x.x.x:51515:X1 dst=203.0.113.10:22:X1 proto=tcp/ssh)",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadAddress},
    {.name = "tcp to a destination without a port is bad_port",
     .line = R"(id=firewall sn=0040100A1B2C m=36 src=198.51.100.7:51515:X1 dst=203.0.113.10 proto=tcp/ssh)",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadPort},
    {.name = "a record cut inside fw_action is missing_field",
     .line = R"(id=firewall sn=0040100A1B2C m=36 src=198.51.100.7:51515:X1 dst=203.0.113.10:22:X1 proto=tcp/ssh )"
             R"(fw_action="dro)",
     .status = Status::kInvalid,
     .reason = InvalidReason::kMissingField},
};

TEST(SonicwallTest, ReadsEachCase) { ExpectVendorCases("sonicwall", kCases); }

}  // namespace
}  // namespace fwlog
