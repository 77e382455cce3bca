#include "core/utf8.h"

#include <gtest/gtest.h>

#include <string_view>

namespace fwlog {
namespace {

TEST(Utf8Test, AcceptsAsciiAndWellFormedSequencesOfEveryLength) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("DROP IN=ppp0"));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9"));                // U+00E9
  EXPECT_TRUE(IsValidUtf8("\xe6\x9d\xb1\xe4\xba\xac"));   // U+6771 U+4EAC
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x94\xa5"));           // U+1F525
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));           // U+10FFFF, the last code point
  EXPECT_TRUE(IsValidUtf8("\xed\x9f\xbf \xee\x80\x80"));  // either side of the surrogates
}

TEST(Utf8Test, RejectsWhatRfc3629Forbids) {
  for (const std::string_view bad : {
           std::string_view("\x80"),                  // a lone continuation byte
           std::string_view("\xc3"),                  // cut at the end
           std::string_view("\xe2\x82 x"),            // cut before a space
           std::string_view("\xc0\xaf"),              // overlong '/'
           std::string_view("\xe0\x80\xaf"),          // overlong, three bytes
           std::string_view("\xed\xa0\x80"),          // a surrogate (U+D800)
           std::string_view("\xf4\x90\x80\x80"),      // above U+10FFFF
           std::string_view("\xf8\x88\x80\x80\x80"),  // five-byte form
           std::string_view("\xff"),
       }) {
    EXPECT_FALSE(IsValidUtf8(bad)) << testing::PrintToString(std::string(bad));
  }
}

TEST(Utf8Test, SequenceLengthIsZeroWhereNoCharacterStarts) {
  constexpr std::string_view kText = "a\xc3\xa9\xe6\x9d\xb1\x80";
  EXPECT_EQ(Utf8SequenceLength(kText, 0), 1u);
  EXPECT_EQ(Utf8SequenceLength(kText, 1), 2u);
  EXPECT_EQ(Utf8SequenceLength(kText, 3), 3u);
  EXPECT_EQ(Utf8SequenceLength(kText, 2), 0u);  // inside é
  EXPECT_EQ(Utf8SequenceLength(kText, 6), 0u);
}

}  // namespace
}  // namespace fwlog
