#include "parse/vendor_fields.h"

#include <gtest/gtest.h>

#include <string>

#include "vendor_cases.h"

namespace fwlog {
namespace {

TEST(VendorTimeTest, EpochDigitsAreSecondsOrFractions) {
  const struct {
    std::string_view digits;
    std::string_view want;  // "" for not a stamp
  } cases[] = {
      {"1774347302", "2026-03-24T10:15:02Z"},
      {"1774347302123", "2026-03-24T10:15:02.123Z"},
      {"1774347302123456", "2026-03-24T10:15:02.123456Z"},
      {"1774347302123456789", "2026-03-24T10:15:02.123456789Z"},
      {"177434730", ""},
      {"17743473021", ""},
      {"17743473x2", ""},
      {"", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.digits);
    Event e;
    EXPECT_EQ(SetEpochTime(e, c.digits), !c.want.empty());
    if (!c.want.empty()) {
      EXPECT_EQ(EventTime(e), c.want);
    }
  }
}

TEST(VendorTimeTest, CivilDateAndClockWithOptionalOffset) {
  TimeContext berlin = UtcAtReceiveTime();
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Berlin", &berlin.zone));
  const struct {
    std::string_view date, clock, offset, want;
  } cases[] = {
      {"2026-03-24", "10:15:02", "", "2026-03-24T09:15:02Z"},  // the input's zone: CET
      {"2026:03:24", "10:15:02", "", "2026-03-24T09:15:02Z"},  // Sophos UTM's spelling
      {"2026-03-24", "10:15:02", "+0200", "2026-03-24T08:15:02Z"},
      {"2026-03-24", "10:15:02", "-07:00", "2026-03-24T17:15:02Z"},
      {"2026-03-24", "10:15:02", "UTC", "2026-03-24T10:15:02Z"},
      {"2026-03-24", "10:15:02", "CET", ""},
      {"2026-13-24", "10:15:02", "", ""},
      {"2026-03-24", "25:15:02", "", ""},
      {"2026-03-24", "10: 13:0", "", ""},
      {"20260324", "10:15:02", "", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.date) + " " + std::string(c.clock) + " " + std::string(c.offset));
    Event e;
    EXPECT_EQ(SetCivilTime(e, c.date, c.clock, c.offset, berlin), !c.want.empty());
    if (!c.want.empty()) {
      EXPECT_EQ(EventTime(e), c.want);
    }
  }
}

TEST(VendorFieldsTest, PlaceholdersAndVerdictWords) {
  for (std::string_view v : {"", "N/A", "n/a", "(null)", "none", "-"}) EXPECT_TRUE(Placeholder(v)) << v;
  for (std::string_view v : {"wan1", "NA", "0"}) EXPECT_FALSE(Placeholder(v)) << v;
  EXPECT_TRUE(SameWord("DENY", "deny"));
  EXPECT_TRUE(SameWord("Client-RST", "client-rst"));
  EXPECT_FALSE(SameWord("denyx", "deny"));
}

}  // namespace
}  // namespace fwlog
