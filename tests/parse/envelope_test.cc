#include "parse/envelope.h"

#include <gtest/gtest.h>

namespace fwlog {
namespace {

TimeContext Utc() {
  TimeContext ctx;
  ctx.now = 1542294754;
  return ctx;
}

TEST(EnvelopeTest, Rfc3339WithHostAndKernelTag) {
  auto e = ReadEnvelope("2018-11-16T00:12:34+09:00 router.asus.com kernel: DROP IN=ppp0", Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.host, "router.asus.com");
  EXPECT_EQ(e.tag, "kernel");
  EXPECT_EQ(e.message, "DROP IN=ppp0");
}

TEST(EnvelopeTest, AsusLineWithoutHost) {
  auto e = ReadEnvelope("Oct 12 20:24:53 kernel: DROP IN=ppp0 OUT=", Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.host, "");
  EXPECT_EQ(e.tag, "kernel");
  EXPECT_EQ(e.message, "DROP IN=ppp0 OUT=");
}

TEST(EnvelopeTest, KernelUptimeIsSkipped) {
  auto e = ReadEnvelope("May  7 10:00:00 vps kernel: [   20.696792] [UFW BLOCK] IN=eth0", Utc());
  EXPECT_EQ(e.host, "vps");
  EXPECT_EQ(e.message, "[UFW BLOCK] IN=eth0");
}

TEST(EnvelopeTest, PriorityIsSkipped) {
  auto e = ReadEnvelope("<4>Nov 16 00:12:34 gw kernel: x", Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.host, "gw");
  EXPECT_EQ(e.message, "x");
}

TEST(EnvelopeTest, Rfc5424WithStructuredData) {
  auto e = ReadEnvelope(R"(<134>1 2021-08-04T06:59:07.691848+04:00 fw.example filterlog 123 - [meta sequenceId="1"] 5,,,x)",
                        Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.host, "fw.example");
  EXPECT_EQ(e.tag, "filterlog");
  EXPECT_EQ(e.message, "5,,,x");
}

TEST(EnvelopeTest, Rfc5424WithoutPriority) {
  auto e = ReadEnvelope("1 2021-08-04T06:59:07+04:00 fw filterlog 1 - - body", Utc());
  EXPECT_TRUE(e.has_time);
  EXPECT_EQ(e.message, "body");
}

TEST(EnvelopeTest, NoEnvelopeAtAll) {
  auto e = ReadEnvelope("[WAN_OUT-20-D]IN=eth0 OUT=", Utc());
  EXPECT_FALSE(e.has_time);
  EXPECT_EQ(e.message, "[WAN_OUT-20-D]IN=eth0 OUT=");
}

TEST(EnvelopeTest, TagWithPid) {
  auto e = ReadEnvelope("Nov 16 00:12:34 fw filterlog[4242]: 5,16777216", Utc());
  EXPECT_EQ(e.tag, "filterlog");
  EXPECT_EQ(e.message, "5,16777216");
}

}  // namespace
}  // namespace fwlog
