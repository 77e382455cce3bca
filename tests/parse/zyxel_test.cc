#include "parse/zyxel.h"

#include <gtest/gtest.h>

#include <string>

#include "parse_helper.h"

namespace fwlog {
namespace {

using Status = ParseResult::Status;

// Lines written for these tests in the USG FLEX / ZyWALL key="value" form.
struct Case {
  const char* name;
  const char* line;
  Status status;
  InvalidReason reason;  // when invalid
  Action action;         // when matched
  const char* proto;
  const char* src;
  const char* sport;
  const char* dst;
  const char* port;
  const char* in;
  const char* out;
  const char* rule;
};

constexpr auto kMatched = Status::kMatched;
constexpr auto kNone = InvalidReason::kMissingField;

const Case kCases[] = {
    {"PolicyDropWithProtocol",
     "<142>Mar 24 10:00:01 2026 usg-flex src=\"198.51.100.7:40001\" dst=\"192.0.2.10:23\" msg=\"Match default rule "
     "DROP\" note=\"ACCESS BLOCK\" user=\"\" devID=\"0a1b2c3d4e5f\" cat=\"Security Policy Control\" action=\"Drop\" "
     "protoID=6 proto=telnet",
     kMatched, kNone, Action::kDrop, "tcp", "198.51.100.7", "40001", "192.0.2.10", "23", "", "",
     "Match default rule DROP"},
    {"TrafficLogWithoutActionIsUnknown",
     "<142>Mar 24 10:00:02 2026 usg-flex src=\"10.1.2.3:50000\" dst=\"203.0.113.80:443\" msg=\"Traffic Log\" "
     "note=\"\" user=\"\" devID=\"0a1b2c3d4e5f\" cat=\"Traffic Log\" action=\"\" sent=930 rcvd=358 dir=LAN1:WAN "
     "protoID=6 proto=https",
     kMatched, kNone, Action::kNone, "tcp", "10.1.2.3", "50000", "203.0.113.80", "443", "LAN1", "WAN", "Traffic Log"},
    {"UdpAllowed",
     "src=\"10.1.2.4:5353\" dst=\"192.0.2.53:53\" msg=\"Match rule LAN_Outgoing ALLOW\" cat=\"Security Policy "
     "Control\" action=\"Allow\" protoID=17",
     kMatched, kNone, Action::kAccept, "udp", "10.1.2.4", "5353", "192.0.2.53", "53", "", "",
     "Match rule LAN_Outgoing ALLOW"},
    {"IcmpHasNoPorts",
     "src=\"198.51.100.9\" dst=\"192.0.2.1\" msg=\"Match default rule DROP\" cat=\"Firewall\" action=\"Block\" "
     "protoID=1",
     kMatched, kNone, Action::kDrop, "icmp", "198.51.100.9", "", "192.0.2.1", "", "", "", "Match default rule DROP"},
    {"PolicyDropWithoutProtocolIsMissingField",
     "src=\"198.51.100.7:40001\" dst=\"192.0.2.10:23\" msg=\"Match default rule DROP\" note=\"ACCESS BLOCK\" "
     "cat=\"Security Policy Control\" action=\"Drop\"",
     Status::kInvalid, InvalidReason::kMissingField, Action::kNone, "", "", "", "", "", "", "", ""},
    {"MaskedSourceIsBadAddress",
     "src=\"x.x.x.x:1\" dst=\"192.0.2.10:23\" msg=\"m\" cat=\"Traffic Log\" action=\"\" protoID=6", Status::kInvalid,
     InvalidReason::kBadAddress, Action::kNone, "", "", "", "", "", "", "", ""},
    {"PortNotANumberIsBadPort",
     "src=\"198.51.100.7:1\" dst=\"192.0.2.10:telnet\" msg=\"m\" cat=\"Traffic Log\" action=\"\" protoID=6",
     Status::kInvalid, InvalidReason::kBadPort, Action::kNone, "", "", "", "", "", "", "", ""},
    {"UnknownProtocolNumberIsBadProtocol",
     "src=\"198.51.100.7:1\" dst=\"192.0.2.10:2\" msg=\"m\" cat=\"Traffic Log\" action=\"\" protoID=300",
     Status::kInvalid, InvalidReason::kBadProtocol, Action::kNone, "", "", "", "", "", "", "", ""},
    {"VpnCategoryIsNotAnEntry",
     "src=\"198.51.100.7:4500\" dst=\"192.0.2.10:4500\" msg=\"sending DPD response\" cat=\"IPSec VPN\" action=\"\"",
     Status::kUnmatched, kNone, Action::kNone, "", "", "", "", "", "", "", ""},
    {"WithoutCategoryIsNotThisFormat", "src=\"198.51.100.7:4500\" dst=\"192.0.2.10:4500\" msg=\"x\" protoID=17",
     Status::kUnmatched, kNone, Action::kNone, "", "", "", "", "", "", "", ""},
};

class ZyxelTest : public ::testing::TestWithParam<Case> {};

TEST_P(ZyxelTest, ReadsTheKeys) {
  const Case& c = GetParam();
  for (const char* format : {"zyxel", "auto"}) {
    Event event;
    const auto r = ParseOne(format, c.line, event);
    ASSERT_EQ(r.status, c.status) << format;
    if (c.status == Status::kInvalid) {
      EXPECT_EQ(InvalidReasonName(r.reason), InvalidReasonName(c.reason));
    }
    if (c.status != Status::kMatched) continue;
    EXPECT_EQ(event.matched_by, "zyxel");
    EXPECT_EQ(event.action, c.action);
    EXPECT_EQ(event.proto, c.proto);
    EXPECT_EQ(event.src, c.src);
    EXPECT_EQ(event.sport, c.sport);
    EXPECT_EQ(event.dst, c.dst);
    EXPECT_EQ(event.port, c.port);
    EXPECT_EQ(event.in, c.in);
    EXPECT_EQ(event.out, c.out);
    EXPECT_EQ(event.rule, c.rule);
  }
}

INSTANTIATE_TEST_SUITE_P(Lines, ZyxelTest, ::testing::ValuesIn(kCases),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(ZyxelParserTest, YearAfterTheClockAndHostFromTheEnvelope) {
  Event event;
  ASSERT_TRUE(ParseOne("zyxel", kCases[0].line, event).matched());
  EXPECT_EQ(event.host, "usg-flex");
  EXPECT_EQ(event.time, 1774346401);  // 2026-03-24T10:00:01Z
}

}  // namespace
}  // namespace fwlog
