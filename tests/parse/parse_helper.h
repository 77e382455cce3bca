// Shared set-up of the parse tests.
//
// ParseOne: runs one line through a Parser of the given format, as the
// pipeline does, with a fixed receive time (2026-03-25T12:00:00Z) in UTC
// unless a context is given. InputParser: one input whose lines go through
// one Parser in order (for presets that keep state, such as a header).
// PresetTest: a fixture whose Parse(text) reads one line into `event`.
// CaseName: names a parameterised case after its `name`.
// VendorEvent and ExpectEvent: every field of a matched event against what a
// case wants. NotCounted and ExpectNotCounted: lines a preset must leave
// unmatched or call invalid, for a reason.
#pragma once

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <string_view>

#include "absl/time/time.h"
#include "parse/parser.h"

namespace fwlog {

inline constexpr std::int64_t kReceiveTime = 1774440000;  // 2026-03-25T12:00:00Z

inline TimeContext UtcAtReceiveTime() {
  TimeContext ctx;
  ctx.now = kReceiveTime;
  return ctx;
}

inline ParseResult ParseOne(std::string_view format, std::string_view text, Event& event,
                            const TimeContext& ctx = UtcAtReceiveTime()) {
  event.Clear();
  auto parser = Parser::Build(std::string(format), nullptr);
  EXPECT_TRUE(parser.ok()) << parser.status();
  LogLine line;
  line.text = text;
  line.receive_time = ctx.now;
  return parser->Parse(line, ctx, event);
}

// One input: its lines go through one Parser, in order, in UTC at kReceiveTime.
class InputParser {
 public:
  explicit InputParser(std::string_view format) : parser_(*Parser::Build(std::string(format), nullptr)) {}
  ParseResult Feed(std::string_view text, Event& event) {
    event.Clear();
    LogLine line;
    line.text = text;
    line.receive_time = ctx_.now;
    return parser_.Parse(line, ctx_, event);
  }

 private:
  Parser parser_;
  TimeContext ctx_ = UtcAtReceiveTime();
};

// A fixture for one preset's tests: Parse(text) reads one line into `event`
// (in UTC at kReceiveTime unless a context is given).
class PresetTest : public ::testing::Test {
 protected:
  explicit PresetTest(std::string_view format, TimeContext ctx = UtcAtReceiveTime()) : format_(format), ctx_(ctx) {}
  ParseResult Parse(std::string_view text) { return ParseOne(format_, text, event, ctx_); }
  std::string_view format() const { return format_; }
  Event event;

 private:
  std::string_view format_;
  TimeContext ctx_;
};

// Names each case of a parameterised test after its `name` field.
struct CaseName {
  template <class Param>
  std::string operator()(const ::testing::TestParamInfo<Param>& p) const {
    return std::string(p.param.name);
  }
};

// A matched line's fields; every one is compared (empty means empty).
struct VendorEvent {
  std::string_view action, rule, in, out, proto, src, sport, dst, port;
  std::string_view host = {};
  std::string_view time = "receive";  // RFC 3339 in UTC, or "receive"
  std::string_view tcp_flags = {};
};

inline std::string_view StatusName(ParseResult::Status s) {
  switch (s) {
    case ParseResult::Status::kMatched:
      return "matched";
    case ParseResult::Status::kUnmatched:
      return "unmatched";
    case ParseResult::Status::kInvalid:
      return "invalid";
  }
  return "?";
}

inline std::string EventTime(const Event& e) {
  if (!e.time_from_line) return "receive";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", absl::FromUnixSeconds(e.time) + absl::Nanoseconds(e.time_nanos),
                          absl::UTCTimeZone());
}

// Every field of `e` against `want`, and the family against the source
// address; `matched_by` is the preset that must have read the line.
inline void ExpectEvent(const Event& e, std::string_view matched_by, const VendorEvent& want) {
  EXPECT_EQ(e.matched_by, matched_by);
  EXPECT_EQ(ActionName(e.action), want.action);
  EXPECT_EQ(e.rule, want.rule);
  EXPECT_EQ(e.in, want.in);
  EXPECT_EQ(e.out, want.out);
  EXPECT_EQ(e.proto, want.proto);
  EXPECT_EQ(e.src, want.src);
  EXPECT_EQ(e.sport, want.sport);
  EXPECT_EQ(e.dst, want.dst);
  EXPECT_EQ(e.port, want.port);
  EXPECT_EQ(e.host, want.host);
  EXPECT_EQ(EventTime(e), want.time);
  EXPECT_EQ(e.tcp_flags, want.tcp_flags);
  EXPECT_EQ(e.family, e.src.find(':') == std::string_view::npos ? "ipv4" : "ipv6");
}

// A line a preset does not count: unmatched, or invalid for a reason.
struct NotCounted {
  std::string_view name;
  std::string_view line;
  ParseResult::Status status = ParseResult::Status::kInvalid;
  InvalidReason reason = InvalidReason::kMissingField;  // for kInvalid
};

inline void ExpectNotCounted(std::string_view format, std::span<const NotCounted> cases) {
  for (const NotCounted& c : cases) {
    SCOPED_TRACE(c.name);
    Event event;
    const ParseResult r = ParseOne(format, c.line, event);
    EXPECT_EQ(StatusName(r.status), StatusName(c.status));
    if (c.status == ParseResult::Status::kInvalid) {
      EXPECT_EQ(InvalidReasonName(r.reason), InvalidReasonName(c.reason));
    }
  }
}

}  // namespace fwlog
