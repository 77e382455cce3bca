#include "enrich/csv_reader.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fwlog {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// All records of `text`, or the first error's message.
std::vector<std::vector<std::string>> ReadAll(std::string_view text, std::string* error = nullptr) {
  CsvReader csv(text, "t.csv");
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  while (true) {
    auto more = csv.Next(fields);
    if (!more.ok()) {
      if (error != nullptr) *error = std::string(more.status().message());
      break;
    }
    if (!*more) break;
    records.push_back(fields);
  }
  return records;
}

TEST(CsvReaderTest, SplitsFieldsOnCommas) {
  EXPECT_THAT(ReadAll("a,b,,d\n"), ElementsAre(ElementsAre("a", "b", "", "d")));
}

TEST(CsvReaderTest, EachRecordHasOnlyItsOwnFieldsWhateverTheRecordBefore) {
  // Fields are reused from record to record: a shorter record, or a shorter
  // or empty field, must not keep anything of the one before.
  EXPECT_THAT(ReadAll("a long first field of many bytes,\"quoted, long\",c,d\n"
                      "x\n"
                      ",y\n"
                      "\"\",,\"z\"\"\",w,v\n"),
              ElementsAre(ElementsAre("a long first field of many bytes", "quoted, long", "c", "d"), ElementsAre("x"),
                          ElementsAre("", "y"), ElementsAre("", "", "z\"", "w", "v")));
}

TEST(CsvReaderTest, QuotedFieldKeepsCommas) {
  EXPECT_THAT(ReadAll("\"a,b\",c\n"), ElementsAre(ElementsAre("a,b", "c")));
}

TEST(CsvReaderTest, DoubledQuoteIsOneQuote) {
  EXPECT_THAT(ReadAll("\"say \"\"hi\"\"\",\"\"\"\"\n"), ElementsAre(ElementsAre("say \"hi\"", "\"")));
}

TEST(CsvReaderTest, QuotedFieldSpansLines) {
  EXPECT_THAT(ReadAll("x,\"one\ntwo\",y\nnext\n"), ElementsAre(ElementsAre("x", "one\ntwo", "y"), ElementsAre("next")));
}

TEST(CsvReaderTest, CrlfEndsRecords) {
  EXPECT_THAT(ReadAll("a,b\r\nc,d\r\n"), ElementsAre(ElementsAre("a", "b"), ElementsAre("c", "d")));
}

TEST(CsvReaderTest, CrlfInsideQuotesIsKept) {
  EXPECT_THAT(ReadAll("\"a\r\nb\",c\r\n"), ElementsAre(ElementsAre("a\r\nb", "c")));
}

TEST(CsvReaderTest, ALoneCarriageReturnIsPartOfAnUnquotedField) {
  EXPECT_THAT(ReadAll("a\rb,\rc\r,d\r\ne"), ElementsAre(ElementsAre("a\rb", "\rc\r", "d"), ElementsAre("e")));
}

TEST(CsvReaderTest, LastRecordNeedsNoTerminator) {
  EXPECT_THAT(ReadAll("a,b\nc,d"), ElementsAre(ElementsAre("a", "b"), ElementsAre("c", "d")));
}

TEST(CsvReaderTest, EmptyLinesAreSkipped) {
  EXPECT_THAT(ReadAll("\na\n\r\n\nb\n\n"), ElementsAre(ElementsAre("a"), ElementsAre("b")));
}

TEST(CsvReaderTest, RecordLineCountsPhysicalLines) {
  CsvReader csv("h\n\"1\n2\n3\"\n\nlast\n", "t.csv");
  std::vector<std::string> fields;
  ASSERT_TRUE(*csv.Next(fields));
  EXPECT_EQ(csv.record_line(), 1);
  ASSERT_TRUE(*csv.Next(fields));
  EXPECT_EQ(csv.record_line(), 2);
  ASSERT_TRUE(*csv.Next(fields));
  EXPECT_EQ(csv.record_line(), 6);
  EXPECT_FALSE(*csv.Next(fields));
}

TEST(CsvReaderTest, UnterminatedQuoteReportsTheLineThatOpenedIt) {
  std::string error;
  ReadAll("a,b\nc,\"open\nstill open\n", &error);
  EXPECT_THAT(error, HasSubstr("t.csv:2: unterminated quoted field"));
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsAnError) {
  std::string error;
  ReadAll("ok\n\"a\"b,c\n", &error);
  EXPECT_THAT(error, HasSubstr("t.csv:2: unexpected character 'b' after a closing quote"));
}

TEST(CsvReaderTest, QuoteInsideUnquotedFieldIsAnError) {
  std::string error;
  ReadAll("ab\"c\n", &error);
  EXPECT_THAT(error, HasSubstr("t.csv:1: quote inside an unquoted field"));
}

}  // namespace
}  // namespace fwlog
