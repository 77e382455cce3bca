#include "parse/word_template.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace fwlog {
namespace {

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto end = std::min(text.find(' ', i), text.size());
    if (end > i) words.push_back(text.substr(i, end - i));
    i = end + 1;
  }
  return words;
}

struct Case {
  const char* name;
  const char* wording;
  const char* text;
  bool matches;
  const char* src;  // the {src} capture, when it matches
  const char* dst;
};

const Case kCases[] = {
    {"Literals", "Deny inbound {proto} from {src} to {dst}", "Deny inbound UDP from a to b", true, "a", "b"},
    {"LiteralIsCaseSensitive", "Deny {proto} from {src} to {dst}", "deny UDP from a to b", false, "", ""},
    {"WordsAfterTheLastItemAreIgnored", "Deny {proto} from {src} to {dst}", "Deny UDP from a to b on interface x", true,
     "a", "b"},
    {"SkipTakesAsFewWordsAsWillDo", "from {src} ... to {dst}", "from a (b) (c) to d to e", true, "a", "d"},
    {"SkipMayTakeNone", "from {src} ... to {dst}", "from a to d", true, "a", "d"},
    {"SkipBacktracksPastAFalseStart", "from {src} ... to {dst} is {verdict}", "from a to b x to c is dropped", true,
     "a", "c"},
    {"OptionalPresent", "Deny [protocol] {proto} src {src} dst {dst}", "Deny protocol 47 src a dst b", true, "a", "b"},
    {"OptionalAbsent", "Deny [protocol] {proto} src {src} dst {dst}", "Deny tcp src a dst b", true, "a", "b"},
    {"OptionalCaptureBacktracks", "src {src} [{sport}] dest {dst} [{dport}]", "src a dest b", true, "a", "b"},
    {"OneOf", "{verdict} inbound|outbound {proto} src {src} dst {dst}", "Deny outbound icmp src a dst b", true, "a",
     "b"},
    {"OneOfMisses", "{verdict} inbound|outbound {proto} src {src} dst {dst}", "Deny sideways icmp src a dst b", false,
     "", ""},
    {"PrefixWord", "Denied {proto} type=* [code=*] from {src} to {dst}", "Denied ICMP type=8, from a to b", true, "a",
     "b"},
    {"CaptureAfterALiteralBeginning", "field for protocol={proto} from {src} to {dst}",
     "field for protocol=UDP, from a to b", true, "a", "b"},
    {"TooFewWords", "Deny {proto} from {src} to {dst}", "Deny UDP from a to", false, "", ""},
};

class WordTemplateTest : public ::testing::TestWithParam<Case> {};

TEST_P(WordTemplateTest, Matches) {
  const Case& c = GetParam();
  const WordTemplate t(c.wording);
  ASSERT_TRUE(t.ok());
  const auto words = Words(c.text);
  Captures captures;
  EXPECT_EQ(t.Match(words, captures), c.matches);
  if (c.matches) {
    EXPECT_EQ(captures[Capture::kSrc], c.src);
    EXPECT_EQ(captures[Capture::kDst], c.dst);
  }
}

INSTANTIATE_TEST_SUITE_P(Wordings, WordTemplateTest, ::testing::ValuesIn(kCases),
                         [](const auto& p) { return std::string(p.param.name); });

TEST(WordTemplateTest, CapturesTheNamedWords) {
  const WordTemplate t("protocol={proto} {verdict} src {src} [{sport}] dest {dst} [{dport}] list {rule}");
  ASSERT_TRUE(t.ok());
  const auto words = Words("protocol=TCP, denied src a 1 dest b 2 list acl");
  Captures c;
  ASSERT_TRUE(t.Match(words, c));
  EXPECT_EQ(c[Capture::kProto], "TCP,");
  EXPECT_EQ(c[Capture::kVerdict], "denied");
  EXPECT_EQ(c[Capture::kSport], "1");
  EXPECT_EQ(c[Capture::kDport], "2");
  EXPECT_EQ(c[Capture::kRule], "acl");
}

TEST(WordTemplateTest, AFailedOptionalLeavesNoCapture) {
  const WordTemplate t("src {src} [{sport}] dest {dst}");
  const auto words = Words("src a dest b");
  Captures c;
  ASSERT_TRUE(t.Match(words, c));
  EXPECT_EQ(c[Capture::kSport], "");
}

TEST(WordTemplateTest, BadWordingsAreNotOk) {
  EXPECT_FALSE(WordTemplate("Deny {protocol} from {src}").ok());  // unknown capture name
  EXPECT_FALSE(WordTemplate("Deny [...] {src}").ok());            // optional skip
  EXPECT_FALSE(WordTemplate("Deny [tcp {src}").ok());             // unbalanced
  const auto words = Words("Deny tcp from a");
  Captures c;
  EXPECT_FALSE(WordTemplate("Deny {protocol} from {src}").Match(words, c));
}

}  // namespace
}  // namespace fwlog
