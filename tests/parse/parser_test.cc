#include "parse/parser.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "core/utf8.h"
#include "parse/envelope.h"
#include "parse/preset.h"
#include "parse_helper.h"

namespace fwlog {
namespace {

using Status = ParseResult::Status;

constexpr std::string_view kNetfilter =
    "Mar 24 21:14:07 gw kernel: DROP IN=ppp0 OUT= SRC=198.51.100.23 DST=203.0.113.5 PROTO=TCP SPT=1 DPT=22 SYN";
constexpr std::string_view kPf =
    "Mar 24 21:14:07 gw filterlog[1]: 5,,,1000000103,igb0,match,block,in,4,0x0,,241,1,0,none,6,tcp,40,"
    "198.51.100.23,203.0.113.5,43512,23,0,S,1,,1024,,";
constexpr std::string_view kMikrotik =
    "Mar 24 21:14:07 MikroTik firewall,info drop-in input: in:ether1 out:(unknown 0), proto TCP (SYN), "
    "198.51.100.23:43512->203.0.113.5:8291, len 40";

constexpr std::string_view kCiscoAsa =
    "Mar 24 2026 21:14:07: %ASA-4-106023: Deny tcp src outside:198.51.100.23/43512 dst inside:203.0.113.5/22 by "
    "access-group \"outside_in\" [0x0, 0x0]";

constexpr std::string_view kPanos =
    "<14>Mar 24 21:14:07 PA-440 1,2026/03/24 21:14:07,0128,TRAFFIC,drop,2561,2026/03/24 21:14:07,198.51.100.23,"
    "203.0.113.5,0.0.0.0,0.0.0.0,deny-in,,,not-applicable,vsys1,untrust,trust,ethernet1/1,,fwd,2026/03/24 21:14:07,0,"
    "1,43512,22,0,0,0x0,tcp,deny,60,60,0,1";
constexpr std::string_view kZyxel =
    "<142>Mar 24 21:14:07 2026 usg-flex src=\"198.51.100.23:43512\" dst=\"203.0.113.5:22\" msg=\"Match default rule "
    "DROP\" note=\"ACCESS BLOCK\" cat=\"Security Policy Control\" action=\"Drop\" protoID=6";

constexpr std::string_view kWindowsHeader =
    "#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype "
    "icmpcode info path";
constexpr std::string_view kWindowsFirewall =
    "2026-03-24 21:14:07 DROP TCP 198.51.100.23 203.0.113.5 43512 22 52 S 1 0 64240 - - - RECEIVE";

// One line of each preset's format, in AllPresets() order.
const std::vector<std::pair<std::string, std::string_view>>& LineOfEachPreset() {
  static const std::vector<std::pair<std::string, std::string_view>> lines = {
      {"netfilter", kNetfilter},
      {"pf", kPf},
      {"mikrotik", kMikrotik},
      {"cisco-asa", kCiscoAsa},
      {"juniper-srx",
       "Mar 24 10:15:05 srx RT_FLOW: RT_FLOW_SESSION_DENY: session denied 198.51.100.7/51515->203.0.113.10/23 0x0 "
       "junos-telnet 6(0) deny-all untrust trust UNKNOWN UNKNOWN N/A(N/A) ge-0/0/0.0 UNKNOWN policy deny"},
      {"checkpoint",
       "<134>1 2026-03-24T10:15:02Z log CheckPoint 26203 - [action:\"Drop\"; src:\"198.51.100.7\"; "
       "dst:\"203.0.113.10\"; proto:\"6\"; s_port:\"1\"; service:\"22\"; ]"},
      {"fortigate",
       "date=2026-03-24 time=10:15:02 logid=\"0000000013\" type=\"traffic\" srcip=198.51.100.7 srcport=1 "
       "dstip=203.0.113.10 dstport=22 proto=6 action=\"deny\" policyid=0"},
      {"sonicwall",
       "id=firewall sn=0040100A1B2C m=36 msg=\"TCP connection dropped\" src=198.51.100.7:1:X1 "
       "dst=203.0.113.10:22:X1 proto=tcp/ssh fw_action=\"drop\""},
      {"sophos",
       "2026:03:24-10:15:02 utm ulogd[1]: id=\"2001\" sub=\"packetfilter\" action=\"drop\" "
       "srcip=\"198.51.100.7\" dstip=\"203.0.113.10\" proto=\"6\" srcport=\"1\" dstport=\"22\""},
      {"panos", kPanos},
      {"zyxel", kZyxel},
      {"windows-firewall", kWindowsFirewall}};
  return lines;
}

// `line` read by a Parser of `format` that has read a Windows Firewall header
// before it (the windows-firewall preset reads records by the header; the
// others must not mind it).
ParseResult ParseAfterHeader(std::string_view format, std::string_view line, Event& event) {
  auto parser = Parser::Build(std::string(format), nullptr);
  EXPECT_TRUE(parser.ok());
  const TimeContext ctx = UtcAtReceiveTime();
  for (const std::string_view text : {kWindowsHeader, line}) {
    event.Clear();
    LogLine l;
    l.text = text;
    l.receive_time = ctx.now;
    const ParseResult r = parser->Parse(l, ctx, event);
    if (text == line) return r;
    EXPECT_EQ(r.status, Status::kUnmatched) << format << ": a header is no packet";
  }
  return ParseResult::Unmatched();
}

TEST(ParserTest, EveryPresetHasALineHereAndAConfigName) {
  std::vector<std::string> names;
  for (const Preset* p : AllPresets()) names.emplace_back(p->name());
  std::vector<std::string> with_lines;
  for (const auto& [name, line] : LineOfEachPreset()) with_lines.push_back(name);
  EXPECT_EQ(names, with_lines);
  EXPECT_EQ(names, PresetNames());
}

TEST(ParserTest, EachPresetLeavesTheOtherFormatsUnmatched) {
  for (const auto& [format, _] : LineOfEachPreset()) {
    for (const auto& [other, line] : LineOfEachPreset()) {
      Event event;
      const auto r = ParseAfterHeader(format, line, event);
      EXPECT_EQ(r.status, format == other ? Status::kMatched : Status::kUnmatched) << format << " on " << other;
      if (format == other) {
        EXPECT_EQ(event.matched_by, format);
        EXPECT_EQ(ParseAfterHeader("auto", line, event).status, Status::kMatched) << other;
        EXPECT_EQ(event.matched_by, format);
      }
    }
  }
}

TEST(ParserTest, AutoPicksThePresetPerLine) {
  Event event;
  ASSERT_TRUE(ParseOne("auto", kNetfilter, event).matched());
  EXPECT_EQ(event.matched_by, "netfilter");
  ASSERT_TRUE(ParseOne("auto", kPf, event).matched());
  EXPECT_EQ(event.matched_by, "pf");
  EXPECT_EQ(event.port, "23");
  ASSERT_TRUE(ParseOne("auto", kMikrotik, event).matched());
  EXPECT_EQ(event.matched_by, "mikrotik");
  EXPECT_EQ(event.port, "8291");
}

TEST(ParserTest, AutoGivesTheSameEventAsTheNamedPreset) {
  for (const auto& [format, line] : LineOfEachPreset()) {
    Event named, automatic;
    ASSERT_TRUE(ParseAfterHeader(format, line, named).matched());
    ASSERT_TRUE(ParseAfterHeader("auto", line, automatic).matched());
    for (std::size_t i = 0; i < kFieldCount; ++i)
      EXPECT_EQ(named.Get(static_cast<Field>(i)), automatic.Get(static_cast<Field>(i)))
          << format << " " << FieldName(static_cast<Field>(i));
  }
}

TEST(ParserTest, NamedPresetDoesNotReadOtherFormats) {
  Event event;
  EXPECT_EQ(ParseOne("netfilter", kPf, event).status, Status::kUnmatched);
  EXPECT_EQ(ParseOne("pf", kMikrotik, event).status, Status::kUnmatched);
  EXPECT_EQ(ParseOne("mikrotik", kNetfilter, event).status, Status::kUnmatched);
}

TEST(ParserTest, EveryPresetIsKnownToTheConfiguration) {
  std::vector<std::string> registered;
  for (const Preset* p : AllPresets()) registered.emplace_back(p->name());
  EXPECT_EQ(registered, PresetNames());
  std::vector<std::string> sampled;
  for (const auto& [format, line] : LineOfEachPreset()) sampled.emplace_back(format);
  EXPECT_EQ(sampled, PresetNames()) << "LineOfEachPreset() needs a line of every preset";
}

// Each line after a Windows Firewall header (which the windows-firewall
// preset needs before its records, and the others must not mind).
TEST(ParserTest, EachPresetReadsOnlyItsOwnFormat) {
  for (const auto& own : LineOfEachPreset()) {
    const std::string_view reader = own.first;
    for (const auto& [format, line] : LineOfEachPreset()) {
      Event event;
      const ParseResult r = ParseAfterHeader(reader, line, event);
      EXPECT_EQ(r.matched(), reader == format) << reader << " on a " << format << " line";
      if (reader != format) {
        EXPECT_EQ(r.status, Status::kUnmatched) << reader << " on a " << format << " line";
      }
    }
  }
  for (const auto& [format, line] : LineOfEachPreset()) {
    Event event;
    ASSERT_TRUE(ParseAfterHeader("auto", line, event).matched()) << format;
    EXPECT_EQ(event.matched_by, format);
  }
}

TEST(ParserTest, AnUnmatchedAnswerLeavesTheEventAsItWas) {
  // preset.h: auto clears the event only after an Invalid answer.
  for (const Preset* preset : AllPresets()) {
    for (const auto& [format, line] : LineOfEachPreset()) {
      if (format == preset->name()) continue;
      Event event;
      event.src = "sentinel";
      event.rule = "sentinel";
      event.time = 7;
      event.action = Action::kReject;
      event.Build(Field::kTcpFlags) = "sentinel";
      ParseState state;
      const Envelope env = ReadEnvelope(line, UtcAtReceiveTime(), state);
      ASSERT_EQ(preset->Parse(env, state, event).status, Status::kUnmatched) << preset->name() << " on " << format;
      EXPECT_EQ(event.src, "sentinel");
      EXPECT_EQ(event.rule, "sentinel");
      EXPECT_EQ(event.time, 7);
      EXPECT_EQ(event.action, Action::kReject);
      EXPECT_EQ(event.proto, "");
      EXPECT_EQ(event.port, "");
      EXPECT_FALSE(event.has_port);
    }
  }
}

TEST(ParserTest, AutoReportsATruncatedFilterlogLineAsInvalid) {
  Event event;
  const auto r = ParseOne("auto", "<134>1 2025-10-10T00:00:00+02:00 fw filterlog 1 - [meta x=\"7\"] 68,,,cut", event);
  EXPECT_EQ(r.status, Status::kInvalid);
  EXPECT_EQ(r.reason, InvalidReason::kMissingField);
}

TEST(ParserTest, AutoLeavesOtherLinesUnmatched) {
  Event event;
  for (std::string_view line : {"", "random line", "Mar 24 21:14:07 gw dnsmasq[1]: query[A] example.com from 10.0.0.2",
                                "<190>Dec 31 22:06:16 fw dhcpd[40152]: DHCPDISCOVER from 4c:55:41:a0:fa:99"})
    EXPECT_EQ(ParseOne("auto", line, event).status, Status::kUnmatched) << line;
}

TEST(ParserTest, ReceiveTimeStandsInForALineWithoutStamp) {
  Event event;
  ASSERT_TRUE(
      ParseOne("auto", "[WAN_OUT-20-D]IN=switch0 OUT=eth0 SRC=10.0.0.61 DST=34.227.6.54 PROTO=TCP SPT=1 DPT=2", event)
          .matched());
  EXPECT_FALSE(event.time_from_line);
  EXPECT_EQ(event.time, kReceiveTime);
}

TEST(ParserTest, InputZoneDecidesStampsWithoutOffset) {
  // Two inputs with different `timezone:` see the same RFC 3164 line at
  // different instants; the pipeline passes each input's zone in TimeContext.
  TimeContext tokyo = UtcAtReceiveTime(), utc = UtcAtReceiveTime();
  ASSERT_TRUE(absl::LoadTimeZone("Asia/Tokyo", &tokyo.zone));
  Event a, b;
  ASSERT_TRUE(ParseOne("auto", kPf, a, tokyo).matched());
  ASSERT_TRUE(ParseOne("auto", kPf, b, utc).matched());
  EXPECT_EQ(b.time - a.time, 9 * 3600);
  // An explicit offset wins over either zone.
  constexpr std::string_view kOffset =
      "2026-03-24T21:14:07+01:00 gw kernel: DROP IN=ppp0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=UDP SPT=1 DPT=53";
  ASSERT_TRUE(ParseOne("auto", kOffset, a, tokyo).matched());
  ASSERT_TRUE(ParseOne("auto", kOffset, b, utc).matched());
  EXPECT_EQ(a.time, b.time);
}

TEST(ParserTest, ControlBytesAreInvalidBeforeAnyFormat) {
  Event event;
  const std::string line = std::string(kPf) + '\x01';
  EXPECT_EQ(ParseOne("auto", line, event).reason, InvalidReason::kBinary);
}

constexpr std::string_view kNetfilterPrefix = "2026-03-24T21:14:07+01:00 gw kernel: DROP ";
constexpr std::string_view kNetfilterBody = " IN=ppp0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=UDP SPT=1 DPT=53";

TEST(ParserTest, BytesThatAreNotUtf8AreInvalidAsBinary) {
  // A stray byte, a cut sequence, an overlong '/', a surrogate, a code point
  // above U+10FFFF, each in the rule text of an otherwise good line.
  for (const std::string_view bad : {"\xff", "caf\xc3", "\xe2\x82", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"}) {
    Event event;
    const std::string line = std::string(kNetfilterPrefix) + std::string(bad) + std::string(kNetfilterBody);
    EXPECT_EQ(ParseOne("auto", line, event).reason, InvalidReason::kBinary) << bad;
    EXPECT_EQ(ParseOne("netfilter", line, event).reason, InvalidReason::kBinary) << bad;
  }
}

TEST(ParserTest, ValidUtf8AnywhereInALineIsRead) {
  // Two, three and four byte characters; at the line's end too (the check
  // reads 16-byte blocks and then the tail).
  for (const std::string_view word : {"caf\xc3\xa9", "\xe6\x9d\xb1\xe4\xba\xac", "\xf0\x9f\x94\xa5"}) {
    Event event;
    const std::string line = std::string(kNetfilterPrefix) + std::string(word) + std::string(kNetfilterBody);
    ASSERT_TRUE(ParseOne("netfilter", line, event).matched()) << word;
    EXPECT_EQ(event.rule, "DROP " + std::string(word));
    ASSERT_TRUE(ParseOne("netfilter", line + " " + std::string(word), event).matched()) << word;
  }
}

// LooksBinary reads 16 bytes at a time; a byte by byte reading is the
// reference. Each text sits in a heap block of exactly its size, so that
// AddressSanitizer sees a read past its end.
TEST(ParserTest, LooksBinaryAnswersAsAByteByByteReading) {
  const auto reference = [](std::string_view text) {
    bool high = false;
    for (const char ch : text) {
      const auto c = static_cast<unsigned char>(ch);
      if ((c < 0x20 && c != '\t') || c == 0x7f) return true;
      high = high || c >= 0x80;
    }
    return high && !IsValidUtf8(text);
  };
  std::mt19937 rng(9);
  const std::string_view utf8[] = {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x94\xa5", "\xc3", "\xa9"};
  int binary = 0;
  for (int round = 0; round < 100000; ++round) {
    std::string text;
    const std::size_t size = rng() % 70;
    while (text.size() < size) {
      const unsigned what = rng() % 1000;
      if (what < 985) {
        text.push_back(static_cast<char>(0x20 + rng() % 95));  // printable
      } else if (what < 990) {
        text.append(utf8[rng() % 5]);
      } else if (what < 993) {
        text.push_back('\t');
      } else if (what < 996) {
        text.push_back(static_cast<char>(rng() % 0x20));
      } else if (what < 998) {
        text.push_back('\x7f');
      } else {
        text.push_back(static_cast<char>(0x80 + rng() % 0x80));
      }
    }
    const std::unique_ptr<char[]> block(new char[text.empty() ? 1 : text.size()]);
    std::memcpy(block.get(), text.data(), text.size());
    const std::string_view exact(block.get(), text.size());
    const bool expected = reference(exact);
    binary += expected ? 1 : 0;
    ASSERT_EQ(LooksBinary(exact), expected) << "round " << round << " size " << text.size();
  }
  EXPECT_GT(binary, 1000);
}

}  // namespace
}  // namespace fwlog
