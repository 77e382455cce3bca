#include "parse/custom_pattern.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parse/parser.h"

namespace fwlog {
namespace {

using ::testing::HasSubstr;

PatternSpec Spec(std::string regex) {
  PatternSpec spec;
  spec.name = "mine";
  spec.regex = std::move(regex);
  spec.regex_pos = {"c.yaml", 7, 12};
  return spec;
}

TEST(CustomPatternTest, NamedGroupsFillFieldsAndActionWordsAreMapped) {
  auto spec = Spec(R"((?P<time>\S+) fw (?P<action>\w+) (?P<proto>\w+) (?P<src>[\d.]+):\d+ -> [\d.]+:(?P<port>\d+))");
  spec.actions = {{"nope", Action::kDrop}};
  auto pattern = CustomPattern::Build(spec);
  ASSERT_TRUE(pattern.ok()) << pattern.status();
  Event event;
  ParseState state;
  TimeContext ctx;
  auto r = (*pattern)->Parse("2018-11-16T00:12:34+09:00 fw NOPE TCP 1.2.3.4:5 -> 5.6.7.8:23", ctx, state, event);
  ASSERT_TRUE(r.matched());
  EXPECT_EQ(event.action, Action::kDrop);
  EXPECT_EQ(event.proto, "tcp");
  EXPECT_EQ(event.src, "1.2.3.4");
  EXPECT_EQ(event.port, "23");
  EXPECT_EQ(event.time, 1542294754);
  EXPECT_EQ(event.matched_by, "mine");
}

TEST(CustomPatternTest, BadRegexIsReportedAtItsPosition) {
  auto pattern = CustomPattern::Build(Spec("(?P<src>[unclosed"));
  ASSERT_FALSE(pattern.ok());
  EXPECT_THAT(std::string(pattern.status().message()),
              HasSubstr("c.yaml:7:12: pattern \"mine\": bad regular expression"));
}

TEST(CustomPatternTest, UnknownGroupNameIsRejected) {
  auto pattern = CustomPattern::Build(Spec(R"((?P<src>\S+) (?P<colour>\S+))"));
  ASSERT_FALSE(pattern.ok());
  EXPECT_THAT(std::string(pattern.status().message()), HasSubstr("group \"colour\""));
}

TEST(CustomPatternTest, SourceGroupIsRequired) {
  auto pattern = CustomPattern::Build(Spec(R"((?P<port>\d+))"));
  ASSERT_FALSE(pattern.ok());
  EXPECT_THAT(std::string(pattern.status().message()), HasSubstr("(?P<src>"));
}

TEST(CustomPatternTest, ValuesPassTheSameChecksAsPresets) {
  auto pattern = CustomPattern::Build(Spec(R"(from (?P<src>\S+) to port (?P<port>\S+))"));
  ASSERT_TRUE(pattern.ok());
  Event event;
  ParseState state;
  EXPECT_EQ((*pattern)->Parse("from 1.2.3.999 to port 22", {}, state, event).reason, InvalidReason::kBadAddress);
  event.Clear();
  EXPECT_EQ((*pattern)->Parse("from 1.2.3.4 to port 70000", {}, state, event).reason, InvalidReason::kBadPort);
}

TEST(CustomPatternTest, AutoFormatFallsBackToCustomPatterns) {
  auto set = PatternSet::Build({Spec(R"(BLOCK (?P<src>\S+) (?P<proto>\w+)/(?P<port>\d+))")});
  ASSERT_TRUE(set.ok());
  auto parser = Parser::Build("auto", *set);
  ASSERT_TRUE(parser.ok());
  Event event;
  LogLine line;
  line.text = "BLOCK 1.2.3.4 tcp/22";
  ASSERT_TRUE(parser->Parse(line, {}, event).matched());
  EXPECT_EQ(event.matched_by, "mine");
  event.Clear();
  line.text = "DROP IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP SPT=1 DPT=22";
  ASSERT_TRUE(parser->Parse(line, {}, event).matched());
  EXPECT_EQ(event.matched_by, "netfilter");
}

TEST(CustomPatternTest, TimeGroupReadsEveryStampForm) {
  auto pattern = CustomPattern::Build(Spec(R"(^(?P<time>.+?) fw (?P<src>\S+) (?P<proto>\w+)/(?P<port>\d+))"));
  ASSERT_TRUE(pattern.ok()) << pattern.status();
  TimeContext ctx;
  ctx.now = 1774440000;  // 2026-03-25T12:00:00Z
  struct Case {
    const char* line;
    std::int64_t time;
  } cases[] = {
      {"2026-03-24T21:14:07+01:00 fw 1.2.3.4 tcp/22", 1774383247},  {"Mar 24 21:14:07 fw 1.2.3.4 tcp/22", 1774386847},
      {"Tue Mar 24 21:14:07 2026 fw 1.2.3.4 tcp/22", 1774386847},   {"1774386847 fw 1.2.3.4 tcp/22", 1774386847},
      {"24/Mar/2026:21:14:07 +0000 fw 1.2.3.4 tcp/22", 1774386847}, {"mar/24 21:14:07 fw 1.2.3.4 tcp/22", 1774386847},
  };
  for (const auto& c : cases) {
    Event event;
    ParseState state;
    ASSERT_TRUE((*pattern)->Parse(c.line, ctx, state, event).matched()) << c.line;
    EXPECT_TRUE(event.time_from_line) << c.line;
    EXPECT_EQ(event.time, c.time) << c.line;
  }
}

}  // namespace
}  // namespace fwlog
