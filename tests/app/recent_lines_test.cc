#include "app/recent_lines.h"

#include <gtest/gtest.h>

#include <string>

namespace fwlog {
namespace {

TEST(RecentLinesTest, SecondCopyOfALineIsSeen) {
  RecentLines recent(4);
  EXPECT_FALSE(recent.Seen("a"));
  EXPECT_FALSE(recent.Seen("b"));
  EXPECT_TRUE(recent.Seen("a"));
  EXPECT_TRUE(recent.Seen("b"));
}

TEST(RecentLinesTest, ALineOlderThanTheWindowIsNew) {
  RecentLines recent(2);
  EXPECT_FALSE(recent.Seen("a"));
  EXPECT_FALSE(recent.Seen("b"));
  EXPECT_FALSE(recent.Seen("c"));  // pushes "a" out
  EXPECT_FALSE(recent.Seen("a"));
  EXPECT_TRUE(recent.Seen("c"));
}

TEST(RecentLinesTest, ManyLinesKeepTheWindowExact) {
  RecentLines recent(100);
  for (int i = 0; i < 1000; ++i) EXPECT_FALSE(recent.Seen("line " + std::to_string(i)));
  for (int i = 900; i < 1000; ++i) EXPECT_TRUE(recent.Seen("line " + std::to_string(i))) << i;
  EXPECT_FALSE(recent.Seen("line 0"));
}

}  // namespace
}  // namespace fwlog
