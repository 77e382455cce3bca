// Table-driven checks for the vendor presets: each case is one line and what
// the preset must make of it, checked through Parser::Parse with the preset
// named and with `auto` (which must agree), in UTC at the fixed receive time
// of parse_helper.h.
#pragma once

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <string_view>

#include "absl/time/time.h"
#include "parse_helper.h"

namespace fwlog {

// A matched line's fields; every one is compared (empty means empty).
struct VendorEvent {
  std::string_view action, rule, in, out, proto, src, sport, dst, port;
  std::string_view host = {};
  std::string_view time = "receive";  // RFC 3339 in UTC, or "receive"
  std::string_view tcp_flags = {};
};

struct VendorCase {
  std::string_view name;
  std::string_view line;
  ParseResult::Status status = ParseResult::Status::kMatched;
  InvalidReason reason = InvalidReason::kMissingField;  // for kInvalid
  VendorEvent want = {};
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

inline void ExpectVendorCase(std::string_view format, const VendorCase& c) {
  for (const std::string_view parser : {format, std::string_view("auto")}) {
    SCOPED_TRACE(std::string(c.name) + " with --format=" + std::string(parser));
    Event e;
    const ParseResult r = ParseOne(parser, c.line, e);
    ASSERT_EQ(StatusName(r.status), StatusName(c.status)) << "reason " << InvalidReasonName(r.reason);
    if (r.status == ParseResult::Status::kInvalid) {
      EXPECT_EQ(InvalidReasonName(r.reason), InvalidReasonName(c.reason));
    }
    if (r.status != ParseResult::Status::kMatched) continue;
    const VendorEvent& w = c.want;
    EXPECT_EQ(e.matched_by, format);
    EXPECT_EQ(ActionName(e.action), w.action);
    EXPECT_EQ(e.rule, w.rule);
    EXPECT_EQ(e.in, w.in);
    EXPECT_EQ(e.out, w.out);
    EXPECT_EQ(e.proto, w.proto);
    EXPECT_EQ(e.src, w.src);
    EXPECT_EQ(e.sport, w.sport);
    EXPECT_EQ(e.dst, w.dst);
    EXPECT_EQ(e.port, w.port);
    EXPECT_EQ(e.host, w.host);
    EXPECT_EQ(EventTime(e), w.time);
    EXPECT_EQ(e.tcp_flags, w.tcp_flags);
    EXPECT_EQ(e.family, e.src.find(':') == std::string_view::npos ? "ipv4" : "ipv6");
  }
}

inline void ExpectVendorCases(std::string_view format, std::span<const VendorCase> cases) {
  for (const VendorCase& c : cases) ExpectVendorCase(format, c);
}

}  // namespace fwlog
