// The checkpoint preset on Check Point Log Exporter records written for this
// test from Check Point's field list (documentation addresses only).
#include "parse/checkpoint.h"

#include <gtest/gtest.h>

#include "vendor_cases.h"

namespace fwlog {
namespace {

using Status = ParseResult::Status;

const VendorCase kCases[] = {
    {.name = "an inbound drop by the cleanup rule",
     .line = R"(<134>1 2026-03-24T10:15:02Z mgmt-log CheckPoint 26203 - [action:"Drop"; flags:"400644"; )"
             R"(ifdir:"inbound"; ifname:"eth1"; logid:"0"; loguid:"{0x0,0x0,0x0,0x0}"; origin:"192.0.2.1"; )"
             R"(originsicname:"CN=gw,O=mgmt"; sequencenum:"1"; time:"1774347302"; version:"5"; )"
             R"(dst:"203.0.113.10"; inzone:"External"; layer_name:"Network"; match_id:"12"; )"
             R"(outzone:"Internal"; product:"VPN-1 & FireWall-1"; proto:"6"; rule:"12"; )"
             R"(rule_name:"Cleanup rule"; s_port:"51515"; service:"22"; service_id:"ssh"; src:"198.51.100.7"; ])",
     .want = {.action = "drop",
              .rule = "Cleanup rule",
              .in = "eth1",
              .out = "",
              .proto = "tcp",
              .src = "198.51.100.7",
              .sport = "51515",
              .dst = "203.0.113.10",
              .port = "22",
              .host = "mgmt-log",
              .time = "2026-03-24T10:15:02Z"}},
    {.name = "an outbound accept: the interface is out; the rule number without a name",
     .line = R"(<134>1 2026-03-24T10:15:03Z mgmt-log CheckPoint 26203 - [action:"Accept"; ifdir:"outbound"; )"
             R"(ifname:"eth0"; dst:"198.51.100.53"; proto:"17"; rule:"3"; s_port:"40000"; service:"53"; )"
             R"(src:"192.0.2.20"; ])",
     .want = {.action = "accept",
              .rule = "3",
              .in = "",
              .out = "eth0",
              .proto = "udp",
              .src = "192.0.2.20",
              .sport = "40000",
              .dst = "198.51.100.53",
              .port = "53",
              .host = "mgmt-log",
              .time = "2026-03-24T10:15:03Z"}},
    {.name = "a reject, the record's own time when there is no header, an escaped ] in the rule name",
     .line = R"(CheckPoint 26203 - [action:"Reject"; time:"1774347304"; src:"198.51.100.7"; dst:"203.0.113.10"; )"
             R"(proto:"6"; s_port:"1"; service:"25"; rule_name:"mail \] block"; ])",
     .want = {.action = "reject",
              .rule = "mail ] block",
              .in = "",
              .out = "",
              .proto = "tcp",
              .src = "198.51.100.7",
              .sport = "1",
              .dst = "203.0.113.10",
              .port = "25",
              .time = "2026-03-24T10:15:04Z"}},
    {.name = "IPv6 ICMPv6 has no ports",
     .line = R"(<134>1 2026-03-24T10:15:05Z mgmt-log CheckPoint 26203 - [action:"Drop"; src:"2001:db8::7"; )"
             R"(dst:"2001:db8:1::10"; proto:"58"; icmp-type:"128"; ])",
     .want = {.action = "drop",
              .rule = "",
              .in = "",
              .out = "",
              .proto = "icmpv6",
              .src = "2001:db8::7",
              .sport = "",
              .dst = "2001:db8:1::10",
              .port = "",
              .host = "mgmt-log",
              .time = "2026-03-24T10:15:05Z"}},
    {.name = "an Identity Awareness record is not a packet",
     .line = R"(<134>1 2026-03-24T10:15:06Z mgmt-log CheckPoint 26203 - [action:"Update"; )"
             R"(product:"Identity Awareness"; src:"192.0.2.20"; identity_type:"user"; ])",
     .status = Status::kUnmatched},
    {.name = "an aggregated record without its own source is missing_field",
     .line = R"(<134>1 2026-03-24T10:15:07Z mgmt-log CheckPoint 26203 - [action:"Drop"; )"
             R"(packets:"<198.51.100.7,1,203.0.113.10,22,6>"; proto:"6"; ])",
     .status = Status::kInvalid,
     .reason = InvalidReason::kMissingField},
    {.name = "a record cut inside the destination port is missing_field",
     .line = R"(<134>1 2026-03-24T10:15:08Z mgmt-log CheckPoint 26203 - [action:"Drop"; src:"198.51.100.7"; )"
             R"(dst:"203.0.113.10"; proto:"6"; service:"2)",
     .status = Status::kInvalid,
     .reason = InvalidReason::kMissingField},
    {.name = "a masked source is bad_address",
     .line = R"(CheckPoint 1 - [action:"Drop"; src:"x.x.x.x"; dst:"203.0.113.10"; proto:"6"; service:"22"; ])",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadAddress},
    {.name = "pairs after the record's end are not the record's",
     .line = R"(CheckPoint 1 - [action:"Drop"; src:"198.51.100.7"; ] dst:"203.0.113.10"; proto:"6";)",
     .status = Status::kUnmatched},
    {.name = "the word CheckPoint alone is not the format",
     .line = R"(CheckPoint backup finished: src:"198.51.100.7" dst:"203.0.113.10" proto:"6")",
     .status = Status::kUnmatched},
};

TEST(CheckpointTest, ReadsEachCase) { ExpectVendorCases("checkpoint", kCases); }

}  // namespace
}  // namespace fwlog
