#include "parse/zyxel.h"

#include <gtest/gtest.h>

#include <string>

#include "vendor_cases.h"

namespace fwlog {
namespace {

using Status = ParseResult::Status;

// Lines written for these tests in the USG FLEX / ZyWALL key="value" form.
// want: action, rule, in, out, proto, src, sport, dst, port, host, time.
const VendorCase kCases[] = {
    {.name = "PolicyDropWithProtocol",
     .line =
         "<142>Mar 24 10:00:01 2026 usg-flex src=\"198.51.100.7:40001\" dst=\"192.0.2.10:23\" msg=\"Match default rule "
         "DROP\" note=\"ACCESS BLOCK\" user=\"\" devID=\"0a1b2c3d4e5f\" cat=\"Security Policy Control\" "
         "action=\"Drop\" "
         "protoID=6 proto=telnet",
     .want = {"drop", "Match default rule DROP", "", "", "tcp", "198.51.100.7", "40001", "192.0.2.10", "23", "usg-flex",
              "2026-03-24T10:00:01Z"}},
    {.name = "TrafficLogWithoutActionIsUnknown",
     .line =
         "<142>Mar 24 10:00:02 2026 usg-flex src=\"10.1.2.3:50000\" dst=\"203.0.113.80:443\" msg=\"Traffic Log\" "
         "note=\"\" user=\"\" devID=\"0a1b2c3d4e5f\" cat=\"Traffic Log\" action=\"\" sent=930 rcvd=358 dir=LAN1:WAN "
         "protoID=6 proto=https",
     .want = {"unknown", "Traffic Log", "LAN1", "WAN", "tcp", "10.1.2.3", "50000", "203.0.113.80", "443", "usg-flex",
              "2026-03-24T10:00:02Z"}},
    {.name = "UdpAllowed",
     .line = "src=\"10.1.2.4:5353\" dst=\"192.0.2.53:53\" msg=\"Match rule LAN_Outgoing ALLOW\" cat=\"Security Policy "
             "Control\" action=\"Allow\" protoID=17",
     .want = {"accept", "Match rule LAN_Outgoing ALLOW", "", "", "udp", "10.1.2.4", "5353", "192.0.2.53", "53", "",
              "receive"}},
    {.name = "IcmpHasNoPorts",
     .line = "src=\"198.51.100.9\" dst=\"192.0.2.1\" msg=\"Match default rule DROP\" cat=\"Firewall\" action=\"Block\" "
             "protoID=1",
     .want = {"drop", "Match default rule DROP", "", "", "icmp", "198.51.100.9", "", "192.0.2.1", "", "", "receive"}},
    {.name = "PolicyDropWithoutProtocolIsMissingField",
     .line = "src=\"198.51.100.7:40001\" dst=\"192.0.2.10:23\" msg=\"Match default rule DROP\" note=\"ACCESS BLOCK\" "
             "cat=\"Security Policy Control\" action=\"Drop\"",
     .status = Status::kInvalid},
    {.name = "MaskedSourceIsBadAddress",
     .line = "src=\"x.x.x.x:1\" dst=\"192.0.2.10:23\" msg=\"m\" cat=\"Traffic Log\" action=\"\" protoID=6",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadAddress},
    {.name = "PortNotANumberIsBadPort",
     .line = "src=\"198.51.100.7:1\" dst=\"192.0.2.10:telnet\" msg=\"m\" cat=\"Traffic Log\" action=\"\" protoID=6",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadPort},
    {.name = "UnknownProtocolNumberIsBadProtocol",
     .line = "src=\"198.51.100.7:1\" dst=\"192.0.2.10:2\" msg=\"m\" cat=\"Traffic Log\" action=\"\" protoID=300",
     .status = Status::kInvalid,
     .reason = InvalidReason::kBadProtocol},
    {.name = "VpnCategoryIsNotAnEntry",
     .line =
         "src=\"198.51.100.7:4500\" dst=\"192.0.2.10:4500\" msg=\"sending DPD response\" cat=\"IPSec VPN\" action=\"\"",
     .status = Status::kUnmatched},
    {.name = "WithoutCategoryIsNotThisFormat",
     .line = "src=\"198.51.100.7:4500\" dst=\"192.0.2.10:4500\" msg=\"x\" protoID=17",
     .status = Status::kUnmatched},
};

class ZyxelTest : public ::testing::TestWithParam<VendorCase> {};

TEST_P(ZyxelTest, ReadsTheKeys) { ExpectVendorCase("zyxel", GetParam()); }

INSTANTIATE_TEST_SUITE_P(Lines, ZyxelTest, ::testing::ValuesIn(kCases), CaseName());

TEST(ZyxelParserTest, YearAfterTheClockAndHostFromTheEnvelope) {
  Event event;
  ASSERT_TRUE(ParseOne("zyxel", kCases[0].line, event).matched());
  EXPECT_EQ(event.host, "usg-flex");
  EXPECT_EQ(event.time, 1774346401);  // 2026-03-24T10:00:01Z
}

}  // namespace
}  // namespace fwlog
