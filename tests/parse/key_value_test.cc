#include "parse/key_value.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace fwlog {
namespace {

// A pair as the test writes it: key, value, and "q" (quoted), "e" (escaped),
// "cut" (not closed) flags.
struct Pair {
  std::string key, value;
  std::string flags;
  bool operator==(const Pair&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Pair& p) {
  return out << p.key << "=[" << p.value << "]" << (p.flags.empty() ? "" : " " + p.flags);
}

std::vector<Pair> ReadAll(std::string_view text, KeyValueReader::Syntax syntax = {}) {
  std::vector<Pair> pairs;
  KeyValueReader reader(text, syntax);
  KeyValue kv;
  while (reader.Next(kv)) {
    std::string flags;
    if (kv.quoted) flags += "q";
    if (kv.escaped) flags += "e";
    if (!kv.closed) flags += "cut";
    pairs.push_back({std::string(kv.key), std::string(kv.value), flags});
  }
  return pairs;
}

struct ReaderCase {
  std::string_view name;
  std::string_view text;
  KeyValueReader::Syntax syntax;
  std::vector<Pair> want;
};

TEST(KeyValueReaderTest, ReadsEachDialect) {
  const std::vector<ReaderCase> cases = {
      {"unquoted", "a=1 bb=two c=3.4.5.6", {}, {{"a", "1", ""}, {"bb", "two", ""}, {"c", "3.4.5.6", ""}}},
      {"quoted with spaces", R"(msg="a b  c" x=1)", {}, {{"msg", "a b  c", "q"}, {"x", "1", ""}}},
      {"empty values", R"(a= b="" c=)", {}, {{"a", "", ""}, {"b", "", "q"}, {"c", "", ""}}},
      {"escaped quote and backslash",
       R"(p="say \"hi\"" f="C:\\dir" n=1)",
       {},
       {{"p", R"(say \"hi\")", "qe"}, {"f", R"(C:\\dir)", "qe"}, {"n", "1", ""}}},
      {"separator inside a quoted value", R"(url="/a?b=c&d=e" k=v)", {}, {{"url", "/a?b=c&d=e", "q"}, {"k", "v", ""}}},
      {"words without a separator are skipped",
       "2026 Mar date=x time=10: 13:03 dev=y",
       {},
       {{"date", "x", ""}, {"time", "10:", ""}, {"dev", "y", ""}}},
      {"a key glued to a closing quote",
       R"(a="x"th="y z" b=1)",
       {},
       {{"a", "x", "q"}, {"th", "y z", "q"}, {"b", "1", ""}}},
      {"doubled spaces and tabs", "id=fw  sn=1\tm=2", {}, {{"id", "fw", ""}, {"sn", "1", ""}, {"m", "2", ""}}},
      {"key characters",
       "source-address=1 a.b=2 x_y=3 z@w=4",
       {},
       {{"source-address", "1", ""}, {"a.b", "2", ""}, {"x_y", "3", ""}, {"z@w", "4", ""}}},
      {"no key before the separator", R"(="x" = y k=v)", {}, {{"k", "v", ""}}},
      {"unclosed quote runs to the end and is cut",
       R"(a=1 name="Lan to W)",
       {},
       {{"a", "1", ""}, {"name", "Lan to W", "qcut"}}},
      {"an escaped quote does not close", R"(a="x\")", {}, {{"a", R"(x\")", "qecut"}}},
      {"unquoted value at the end is whole", "a=1 b=22", {}, {{"a", "1", ""}, {"b", "22", ""}}},
      {"check point record",
       R"(action:"Drop"; src:"192.0.2.1"; x:"a\]b"; ])",
       {.separator = ':', .stop = ']'},
       {{"action", "Drop", "q"}, {"src", "192.0.2.1", "q"}, {"x", R"(a\]b)", "qe"}}},
      {"check point unquoted value ends at ;", "a:1;b:2", {.separator = ':'}, {{"a", "1", ""}, {"b", "2", ""}}},
      {"sd element stops at ]",
       R"(junos@2636.1 source-address="a" reason="x y"] tail=1)",
       {.separator = '=', .stop = ']'},
       {{"source-address", "a", "q"}, {"reason", "x y", "q"}}},
      {"sd value with an escaped ]",
       R"(a="p\]q" b="r"])",
       {.separator = '=', .stop = ']'},
       {{"a", R"(p\]q)", "qe"}, {"b", "r", "q"}}},
      {"empty text", "", {}, {}},
      {"only words", "no pairs here", {}, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ReadAll(c.text, c.syntax), c.want);
  }
}

TEST(KeyValueReaderTest, RestIsWhatFollowsTheStopByte) {
  KeyValueReader reader(R"(a="1" b="2"] after)", {.separator = '=', .stop = ']'});
  KeyValue kv;
  int pairs = 0;
  while (reader.Next(kv)) ++pairs;
  EXPECT_EQ(pairs, 2);
  EXPECT_TRUE(reader.stopped());
  EXPECT_EQ(reader.rest(), " after");
  KeyValueReader unstopped("a=1");
  while (unstopped.Next(kv)) {
  }
  EXPECT_FALSE(unstopped.stopped());
  EXPECT_EQ(unstopped.rest(), "");
}

TEST(KeyValueReaderTest, UnescapeResolvesBackslashes) {
  std::string buffer;
  EXPECT_EQ(Unescape(R"(say \"hi\")", buffer), R"(say "hi")");
  EXPECT_EQ(Unescape(R"(C:\\dir \] x)", buffer), R"(C:\dir ] x)");
  EXPECT_EQ(Unescape("plain", buffer), "plain");
  EXPECT_EQ(Unescape(R"(end\)", buffer), R"(end\)");
}

}  // namespace
}  // namespace fwlog
