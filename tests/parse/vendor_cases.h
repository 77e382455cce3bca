// Table-driven checks for the presets: a VendorCase is one line and what the
// preset must make of it, named after the behaviour it shows.
// ExpectVendorCase checks it through Parser::Parse with the preset named and
// with `auto` (which must agree), in UTC at the fixed receive time of
// parse_helper.h; tests of one preset alone check kMatched cases with
// PresetTest::Parse and ExpectEvent.
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "parse_helper.h"

namespace fwlog {

struct VendorCase {
  std::string_view name;
  std::string_view line;
  ParseResult::Status status = ParseResult::Status::kMatched;
  InvalidReason reason = InvalidReason::kMissingField;  // for kInvalid
  VendorEvent want = {};
};

// gtest prints a parameterised case by its name.
inline void PrintTo(const VendorCase& c, std::ostream* os) { *os << c.name; }

// With `header` given, each parser reads that line first (and must not count
// it), as a log file's header comes before its records.
inline void ExpectVendorCase(std::string_view format, const VendorCase& c, std::string_view header = {}) {
  for (const std::string_view parser : {format, std::string_view("auto")}) {
    SCOPED_TRACE(std::string(c.name) + " with --format=" + std::string(parser));
    InputParser input(parser);
    Event e;
    if (!header.empty()) {
      ASSERT_EQ(StatusName(input.Feed(header, e).status), StatusName(ParseResult::Status::kUnmatched));
    }
    const ParseResult r = input.Feed(c.line, e);
    ASSERT_EQ(StatusName(r.status), StatusName(c.status)) << "reason " << InvalidReasonName(r.reason);
    if (r.status == ParseResult::Status::kInvalid) {
      EXPECT_EQ(InvalidReasonName(r.reason), InvalidReasonName(c.reason));
    }
    if (r.status == ParseResult::Status::kMatched) ExpectEvent(e, format, c.want);
  }
}

inline void ExpectVendorCases(std::string_view format, std::span<const VendorCase> cases) {
  for (const VendorCase& c : cases) ExpectVendorCase(format, c);
}

}  // namespace fwlog
