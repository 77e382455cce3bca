// Event: one recognised packet line, with the contract's fields
// (../shared/design/contract.md, "Event fields"). Parsers fill the packet
// fields, the enricher fills range/service/country/hour, the pipeline fills
// input. Configuration names fields by their contract name (FieldFromName), and
// metrics read them as label values through Get().
//
// An Event is reused from line to line: its strings keep their capacity, so once
// the longest values have been seen, filling an Event allocates nothing. The
// fields no line's text spells (family, range, service, country, hour, input,
// matched_by) are views instead, of storage that outlives the event's use:
// static text, the enricher's tables, the configuration, the parser's
// pattern. Setting them copies nothing (replay of 2 M lines: 7 copies a line
// fewer). A line's event lives only while its line is handled, so whoever
// sets one of them from a string of its own must keep that string alive
// as long.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ip_address.h"

namespace fwlog {

enum class Field : std::uint8_t {
  kTime,
  kHost,
  kAction,
  kRule,
  kIn,
  kOut,
  kFamily,
  kProto,
  kSrc,
  kDst,
  kSport,
  kPort,
  kTcpFlags,
  kRange,
  kService,
  kCountry,
  kHour,
  kInput,
};
inline constexpr std::size_t kFieldCount = 18;

std::string_view FieldName(Field field);
std::optional<Field> FieldFromName(std::string_view name);

// The normalised verdict. kNone: the line did not say (e.g. a MikroTik line
// without a prefix); its name is then "unknown", never "drop".
enum class Action : std::uint8_t { kNone, kDrop, kReject, kAccept };
std::string_view ActionName(Action action);

struct Event {
  // Event time in Unix seconds (UTC); `time_from_line` is false when the line
  // carried no usable stamp and the receive time was used.
  std::int64_t time = 0;
  std::int32_t time_nanos = 0;
  bool time_from_line = false;

  Action action = Action::kNone;
  std::uint16_t port_number = 0;
  bool has_port = false;
  IpAddress src_address;
  bool has_dst_address = false;
  IpAddress dst_address;

  std::string host, rule, in, out, proto, src, dst, sport, port, tcp_flags;
  std::string_view family, range, service, country, hour, input;
  // Identities of `range` and `service` when the enricher took them from its
  // tables: the address of the table's one copy of that name, so equal
  // identities mean equal text (a fast key for counting; unequal identities
  // say nothing). Null when the text was set some other way.
  const char* range_identity = nullptr;
  const char* service_identity = nullptr;
  // Which preset or custom pattern recognised the line (for `parse`).
  std::string_view matched_by;

  // Resets every field for the next line, keeping string capacity.
  void Clear();

  // The value of `field` as label text (time as RFC 3339 in UTC; the
  // pipeline's printer renders it in the configured zone instead).
  std::string_view Get(Field field) const;
  // Writable access to the string behind a text field, for custom patterns;
  // nullptr for kTime and kAction, which are not plain text, and for the
  // view fields (no pattern captures them).
  std::string* Mutable(Field field);

 private:
  mutable std::array<char, 40> time_text_{};
};

// Why a line that looked like a packet was not counted as one. The names are
// the `reason` label of fwlog_lines_invalid_total.
enum class InvalidReason : std::uint8_t {
  kBadAddress,    // source address unreadable (X.X.X.X, 66.77.88.257)
  kBadPort,       // destination port missing, not a number, or > 65535
  kTooLong,       // longer than max_line_bytes; cut by the input
  kBinary,        // NUL or other control bytes, or invalid UTF-8
  kMissingField,  // a field the format requires is absent or empty
};
inline constexpr std::size_t kInvalidReasonCount = 5;
std::string_view InvalidReasonName(InvalidReason reason);

// Lower-cases ASCII letters in place.
void AsciiLower(std::string& text);

// Replaces an Event field's text with `value`, keeping its capacity: the lean
// path for the per-line fills of the parsers and the enricher
// (std::string::assign goes through the general replace with aliasing checks,
// a measurable share of a line's cost, which also trips a false -Wrestrict in
// GCC 12 at -O3; `value` never aliases the field here).
inline void SetText(std::string& field, std::string_view value) {
  field.clear();
  field.append(value.data(), value.size());
}

}  // namespace fwlog
