#include "parse/envelope.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "parse_helper.h"

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

// What ReadEnvelope must make of a line: whether it has a time, its host, tag,
// chain and message (all compared; empty where not given) and, where given,
// the stamp.
struct EnvelopeCase {
  std::string_view name;
  std::string_view line;
  bool has_time = true;
  std::string_view host = {}, tag = {}, chain = {}, message = {};
  std::optional<std::int64_t> unix_seconds = {};
  std::optional<std::int32_t> nanos = {};
};

void PrintTo(const EnvelopeCase& c, std::ostream* os) { *os << c.name; }

const EnvelopeCase kLines[] = {
    {.name = "Rfc3339WithHostAndKernelTag",
     .line = "2018-11-16T00:12:34+09:00 router.asus.com kernel: DROP IN=ppp0",
     .host = "router.asus.com",
     .tag = "kernel",
     .message = "DROP IN=ppp0"},
    {.name = "AsusLineWithoutHost",
     .line = "Oct 12 20:24:53 kernel: DROP IN=ppp0 OUT=",
     .tag = "kernel",
     .message = "DROP IN=ppp0 OUT="},
    {.name = "KernelUptimeIsSkipped",
     .line = "May  7 10:00:00 vps kernel: [   20.696792] [UFW BLOCK] IN=eth0",
     .host = "vps",
     .tag = "kernel",
     .message = "[UFW BLOCK] IN=eth0"},
    {.name = "PriorityIsSkipped",
     .line = "<4>Nov 16 00:12:34 gw kernel: x",
     .host = "gw",
     .tag = "kernel",
     .message = "x"},
    {.name = "Rfc5424WithStructuredData",
     .line = R"(<134>1 2021-08-04T06:59:07.691848+04:00 fw.example filterlog 123 - [meta sequenceId="1"] 5,,,x)",
     .host = "fw.example",
     .tag = "filterlog",
     .message = "5,,,x"},
    {.name = "Rfc5424WithoutPriority",
     .line = "1 2021-08-04T06:59:07+04:00 fw filterlog 1 - - body",
     .host = "fw",
     .tag = "filterlog",
     .message = "body"},
    {.name = "NoEnvelopeAtAll",
     .line = "[WAN_OUT-20-D]IN=eth0 OUT=",
     .has_time = false,
     .message = "[WAN_OUT-20-D]IN=eth0 OUT="},
    {.name = "TagWithPid",
     .line = "Nov 16 00:12:34 fw filterlog[4242]: 5,16777216",
     .host = "fw",
     .tag = "filterlog",
     .message = "5,16777216"},
    {.name = "JournalctlShortIsoOffsetWithoutColon",
     .line = "2026-03-20T14:49:24+0000 nas kernel: [UFW BLOCK] IN=eth0",
     .host = "nas",
     .tag = "kernel",
     .message = "[UFW BLOCK] IN=eth0",
     .unix_seconds = 1774018164},
    {.name = "OpenWrtLogreadCtimeWithFacilityLevel",
     .line = "Mon Mar 23 13:16:49 2026 kern.warn kernel: [311423.870453] drop wan in: IN=eth1",
     .tag = "kernel",
     .message = "drop wan in: IN=eth1",
     .unix_seconds = 1774271809},
    {.name = "FacilityLevelAfterTheHost",
     .line = "Mar 23 13:16:49 ubnt user.info kernel: [WAN_LOCAL-default-D]IN=eth0",
     .host = "ubnt",
     .tag = "kernel",
     .message = "[WAN_LOCAL-default-D]IN=eth0"},
    {.name = "CiscoMnemonicIsNeverAHostOrTag",
     .line = "<164>Nov 16 2018 00:12:34: %ASA-4-106023: Deny tcp",
     .message = "%ASA-4-106023: Deny tcp"},
    {.name = "FtdMnemonicIsNeverAHostOrTag",
     .line = "2018-11-16T00:12:34Z   %FTD-1-430002: AccessControlRuleAction: Allow",
     .message = "%FTD-1-430002: AccessControlRuleAction: Allow"},
    {.name = "CiscoMnemonicAfterTheHost",
     .line = "Nov 16 00:12:34 asa-1 %ASA-6-302013: Built",
     .host = "asa-1",
     .message = "%ASA-6-302013: Built"},
    {.name = "WindowsFirewallRecordHasItsStampButNoHost",
     .line = "2018-11-16 00:12:34 DROP TCP 192.0.2.1 192.0.2.2 1 2 40 S 1 0 0 - - - RECEIVE",
     .message = "2018-11-16 00:12:34 DROP TCP 192.0.2.1 192.0.2.2 1 2 40 S 1 0 0 - - - RECEIVE",
     .unix_seconds = 1542327154},
    {.name = "SyslogLineWithThatStampKeepsItsHost",
     .line = "2018-11-16 00:12:34 DROPPER kernel: x",
     .host = "DROPPER",
     .tag = "kernel",
     .message = "x"},
    {.name = "HostThatIsAnActionWordAfterAnIsoStampIsKept",
     .line = "2018-11-16T00:12:34 DROP kernel: x",
     .host = "DROP",
     .tag = "kernel",
     .message = "x"},
    {.name = "ZyxelYearAfterTheClockIsNotTheHost",
     .line = "<142>Nov 16 00:12:34 2018 usg-flex src=\"192.0.2.1:68\"",
     .host = "usg-flex",
     .message = "src=\"192.0.2.1:68\"",
     .unix_seconds = 1542327154},
    {.name = "HostWrittenTwiceIsReadOnce",
     .line = "Jun 13 23:29:15 UDMP UDMP [WAN_LOCAL-D-2147483647] DESCR=\"x\" IN=eth8",
     .host = "UDMP",
     .message = "[WAN_LOCAL-D-2147483647] DESCR=\"x\" IN=eth8"},
    {.name = "EpochStampThenHostAndTag",
     .line = "1542294754.5 router kernel: DROP IN=ppp0",
     .host = "router",
     .tag = "kernel",
     .message = "DROP IN=ppp0",
     .unix_seconds = 1542294754,
     .nanos = 500000000},
    {.name = "RouterOsTopicsAreSkipped",
     .line = "<30>Sep 25 01:37:18 MikroTik firewall,info drop-in input: in:ether1",
     .host = "MikroTik",
     .message = "drop-in input: in:ether1"},
    {.name = "RouterOsTopicsWithoutIdentityAreSkipped",
     .line = "<30>Sep 25 01:37:18 firewall,info input: in:ether1",
     .message = "input: in:ether1"},
    {.name = "RouterOsTopicsAfterTheOnBoxClockAreSkipped",
     .line = "20:35:05 firewall,info input: in:ether1",
     .message = "input: in:ether1"},
    {.name = "ProxmoxHeaderGivesTimeAndChain",
     .line = "101 1 tap101i0-IN 20/Jun/2022:13:12:46 +0200 REJECT: IN=fwbr101i0",
     .chain = "tap101i0-IN",
     .message = "REJECT: IN=fwbr101i0",
     .unix_seconds = 1655723566},
    {.name = "ProxmoxHeaderAfterASyslogEnvelope",
     .line = "Jun 20 13:12:47 pve1 pvefw-logger: 0 5 PVEFW-HOST-IN 20/Jun/2022:13:12:46 +0200 policy DROP: IN=vmbr0",
     .host = "pve1",
     .tag = "pvefw-logger",
     .chain = "PVEFW-HOST-IN",
     .message = "policy DROP: IN=vmbr0",
     .unix_seconds = 1655723566},
    {.name = "SpaceAfterPriorityIsTolerated",
     .line = "<134> 2025-10-10T00:00:11+02:00 fw filterlog: 1,2",
     .host = "fw",
     .tag = "filterlog",
     .message = "1,2"},
    {.name = "Rfc5424WithStructuredDataOmitted",
     .line = "<134>1 2025-10-10T00:00:00+02:00 fw filterlog 86605 - 68,,,x",
     .host = "fw",
     .tag = "filterlog",
     .message = "68,,,x"},
    {.name = "Rfc5424WithBadStampKeepsTheRest",
     .line = "<134>1 2025-13-45T99:99:99+02:00 fw filterlog 1 - [meta x=\"1\"] body",
     .has_time = false,
     .host = "fw",
     .tag = "filterlog",
     .message = "body"},
};

class EnvelopeLineTest : public ::testing::TestWithParam<EnvelopeCase> {};

TEST_P(EnvelopeLineTest, ReadsTheParts) {
  const EnvelopeCase& c = GetParam();
  const Envelope e = Read(c.line, Utc());
  EXPECT_EQ(e.line, c.line);
  EXPECT_EQ(e.has_time, c.has_time);
  EXPECT_EQ(e.host, c.host);
  EXPECT_EQ(e.tag, c.tag);
  EXPECT_EQ(e.chain, c.chain);
  EXPECT_EQ(e.message, c.message);
  if (c.unix_seconds) {
    EXPECT_EQ(e.stamp.unix_seconds, *c.unix_seconds);
  }
  if (c.nanos) {
    EXPECT_EQ(e.stamp.nanos, *c.nanos);
  }
}

INSTANTIATE_TEST_SUITE_P(Lines, EnvelopeLineTest, ::testing::ValuesIn(kLines), CaseName());

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
