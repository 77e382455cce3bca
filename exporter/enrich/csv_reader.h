// CsvReader: splits RFC 4180 text into records, one Next() call per record.
//
//   CsvReader csv(text, "services.csv");
//   std::vector<std::string> fields;
//   while (true) {
//     auto more = csv.Next(fields);       // error: "services.csv:12: ..."
//     if (!more.ok() || !*more) break;
//     ... fields, csv.record_line() ...
//   }
//
// Quoting is real CSV, not "split on commas and newlines": a field in double
// quotes may hold commas, line breaks and doubled quotes (`""` is one `"`), so
// one record can span several physical lines. Records end at LF or CRLF, and
// the last one may lack a terminator. Empty physical lines between records are
// skipped. Malformed input is an error with the file name and the 1-based line:
// a quote that is never closed (reported at the line that opened it), text
// after a closing quote, or a quote inside an unquoted field.
//
// A UTF-8 byte order mark at the start of the text is skipped. Header()
// reads the first record as a header and finds the columns a loader needs
// by name, so a reordered or extended export still loads.
//
// The text is borrowed and must outlive the reader. Not thread-safe; cheap to
// create. Used at load time only, so it favours clear errors over speed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace fwlog {

// `s` without the spaces and tabs around it (a CSV field, a list's line).
std::string_view TrimBlanks(std::string_view s);

class CsvReader {
 public:
  // `name` prefixes error messages (usually the file path).
  CsvReader(std::string_view text, std::string name);

  // Reads the next record into `fields` (replacing what it held; the
  // vector's and its strings' capacity are kept).
  // Returns true when a record was read, false at the end of the text.
  absl::StatusOr<bool> Next(std::vector<std::string>& fields);

  // Reads the first record as the header and finds each of `columns` in it
  // (fields compared without surrounding blanks): their positions, in the
  // order given. Errors: no record at all ("name:1: empty file: expected
  // <expected>"), a column missing ("missing column "X" in the header").
  absl::StatusOr<std::vector<std::size_t>> Header(const std::vector<std::string_view>& columns,
                                                  std::string_view expected);

  // Physical line (1-based) on which the last record read starts.
  int record_line() const { return record_line_; }

 private:
  absl::Status Error(int line, const std::string& message) const;

  std::string_view text_;
  std::string name_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int record_line_ = 0;
};

}  // namespace fwlog
