#include "parse/memo.h"

#include <gtest/gtest.h>

#include <string>

namespace fwlog {
namespace {

TEST(MemoTest, AnswersOnlyForTheBytesItKept) {
  Memo<8, int> memo;
  EXPECT_EQ(memo.ForSame(""), nullptr);  // nothing kept: not even the empty text
  EXPECT_EQ(memo.ForStartOf(""), nullptr);
  EXPECT_EQ(memo.ForStartOf(std::string(100, 'a')), nullptr);
  ASSERT_TRUE(memo.Keep("", 1));
  ASSERT_NE(memo.ForSame(""), nullptr);
  EXPECT_EQ(*memo.ForStartOf("abc"), 1);
  ASSERT_TRUE(memo.Keep("DROP ", 2));
  EXPECT_EQ(*memo.ForSame("DROP "), 2);
  EXPECT_EQ(memo.ForSame("DROP"), nullptr);
  EXPECT_EQ(memo.ForSame("DROPX"), nullptr);
  EXPECT_EQ(*memo.ForStartOf("DROP IN=ppp0"), 2);
  EXPECT_EQ(memo.ForStartOf("DROP"), nullptr);
  EXPECT_FALSE(memo.Keep("123456789", 3));  // longer than 8: what was kept stays
  EXPECT_EQ(*memo.ForSame("DROP "), 2);
}

}  // namespace
}  // namespace fwlog
