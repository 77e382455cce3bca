#include "parse/panos.h"

#include <gtest/gtest.h>

#include <string>

#include "parse_helper.h"

namespace fwlog {
namespace {

using Status = ParseResult::Status;

// A TRAFFIC record in PAN-OS's column order (docs/formats.md), written for
// these tests: columns 0-30 from the arguments, then a few of the later ones.
struct Columns {
  std::string subtype = "drop", src = "198.51.100.7", dst = "192.0.2.10", rule = "deny-inbound", in = "ethernet1/1",
              out = "", sport = "40001", dport = "22", proto = "tcp", action = "deny";
};

std::string Record(const Columns& c) {
  return "1,2026/03/24 10:00:01,012801000001,TRAFFIC," + c.subtype + ",2561,2026/03/24 10:00:01," + c.src + "," +
         c.dst + ",0.0.0.0,0.0.0.0," + c.rule + ",,,not-applicable,vsys1,untrust,trust," + c.in + "," + c.out +
         ",log-fwd,2026/03/24 10:00:01,0,1," + c.sport + "," + c.dport + ",0,0,0x0," + c.proto + "," + c.action +
         ",60,60,0,1,2026/03/24 10:00:00,0,any,0,7200001,0x0,United States,192.0.2.0-192.0.2.255,0,1,0,policy-deny,"
         "0,0,0,0,,PA-440,from-policy,,,0,,0,,N/A,0,0,0,0";
}

struct Case {
  const char* name;
  Columns columns;
  const char* header;  // put before the record
  Action action;
  const char* proto;
  const char* port;
};

const Case kCases[] = {
    {"DenyWithSyslogHeader", {}, "<14>Mar 24 10:00:01 PA-440 ", Action::kDrop, "tcp", "22"},
    {"WithoutHeader", {}, "", Action::kDrop, "tcp", "22"},
    {"Rfc5424Header", {}, "<14>1 2026-03-24T10:00:01+01:00 PA-440 - - - - ", Action::kDrop, "tcp", "22"},
    {"SessionEndAllowIsAccept",
     {.subtype = "end", .dport = "443", .action = "allow"},
     "<14>Mar 24 10:00:01 PA-440 ",
     Action::kAccept,
     "tcp",
     "443"},
    {"ResetBothIsReject", {.action = "reset-both"}, "", Action::kReject, "tcp", "22"},
    {"DropIcmpIsDropWithoutPorts",
     {.sport = "0", .dport = "0", .proto = "icmp", .action = "drop-icmp"},
     "",
     Action::kDrop,
     "icmp",
     ""},
    {"Ipv6Udp",
     {.src = "2001:db8:9::7",
      .dst = "2001:db8:1::53",
      .sport = "53000",
      .dport = "53",
      .proto = "udp",
      .action = "drop"},
     "",
     Action::kDrop,
     "udp",
     "53"},
    {"Ipv6IcmpIsIcmpv6", {.proto = "ipv6-icmp", .action = "deny"}, "", Action::kDrop, "icmpv6", ""},
    {"UnknownActionIsUnknown", {.action = "sinkhole"}, "", Action::kNone, "tcp", "22"},
    {"QuotedRuleNameWithAComma", {.rule = "\"deny, inbound\""}, "", Action::kDrop, "tcp", "22"},
};

class PanosTest : public ::testing::TestWithParam<Case> {};

TEST_P(PanosTest, ReadsTheColumns) {
  const Case& c = GetParam();
  const std::string line = std::string(c.header) + Record(c.columns);
  for (const char* format : {"panos", "auto"}) {
    Event event;
    ASSERT_TRUE(ParseOne(format, line, event).matched()) << format << ": " << line;
    EXPECT_EQ(event.matched_by, "panos");
    EXPECT_EQ(event.action, c.action);
    EXPECT_EQ(event.proto, c.proto);
    EXPECT_EQ(event.src, c.columns.src);
    EXPECT_EQ(event.dst, c.columns.dst);
    EXPECT_EQ(event.port, c.port);
    EXPECT_EQ(event.sport, std::string_view(c.port).empty() ? "" : c.columns.sport);
    EXPECT_EQ(event.in, c.columns.in);
    EXPECT_EQ(event.out, c.columns.out);
    const std::string rule =
        c.columns.rule.front() == '"' ? c.columns.rule.substr(1, c.columns.rule.size() - 2) : c.columns.rule;
    EXPECT_EQ(event.rule, rule);
  }
}

INSTANTIATE_TEST_SUITE_P(Records, PanosTest, ::testing::ValuesIn(kCases),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(PanosParserTest, HostAndTimeFromTheEnvelope) {
  Event event;
  const std::string line = "<14>Mar 24 10:00:01 PA-440 " + Record({});  // the event points into it
  ASSERT_TRUE(ParseOne("panos", line, event).matched());
  EXPECT_EQ(event.host, "PA-440");
  EXPECT_TRUE(event.time_from_line);
  EXPECT_EQ(event.time, 1774346401);
  ASSERT_TRUE(ParseOne("panos", Record({}), event).matched());
  EXPECT_FALSE(event.time_from_line);  // the CSV's own stamps carry no zone
}

TEST(PanosParserTest, EveryCutOfARecordIsInvalidNeverCounted) {
  const std::string full = Record({});
  // Complete once the comma after the action column is there.
  const std::size_t complete = full.find(",deny,") + 6;
  const std::size_t type_end = full.find("TRAFFIC,") + 8;
  for (std::size_t cut = type_end; cut < complete; ++cut) {
    Event event;
    const auto r = ParseOne("panos", full.substr(0, cut), event);
    EXPECT_EQ(r.status, Status::kInvalid) << "cut at " << cut << ": " << full.substr(0, cut);
  }
  Event event;
  EXPECT_TRUE(ParseOne("panos", full.substr(0, complete), event).matched());
}

struct Rejected {
  const char* name;
  std::string line;
  Status status;
  InvalidReason reason;
};

class PanosRejectedTest : public ::testing::TestWithParam<Rejected> {};

TEST_P(PanosRejectedTest, IsNotCounted) {
  const Rejected& c = GetParam();
  Event event;
  const auto r = ParseOne("panos", c.line, event);
  EXPECT_EQ(r.status, c.status);
  if (c.status == Status::kInvalid) {
    EXPECT_EQ(InvalidReasonName(r.reason), InvalidReasonName(c.reason));
  }
  EXPECT_EQ(ParseOne("auto", c.line, event).status, c.status);
}

INSTANTIATE_TEST_SUITE_P(
    Records, PanosRejectedTest,
    ::testing::Values(
        Rejected{"MaskedSourceIsBadAddress", Record({.src = "00.00.000.00"}), Status::kInvalid,
                 InvalidReason::kBadAddress},
        Rejected{"MaskedDestinationIsBadAddress", Record({.dst = "xx.xx.xx.xx"}), Status::kInvalid,
                 InvalidReason::kBadAddress},
        Rejected{"PortNotANumberIsBadPort", Record({.dport = "ssh"}), Status::kInvalid, InvalidReason::kBadPort},
        Rejected{"MaskedProtocolIsBadProtocol", Record({.proto = "xxx"}), Status::kInvalid,
                 InvalidReason::kBadProtocol},
        Rejected{"CutAfterTheTypeIsMissingField", "<14>Mar 24 10:00:01 PA-440 1,2026/03/24 10:00:01,0128,TRAFFIC,",
                 Status::kInvalid, InvalidReason::kMissingField},
        Rejected{"ThreatIsNotAnEntry",
                 "1,2026/03/24 10:00:01,0128,THREAT,url,2561,2026/03/24 10:00:01,198.51.100.7,192.0.2.10,0.0.0.0,"
                 "0.0.0.0,r,,,web-browsing,vsys1,untrust,trust,ethernet1/1,,fwd,2026/03/24 10:00:01,0,1,40001,80,0,0,"
                 "0x0,tcp,alert,\"example.com/\"",
                 Status::kUnmatched, InvalidReason::kMissingField},
        Rejected{"SystemIsNotAnEntry", "1,2026/03/24 10:00:01,0128,SYSTEM,general,0,2026/03/24 10:00:01,,general",
                 Status::kUnmatched, InvalidReason::kMissingField},
        Rejected{"TrafficWordElsewhereIsNotAnEntry", "Mar 24 10:00:01 host app: rule x,TRAFFIC,y matched",
                 Status::kUnmatched, InvalidReason::kMissingField},
        Rejected{"StampOfTheWrongShape", "1,2026-03-24 10:00:01,0128,TRAFFIC,drop,1", Status::kUnmatched,
                 InvalidReason::kMissingField}),
    [](const auto& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace fwlog
