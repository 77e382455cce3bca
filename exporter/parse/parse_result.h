// ParseResult: what a format parser made of one line — a packet (the Event is
// filled), not its kind of line (unmatched), or its kind but unusable
// (invalid, with the reason that becomes fwlog_lines_invalid_total{reason}).
#pragma once

#include "core/event.h"

namespace fwlog {

struct ParseResult {
  enum class Status : std::uint8_t { kMatched, kUnmatched, kInvalid };
  Status status = Status::kUnmatched;
  InvalidReason reason = InvalidReason::kMissingField;

  static ParseResult Matched() { return {Status::kMatched, InvalidReason::kMissingField}; }
  static ParseResult Unmatched() { return {Status::kUnmatched, InvalidReason::kMissingField}; }
  static ParseResult Invalid(InvalidReason r) { return {Status::kInvalid, r}; }
  bool matched() const { return status == Status::kMatched; }
};

}  // namespace fwlog
