#include "metrics/label_value.h"

#include <gtest/gtest.h>

namespace fwlog {
namespace {

TEST(LabelValueTest, ValidUtf8IsKept) { EXPECT_EQ(SanitizeLabelValue("ok ÄÖ 東京"), "ok ÄÖ 東京"); }

TEST(LabelValueTest, InvalidBytesBecomeReplacementCharacters) {
  EXPECT_EQ(SanitizeLabelValue("a\xff"
                               "b\xc3"),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
  EXPECT_EQ(SanitizeLabelValue("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
}

TEST(LabelValueTest, LongValuesAreCutAtACharacterBoundary) {
  const std::string long_value(300, 'x');
  EXPECT_EQ(SanitizeLabelValue(long_value).size(), kMaxLabelValueBytes);
  EXPECT_EQ(SanitizeLabelValue("ab東", 4), "ab");
}

}  // namespace
}  // namespace fwlog
