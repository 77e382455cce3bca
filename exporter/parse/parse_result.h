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
  // Matched a line that has no syslog header (a Windows Firewall log line
  // read from its file): what the envelope took for a host is one of the
  // record's columns, so the event gets no host from it. Its stamp (the
  // record's date and time columns) is kept.
  bool headerless = false;

  static ParseResult Matched() { return {Status::kMatched, InvalidReason::kMissingField, false}; }
  static ParseResult MatchedHeaderless() { return {Status::kMatched, InvalidReason::kMissingField, true}; }
  static ParseResult Unmatched() { return {Status::kUnmatched, InvalidReason::kMissingField, false}; }
  static ParseResult Invalid(InvalidReason r) { return {Status::kInvalid, r, false}; }
  bool matched() const { return status == Status::kMatched; }
};

}  // namespace fwlog
