// The Prometheus text exposition format, version 0.0.4, written straight into
// a std::string: what /metrics serves and `replay` prints. Its pieces (label
// escapes, HELP and TYPE lines, sample values) are also the writer of the
// OpenMetrics text `backfill` produces (app/backfill_writer.h): one escaper
// for both, the dialects differing only where noted (TextDialect).
//
// It replaces prometheus-cpp's TextSerializer, which writes through a
// std::ostream (a locale-aware, non-round-trip "%.16g" per number) and does
// not escape HELP text. Here, for each family:
//
//   # HELP name text           (omitted when the help is empty; backslash and
//                               newline escaped as \\ and \n)
//   # TYPE name counter|gauge|untyped|summary|histogram
//   name{label="value",...} 12 1700000000000
//
// label values escaped (backslash, double quote, newline); the timestamp (ms)
// only when set (non-zero, prometheus-cpp's convention). Summaries write one
// name{quantile="q"} line per quantile, then name_sum and name_count;
// histograms name_bucket{le="bound"} per bucket (cumulative, a +Inf bucket
// equal to the count added if the family lacks one), then name_sum and
// name_count. Numbers: see AppendSampleValue.
#pragma once

#include <prometheus/metric_family.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fwlog {

// Where the Prometheus text format 0.0.4 and OpenMetrics 1.0 differ in what
// these functions write: HELP text escapes backslash and newline in both, and
// the double quote too in OpenMetrics (whose parsers read \" back as ",
// while a 0.0.4 parser would keep the backslash).
enum class TextDialect { kPrometheus004, kOpenMetrics };

// Appends `families` to `out`, in the order given.
void AppendTextFormat(const std::vector<prometheus::MetricFamily>& families, std::string& out);

// A close estimate of what AppendTextFormat writes (escapes aside), for
// reserve(): a walk over the lengths, no formatting.
std::size_t TextFormatSizeHint(const std::vector<prometheus::MetricFamily>& families);

// Appends a sample value (or a le/quantile label value) as Prometheus reads
// it back to the same double: integral values below 1e16 in magnitude as
// integers ("42", "-0"); other finite values as the shortest text that
// round-trips (std::to_chars), fixed from 1e-4 up ("0.25", "0.0001",
// "123456.5"), scientific outside ("1e-05", "1e+16"), which is how
// prometheus-cpp spelt every value it printed exactly; "NaN", "+Inf", "-Inf".
void AppendSampleValue(double value, std::string& out);

// Appends `name="value"`, the value escaped as both dialects escape label
// values (backslash, double quote, newline). The caller writes the braces and
// commas.
void AppendLabel(std::string_view name, std::string_view value, std::string& out);

// Appends "# HELP name text\n" with the dialect's escapes; nothing when `help`
// is empty.
void AppendHelpLine(std::string_view name, std::string_view help, TextDialect dialect, std::string& out);

// Appends "# TYPE name type\n".
void AppendTypeLine(std::string_view name, std::string_view type, std::string& out);

}  // namespace fwlog
