#include "enrich/csv_reader.h"

#include <utility>

namespace fwlog {

std::string_view TrimBlanks(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

CsvReader::CsvReader(std::string_view text, std::string name) : text_(text), name_(std::move(name)) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);  // UTF-8 byte order mark
}

absl::StatusOr<std::vector<std::size_t>> CsvReader::Header(const std::vector<std::string_view>& columns,
                                                           std::string_view expected) {
  std::vector<std::string> fields;
  auto more = Next(fields);
  if (!more.ok()) return more.status();
  if (!*more) return Error(1, "empty file: expected " + std::string(expected));
  std::vector<std::size_t> found;
  for (const std::string_view column : columns) {
    std::size_t i = 0;
    while (i < fields.size() && TrimBlanks(fields[i]) != column) ++i;
    if (i == fields.size()) return Error(record_line_, "missing column \"" + std::string(column) + "\" in the header");
    found.push_back(i);
  }
  return found;
}

absl::Status CsvReader::Error(int line, const std::string& message) const {
  return absl::InvalidArgumentError(name_ + ":" + std::to_string(line) + ": " + message);
}

absl::StatusOr<bool> CsvReader::Next(std::vector<std::string>& fields) {
  const std::size_t size = text_.size();
  // True when the text at `at` ends a record (LF or CRLF); sets `width`.
  const auto terminator = [&](std::size_t at, std::size_t& width) {
    if (text_[at] == '\n') {
      width = 1;
      return true;
    }
    if (text_[at] == '\r' && at + 1 < size && text_[at + 1] == '\n') {
      width = 2;
      return true;
    }
    return false;
  };

  std::size_t width = 0;
  while (pos_ < size && terminator(pos_, width)) {  // empty lines
    pos_ += width;
    ++line_;
  }
  if (pos_ >= size) {
    fields.clear();
    return false;
  }

  // The strings of the record before are reused (their capacity kept): a
  // registry of 14 000 rows with long descriptions then allocates a few
  // times instead of once per long field.
  std::size_t used = 0;
  const auto next_field = [&fields, &used] {
    if (used == fields.size())
      fields.emplace_back();
    else
      fields[used].clear();
    ++used;
  };
  const auto field = [&fields, &used]() -> std::string& { return fields[used - 1]; };
  record_line_ = line_;
  next_field();
  enum class State { kFieldStart, kUnquoted, kQuoted, kAfterQuote };
  State state = State::kFieldStart;
  int quote_line = 0;
  while (pos_ < size) {
    const char c = text_[pos_];
    if (state == State::kQuoted) {
      if (c == '"') {
        if (pos_ + 1 < size && text_[pos_ + 1] == '"') {
          field() += '"';
          pos_ += 2;
        } else {
          state = State::kAfterQuote;
          ++pos_;
        }
        continue;
      }
      // Copy the run up to the next quote in one go; count its line breaks.
      std::size_t end = text_.find('"', pos_);
      if (end == std::string_view::npos) end = size;
      const auto run = text_.substr(pos_, end - pos_);
      for (char r : run) line_ += r == '\n' ? 1 : 0;
      field().append(run);
      pos_ = end;
      continue;
    }
    if (terminator(pos_, width)) {
      pos_ += width;
      ++line_;
      fields.resize(used);
      return true;
    }
    if (c == ',') {
      next_field();
      state = State::kFieldStart;
      ++pos_;
      continue;
    }
    if (state == State::kAfterQuote) {
      return Error(line_, std::string("unexpected character '") + c + "' after a closing quote");
    }
    if (c == '"') {
      if (state == State::kUnquoted) return Error(line_, "quote inside an unquoted field");
      state = State::kQuoted;
      quote_line = line_;
      ++pos_;
      continue;
    }
    // A plain byte: copy it and the plain bytes after it in one go (a
    // lone '\r' is plain; the next one is looked at again above).
    state = State::kUnquoted;
    std::size_t end = pos_ + 1;
    while (end < size && text_[end] != ',' && text_[end] != '\n' && text_[end] != '\r' && text_[end] != '"') ++end;
    field().append(text_.substr(pos_, end - pos_));
    pos_ = end;
  }
  if (state == State::kQuoted) return Error(quote_line, "unterminated quoted field (the quote opens here)");
  fields.resize(used);
  return true;
}

}  // namespace fwlog
