// The fortigate preset on FortiOS traffic records written for this test from
// the FortiOS log reference's field list (documentation addresses only).
#include "parse/fortigate.h"

#include <gtest/gtest.h>

#include "vendor_cases.h"

namespace fwlog {
namespace {

using Status = ParseResult::Status;

constexpr std::string_view kDeny =
    R"(date=2026-03-24 time=10:15:02 devname="fw-hq" devid="FGT60FTK00000001" eventtime=1774343702123456789 )"
    R"(tz="+0100" logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" )"
    R"(srcip=198.51.100.7 srcport=51515 srcintf="wan1" srcintfrole="wan" dstip=203.0.113.10 dstport=22 )"
    R"(dstintf="internal" dstintfrole="lan" sessionid=4711 proto=6 action="deny" policyid=0 policytype="policy" )"
    R"(service="SSH" trandisp="noop" duration=0 sentbyte=0 rcvdbyte=0 sentpkt=0 appcat="unscanned" crscore=30)";

const VendorCase kCases[] = {
    {.name = "FortiOS 6 deny, quoted values, eventtime in nanoseconds",
     .line = kDeny,
     .want = {.action = "drop",
              .rule = "0",
              .in = "wan1",
              .out = "internal",
              .proto = "tcp",
              .src = "198.51.100.7",
              .sport = "51515",
              .dst = "203.0.113.10",
              .port = "22",
              .host = "fw-hq",
              .time = "2026-03-24T09:15:02.123456789Z"}},
    {.name = "an allowed IPv6 session's close record counts, with the policy's name",
     .line = R"(date=2026-03-24 time=10:16:00 devname="fw-hq" eventtime=1774347360 logid="0000000013" )"
             R"(type="traffic" subtype="local" level="notice" vd="root" srcip=2001:db8:1::7 srcport=40001 )"
             R"(srcintf="lan" dstip=2001:db8:2::53 dstport=53 dstintf="root" proto=17 action="close" )"
             R"(policyid=7 policyname="DNS out" service="DNS" duration=180)",
     .want = {.action = "accept",
              .rule = "DNS out",
              .in = "lan",
              .out = "root",
              .proto = "udp",
              .src = "2001:db8:1::7",
              .sport = "40001",
              .dst = "2001:db8:2::53",
              .port = "53",
              .host = "fw-hq",
              .time = "2026-03-24T10:16:00Z"}},
    {.name = "FortiOS 5, unquoted, behind a syslog header whose host wins",
     .line = "Mar 24 10:15:02 fw-branch date=2026-03-24 time=10:15:02 devname=FGT-BRANCH devid=FG100E0000000002 "
             "logid=0000000013 type=traffic subtype=forward level=notice vd=root srcip=192.0.2.33 srcport=40000 "
             "srcintf=\"lan\" dstip=198.51.100.80 dstport=443 dstintf=\"wan1\" sessionid=99 proto=6 "
             "action=client-rst policyid=3 policyname=\"LAN to WAN\" service=HTTPS duration=12",
     .want = {.action = "accept",
              .rule = "LAN to WAN",
              .in = "lan",
              .out = "wan1",
              .proto = "tcp",
              .src = "192.0.2.33",
              .sport = "40000",
              .dst = "198.51.100.80",
              .port = "443",
              .host = "fw-branch",
              .time = "2026-03-24T10:15:02Z"}},
    {.name = "FortiOS 4: log_id, status, src/dst, src_port/dst_port, src_int/dst_int; date and time read in the zone",
     .line = "date=2026-03-24 time=10:15:02 devname=fw-old device_id=FGT60C0000000003 log_id=0038000004 "
             "type=traffic subtype=violation pri=notice vd=root duration=0 user=N/A rule=0 policyid=0 proto=17 "
             "service=53/udp status=deny src=198.51.100.9 srcname=198.51.100.9 src_port=5353 dst=203.0.113.1 "
             "dstname=203.0.113.1 dst_port=53 src_int=\"wan1\" dst_int=\"N/A\" sent=0 rcvd=0",
     .want = {.action = "drop",
              .rule = "0",
              .in = "wan1",
              .out = "",
              .proto = "udp",
              .src = "198.51.100.9",
              .sport = "5353",
              .dst = "203.0.113.1",
              .port = "53",
              .host = "fw-old",
              .time = "2026-03-24T10:15:02Z"}},
    {.name = "without eventtime, date and time with the record's tz",
     .line = "date=2026-03-24 time=10:15:02 tz=\"-0700\" logid=\"0000000013\" type=\"traffic\" srcip=192.0.2.8 "
             "srcport=1 dstip=198.51.100.1 dstport=25 proto=6 action=\"deny\" policyid=0",
     .want = {.action = "drop",
              .rule = "0",
              .in = "",
              .out = "",
              .proto = "tcp",
              .src = "192.0.2.8",
              .sport = "1",
              .dst = "198.51.100.1",
              .port = "25",
              .time = "2026-03-24T17:15:02Z"}},
    {.name = "ICMP has no ports; timeout is an allowed session's end",
     .line = R"(logid="0000000013" type="traffic" subtype="forward" srcip=192.0.2.8 srcintf="lan" )"
             R"(dstip=198.51.100.1 dstintf="wan1" proto=1 action="timeout" policyid=2 service="PING")",
     .want = {.action = "accept",
              .rule = "2",
              .in = "lan",
              .out = "wan1",
              .proto = "icmp",
              .src = "192.0.2.8",
              .sport = "",
              .dst = "198.51.100.1",
              .port = ""}},
    {.name = "an escaped quote in the policy name",
     .line = R"(logid="0000000013" type="traffic" srcip=192.0.2.8 dstip=198.51.100.1 dstport=80 proto=6 )"
             R"(action="deny" policyid=9 policyname="block \"bad\" hosts")",
     .want = {.action = "drop",
              .rule = R"(block "bad" hosts)",
              .in = "",
              .out = "",
              .proto = "tcp",
              .src = "192.0.2.8",
              .sport = "",
              .dst = "198.51.100.1",
              .port = "80"}},
    {.name = "utm records carry addresses but are not packet records",
     .line = R"(date=2026-03-24 time=10:15:02 logid="0211008192" type="utm" subtype="virus" srcip=192.0.2.8 )"
             R"(dstip=198.51.100.1 srcport=1 dstport=80 proto=6 action="blocked")",
     .status = Status::kUnmatched},
    {.name = "event records are not packet records",
     .line = "date=2026-03-24 time=10:15:02 logid=0100032001 type=event subtype=system action=login status=success",
     .status = Status::kUnmatched},
    {.name = "subtype= and eventtype= are not the type",
     .line = R"(logid="1" subtype="traffic" eventtype="traffic" srcip=192.0.2.8 dstip=198.51.100.1 proto=1)",
     .status = Status::kUnmatched},
    {.name = "no logid: not a FortiOS record",
     .line = "type=traffic srcip=192.0.2.8 dstip=198.51.100.1 proto=1 action=deny",
     .status = Status::kUnmatched},
    {.name = "a masked source is bad_address",
     .line = "logid=13 type=traffic srcip=x.x.x.x dstip=198.51.100.1 dstport=22 proto=6 action=deny",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadAddress},
    {.name = "tcp without a destination port is bad_port",
     .line = "logid=13 type=traffic srcip=192.0.2.8 dstip=198.51.100.1 proto=6 action=deny",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadPort},
    {.name = "a protocol that is no name and no number 0-255 is bad_protocol",
     .line = "logid=13 type=traffic srcip=192.0.2.8 dstip=198.51.100.1 dstport=22 proto=999 action=deny",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadProtocol},
    {.name = "no protocol is missing_field",
     .line = "logid=13 type=traffic srcip=192.0.2.8 dstip=198.51.100.1 dstport=22 action=deny",
     .status = Status::kInvalid,
     .reason = InvalidReason::kMissingField},
    {.name = "no destination is missing_field",
     .line = "logid=13 type=traffic srcip=192.0.2.8 dstport=22 proto=6 action=deny",
     .status = Status::kInvalid,
     .reason = InvalidReason::kMissingField},
    {.name = "a record cut inside a quoted value it uses is missing_field",
     .line = R"(logid="13" type="traffic" srcip=192.0.2.8 dstip=198.51.100.1 dstport=22 proto=6 action="deny" )"
             R"(policyid=4 policyname="LAN to W)",
     .status = Status::kInvalid,
     .reason = InvalidReason::kMissingField},
};

TEST(FortigateTest, ReadsEachCase) { ExpectVendorCases("fortigate", kCases); }

TEST(FortigateTest, VerdictWords) {
  const std::pair<std::string_view, std::string_view> words[] = {
      {"deny", "drop"},       {"block", "drop"},        {"accept", "accept"},     {"close", "accept"},
      {"timeout", "accept"},  {"client-rst", "accept"}, {"server-rst", "accept"}, {"start", "accept"},
      {"ip-conn", "unknown"}, {"dns", "unknown"},
  };
  for (const auto& [word, action] : words) {
    SCOPED_TRACE(word);
    Event e;
    const std::string line =
        "logid=13 type=traffic srcip=192.0.2.8 dstip=198.51.100.1 proto=1 action=" + std::string(word);
    ASSERT_TRUE(ParseOne("fortigate", line, e).matched());
    EXPECT_EQ(ActionName(e.action), action);
  }
}

}  // namespace
}  // namespace fwlog
