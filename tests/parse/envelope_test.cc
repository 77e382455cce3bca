#include "parse/envelope.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace fwlog {
namespace {

TimeContext Utc() {
  TimeContext ctx;
  ctx.now = 1542294754;
  return ctx;
}

// A line read by a parser that has read nothing before.
Envelope Read(std::string_view line, const TimeContext& ctx) {
  ParseState state;
  return ReadEnvelope(line, ctx, state);
}

TEST(EnvelopeTest, Rfc3339WithHostAndKernelTag) {
  auto e = Read("2018-11-16T00:12:34+09:00 router.asus.com kernel: DROP IN=ppp0", Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.host, "router.asus.com");
  EXPECT_EQ(e.tag, "kernel");
  EXPECT_EQ(e.message, "DROP IN=ppp0");
}

TEST(EnvelopeTest, AsusLineWithoutHost) {
  auto e = Read("Oct 12 20:24:53 kernel: DROP IN=ppp0 OUT=", Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.host, "");
  EXPECT_EQ(e.tag, "kernel");
  EXPECT_EQ(e.message, "DROP IN=ppp0 OUT=");
}

TEST(EnvelopeTest, KernelUptimeIsSkipped) {
  auto e = Read("May  7 10:00:00 vps kernel: [   20.696792] [UFW BLOCK] IN=eth0", Utc());
  EXPECT_EQ(e.host, "vps");
  EXPECT_EQ(e.message, "[UFW BLOCK] IN=eth0");
}

TEST(EnvelopeTest, PriorityIsSkipped) {
  auto e = Read("<4>Nov 16 00:12:34 gw kernel: x", Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.host, "gw");
  EXPECT_EQ(e.message, "x");
}

TEST(EnvelopeTest, Rfc5424WithStructuredData) {
  auto e =
      Read(R"(<134>1 2021-08-04T06:59:07.691848+04:00 fw.example filterlog 123 - [meta sequenceId="1"] 5,,,x)", Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.host, "fw.example");
  EXPECT_EQ(e.tag, "filterlog");
  EXPECT_EQ(e.message, "5,,,x");
}

TEST(EnvelopeTest, Rfc5424WithoutPriority) {
  auto e = Read("1 2021-08-04T06:59:07+04:00 fw filterlog 1 - - body", Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.message, "body");
}

TEST(EnvelopeTest, NoEnvelopeAtAll) {
  auto e = Read("[WAN_OUT-20-D]IN=eth0 OUT=", Utc());
  EXPECT_FALSE(e.has_time);
  EXPECT_EQ(e.message, "[WAN_OUT-20-D]IN=eth0 OUT=");
}

TEST(EnvelopeTest, TagWithPid) {
  auto e = Read("Nov 16 00:12:34 fw filterlog[4242]: 5,16777216", Utc());
  EXPECT_EQ(e.tag, "filterlog");
  EXPECT_EQ(e.message, "5,16777216");
}

TEST(EnvelopeTest, JournalctlShortIsoOffsetWithoutColon) {
  auto e = Read("2026-03-20T14:49:24+0000 nas kernel: [UFW BLOCK] IN=eth0", Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.stamp.unix_seconds, 1774018164);
  EXPECT_EQ(e.host, "nas");
  EXPECT_EQ(e.message, "[UFW BLOCK] IN=eth0");
}

TEST(EnvelopeTest, OpenWrtLogreadCtimeWithFacilityLevel) {
  auto e = Read("Mon Mar 23 13:16:49 2026 kern.warn kernel: [311423.870453] drop wan in: IN=eth1", Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.stamp.unix_seconds, 1774271809);
  EXPECT_EQ(e.host, "");
  EXPECT_EQ(e.tag, "kernel");
  EXPECT_EQ(e.message, "drop wan in: IN=eth1");
}

TEST(EnvelopeTest, FacilityLevelAfterTheHost) {
  auto e = Read("Mar 23 13:16:49 ubnt user.info kernel: [WAN_LOCAL-default-D]IN=eth0", Utc());
  EXPECT_EQ(e.host, "ubnt");
  EXPECT_EQ(e.tag, "kernel");
  EXPECT_EQ(e.message, "[WAN_LOCAL-default-D]IN=eth0");
}

TEST(EnvelopeTest, FacilityLevelIsRecognisedOnlyWhenBothPartsAreKnown) {
  // Shortest and longest facilities (dot at 3 and 8), a 7-byte token, and
  // host names that look close to one.
  EXPECT_EQ(Read("Mar 23 13:16:49 gw lpr.err kernel: X", Utc()).message, "X");
  EXPECT_EQ(Read("Mar 23 13:16:49 gw authpriv.warning kernel: X", Utc()).message, "X");
  EXPECT_EQ(Read("Mar 23 13:16:49 kern.crit kernel: X", Utc()).host, "");
  EXPECT_EQ(Read("Mar 23 13:16:49 lpr.xyz kernel: X", Utc()).host, "lpr.xyz");
  EXPECT_EQ(Read("Mar 23 13:16:49 kernels.info kernel: X", Utc()).host, "kernels.info");
  EXPECT_EQ(Read("Mar 23 13:16:49 a.kern.info kernel: X", Utc()).host, "a.kern.info");
  EXPECT_EQ(Read("Mar 23 13:16:49 router.lan kernel: X", Utc()).host, "router.lan");
  EXPECT_EQ(Read("Mar 23 13:16:49 gw kern.infox kernel: X", Utc()).tag, "");
}

TEST(EnvelopeTest, LongHostNamesAreReadWhole) {
  // Words around the 16 bytes the envelope reader looks at in one step.
  EXPECT_EQ(Read("Mar 23 13:16:49 host-name-15-ab kernel: X", Utc()).host, "host-name-15-ab");
  EXPECT_EQ(Read("Mar 23 13:16:49 host-name-16-abc kernel: X", Utc()).host, "host-name-16-abc");
  EXPECT_EQ(Read("Mar 23 13:16:49 a-much-longer-host-name.example.org kernel: X", Utc()).host,
            "a-much-longer-host-name.example.org");
  EXPECT_EQ(Read("Mar 23 13:16:49 host-name-without-anything-after", Utc()).host, "host-name-without-anything-after");
}

TEST(EnvelopeTest, CiscoMnemonicIsNeverAHostOrTag) {
  auto cisco = Read("<164>Nov 16 2018 00:12:34: %ASA-4-106023: Deny tcp", Utc());
  EXPECT_TRUE(cisco.has_time);
  EXPECT_EQ(cisco.host, "");
  EXPECT_EQ(cisco.message, "%ASA-4-106023: Deny tcp");
  auto ftd = Read("2018-11-16T00:12:34Z   %FTD-1-430002: AccessControlRuleAction: Allow", Utc());
  EXPECT_TRUE(ftd.has_time);
  EXPECT_EQ(ftd.host, "");
  EXPECT_EQ(ftd.tag, "");
  EXPECT_EQ(ftd.message, "%FTD-1-430002: AccessControlRuleAction: Allow");
  auto with_host = Read("Nov 16 00:12:34 asa-1 %ASA-6-302013: Built", Utc());
  EXPECT_EQ(with_host.host, "asa-1");
  EXPECT_EQ(with_host.message, "%ASA-6-302013: Built");
}

TEST(EnvelopeTest, WindowsFirewallRecordHasItsStampButNoHost) {
  auto e = Read("2018-11-16 00:12:34 DROP TCP 192.0.2.1 192.0.2.2 1 2 40 S 1 0 0 - - - RECEIVE", Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.stamp.unix_seconds, 1542327154);
  EXPECT_EQ(e.host, "");
  EXPECT_EQ(e.message, "2018-11-16 00:12:34 DROP TCP 192.0.2.1 192.0.2.2 1 2 40 S 1 0 0 - - - RECEIVE");
  // A syslog line with that stamp keeps its host; so does one whose host is no action word.
  EXPECT_EQ(Read("2018-11-16 00:12:34 DROPPER kernel: x", Utc()).host, "DROPPER");
  EXPECT_EQ(Read("2018-11-16T00:12:34 DROP kernel: x", Utc()).host, "DROP");
}

TEST(EnvelopeTest, ZyxelYearAfterTheClockIsNotTheHost) {
  auto e = Read("<142>Nov 16 00:12:34 2018 usg-flex src=\"192.0.2.1:68\"", Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.stamp.unix_seconds, 1542327154);  // 2018-11-16T00:12:34Z
  EXPECT_EQ(e.host, "usg-flex");
  EXPECT_EQ(e.message, "src=\"192.0.2.1:68\"");
}

TEST(EnvelopeTest, HostWrittenTwiceIsReadOnce) {
  auto e = Read("Jun 13 23:29:15 UDMP UDMP [WAN_LOCAL-D-2147483647] DESCR=\"x\" IN=eth8", Utc());
  EXPECT_EQ(e.host, "UDMP");
  EXPECT_EQ(e.message, "[WAN_LOCAL-D-2147483647] DESCR=\"x\" IN=eth8");
}

TEST(EnvelopeTest, EpochStampThenHostAndTag) {
  auto e = Read("1542294754.5 router kernel: DROP IN=ppp0", Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.stamp.unix_seconds, 1542294754);
  EXPECT_EQ(e.stamp.nanos, 500000000);
  EXPECT_EQ(e.host, "router");
  EXPECT_EQ(e.message, "DROP IN=ppp0");
}

TEST(EnvelopeTest, RouterOsTopicsAreSkipped) {
  auto with_identity = Read("<30>Sep 25 01:37:18 MikroTik firewall,info drop-in input: in:ether1", Utc());
  EXPECT_EQ(with_identity.host, "MikroTik");
  EXPECT_EQ(with_identity.message, "drop-in input: in:ether1");
  auto without = Read("<30>Sep 25 01:37:18 firewall,info input: in:ether1", Utc());
  EXPECT_EQ(without.host, "");
  EXPECT_EQ(without.message, "input: in:ether1");
  auto on_box = Read("20:35:05 firewall,info input: in:ether1", Utc());
  EXPECT_TRUE(on_box.has_time);
  EXPECT_EQ(on_box.host, "");
  EXPECT_EQ(on_box.message, "input: in:ether1");
}

TEST(EnvelopeTest, ProxmoxHeaderGivesTimeAndChain) {
  auto e = Read("101 1 tap101i0-IN 20/Jun/2022:13:12:46 +0200 REJECT: IN=fwbr101i0", Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.stamp.unix_seconds, 1655723566);
  EXPECT_EQ(e.chain, "tap101i0-IN");
  EXPECT_EQ(e.message, "REJECT: IN=fwbr101i0");
}

TEST(EnvelopeTest, ProxmoxHeaderAfterASyslogEnvelope) {
  auto e = Read(
      "Jun 20 13:12:47 pve1 pvefw-logger: 0 5 PVEFW-HOST-IN 20/Jun/2022:13:12:46 +0200 "
      "policy DROP: IN=vmbr0",
      Utc());
  EXPECT_EQ(e.host, "pve1");
  EXPECT_EQ(e.chain, "PVEFW-HOST-IN");
  EXPECT_EQ(e.stamp.unix_seconds, 1655723566);  // the firewall's own stamp wins
  EXPECT_EQ(e.message, "policy DROP: IN=vmbr0");
}

TEST(EnvelopeTest, SpaceAfterPriorityIsTolerated) {
  auto e = Read("<134> 2025-10-10T00:00:11+02:00 fw filterlog: 1,2", Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.tag, "filterlog");
  EXPECT_EQ(e.message, "1,2");
}

TEST(EnvelopeTest, Rfc5424WithStructuredDataOmitted) {
  auto e = Read("<134>1 2025-10-10T00:00:00+02:00 fw filterlog 86605 - 68,,,x", Utc());
  EXPECT_EQ(e.tag, "filterlog");
  EXPECT_EQ(e.message, "68,,,x");
}

TEST(EnvelopeTest, Rfc5424WithBadStampKeepsTheRest) {
  auto e = Read("<134>1 2025-13-45T99:99:99+02:00 fw filterlog 1 - [meta x=\"1\"] body", Utc());
  EXPECT_FALSE(e.has_time);
  EXPECT_EQ(e.host, "fw");
  EXPECT_EQ(e.message, "body");
}

TEST(EnvelopeTest, TheWholeLineStaysAvailable) {
  constexpr std::string_view kLine = "Nov 16 00:12:34 fw filterlog[4242]: 5,16777216";
  EXPECT_EQ(Read(kLine, Utc()).line, kLine);
}

// ReadEnvelope remembers, in the ParseState, the host and tag of recent lines
// by the bytes it looked at. Lines built from pieces that share beginnings
// (a host that is a prefix of another, a tag with and without its colon or
// pid, one space or two, a message starting with '[' or a digit) must read
// the same after any line as with a state that has read nothing yet.
TEST(EnvelopeTest, ALineReadsTheSameWhateverWasReadBefore) {
  const std::vector<std::string> stamps = {"2018-11-16T00:12:34+09:00 ", "Nov 16 00:12:34 ", "Nov 16 00:12:34  ",
                                           "1542294754 ", "<4>2018-11-16T00:12:34Z "};
  const std::vector<std::string> hosts = {"",           "router ",    "router.asus.com ",  "router.asus.co ",
                                          "router  ",   "kern.warn ", "router kern.warn ", "UDMP UDMP ",
                                          "192.0.2.1 ", "r:x ",       "IN=ppp0 "};
  const std::vector<std::string> tags = {"kernel: ", "kernel:  ",      "kernel:",        "kernel[12]: ", "kernel[1: ",
                                         "kern: ",   "filterlog[7]: ", "firewall,info ", "DENY: ",       ""};
  const std::vector<std::string> messages = {"DROP IN=ppp0 OUT= SRC=1.2.3.4",
                                             "[   20.696792] DROP IN=ppp0",
                                             "[WAN_LOCAL-D-1]IN=eth0",
                                             "100 5 PVEFW-HOST-IN 16/Nov/2018:00:12:34 +0900 DROP: IN=vmbr0",
                                             " DROP IN=x",
                                             "D",
                                             ""};
  std::mt19937 rng(3);
  const auto pick = [&rng](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  std::vector<std::string> lines;
  for (int i = 0; i < 3000; ++i) lines.push_back(pick(stamps) + pick(hosts) + pick(tags) + pick(messages));
  // Runs of the same beginning, as in a real log.
  for (int i = 0; i < 1000; ++i) lines.insert(lines.begin() + rng() % lines.size(), lines[rng() % lines.size()]);

  const auto same = [](const Envelope& a, const Envelope& b) {
    return a.has_time == b.has_time && a.stamp.unix_seconds == b.stamp.unix_seconds && a.host == b.host &&
           a.tag == b.tag && a.chain == b.chain && a.message == b.message && a.message.data() == b.message.data();
  };
  const TimeContext ctx = Utc();
  ParseState warm_state;
  for (const auto& line : lines) {
    const Envelope warm = ReadEnvelope(line, ctx, warm_state);
    const Envelope fresh = Read(line, ctx);
    ASSERT_TRUE(same(warm, fresh)) << "line: \"" << line << "\" host \"" << warm.host << "\"/\"" << fresh.host
                                   << "\" tag \"" << warm.tag << "\"/\"" << fresh.tag << "\" message \"" << warm.message
                                   << "\"/\"" << fresh.message << "\"";
  }
}

}  // namespace
}  // namespace fwlog
