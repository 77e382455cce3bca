// ParseOne: runs one line through a Parser of the given format, as the
// pipeline does, with a fixed receive time (2026-03-25T12:00:00Z) in UTC
// unless a context is given.
#pragma once

#include <gtest/gtest.h>

#include <string_view>

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

}  // namespace fwlog
