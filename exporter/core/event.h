// Event: one recognised packet line, with the contract's fields
// (docs/contract.md, "Event fields"). Parsers fill the packet
// fields, the enricher fills range/category/service/purpose/country/hour/asn/as_org/drop_listed, the pipeline fills
// input and router. Configuration names fields by their contract name (FieldFromName), and
// metrics read them as label values through Get().
//
// The text fields are views, not copies: of the line itself (src, port, ...),
// of static text ("tcp", "ipv4"), of the enricher's tables (range, service,
// country, hour), of the configuration (input), of the router table
// (router) or the parser's pattern (matched_by), or of the event's own
// buffers for a value a parser builds rather than finds (Build(): the joined
// TCP flags, a lower-cased protocol, a port without leading zeros, a rule
// behind its chain). Filling an event
// copies no text. An event is read only while its line is handled (the
// pipeline's one event is cleared for the next line), so a view of the line
// is safe there; whoever sets a field from a string of its own keeps that
// string alive as long as the event is read. The buffers keep their
// capacity, so once the longest built values have been seen, filling an
// Event allocates nothing.
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
  kRouter,
  kAsn,
  kAsOrg,
  kDropListed,
  kPurpose,
  kCategory,
};
inline constexpr std::size_t kFieldCount = 24;

std::string_view FieldName(Field field);
std::optional<Field> FieldFromName(std::string_view name);

// The normalised verdict. kNone: the line did not say (e.g. a MikroTik line
// without a prefix); its name is then "unknown", never "drop".
enum class Action : std::uint8_t { kNone, kDrop, kReject, kAccept };
std::string_view ActionName(Action action);

// The fields of an Event, all plain values (Event adds the buffers).
struct EventFields {
  // Event time in Unix seconds (UTC); `time_from_line` is false when the line
  // carried no usable stamp and the receive time was used.
  std::int64_t time = 0;
  std::int32_t time_nanos = 0;
  // The event's hour in the configured time zone, as a civil hour counted
  // from 1970-01-01T00 local (the enricher sets it with `hour`): the event
  // history's bucket, its day being local_hour / 24 rounded down. (32 bits:
  // it fits beside time_nanos, and the struct does not grow.)
  std::int32_t local_hour = 0;
  bool time_from_line = false;

  Action action = Action::kNone;
  std::uint16_t port_number = 0;
  bool has_port = false;
  IpAddress src_address;
  bool has_dst_address = false;
  IpAddress dst_address;

  std::string_view host, rule, in, out, family, proto, src, dst, sport, port, tcp_flags;
  std::string_view range, service, country, hour, input, router, purpose;
  // The source network's AS number and name ("398324", "CENSYS-ARIN-01";
  // "unknown", "private") and whether it is drop-listed ("yes", "no").
  std::string_view asn, as_org, drop_listed;
  // The range's category (RangeTable::Hit), set with `range`.
  std::string_view category;
  // Identities of `range` and `service` when the enricher took them from its
  // tables: the address of the table's one copy of that name, so equal
  // identities mean equal text (a fast key for counting; unequal identities
  // say nothing). Null when the text was set some other way.
  const char* range_identity = nullptr;
  const char* service_identity = nullptr;
  // The same for `purpose` (the service registry's copy of the purpose or,
  // where it falls back to the service name, the service's identity).
  const char* purpose_identity = nullptr;
  // The same for `router`: the address of the router table's one copy of
  // the name (metrics/router_names.h), or null.
  const char* router_identity = nullptr;
  // The same for `asn` and `as_org` (the enricher's AsNames entries), and
  // the entry's ordinal (enrich/as_names.h), valid with asn_identity: one
  // ordinal is one (asn, as_org) pair of texts for the enricher's life, a
  // small number the counting indexes by.
  const char* asn_identity = nullptr;
  const char* as_org_identity = nullptr;
  std::uint32_t asn_ordinal = 0;
  // The same for `category`: the address of the range table's copy.
  const char* category_identity = nullptr;
  // Which preset or custom pattern recognised the line (for `parse`).
  std::string_view matched_by;
};

struct Event : EventFields {
  Event() = default;
  // A copy's built fields point into its own buffers.
  Event(const Event& other);
  Event& operator=(const Event& other);
  ~Event() = default;

  // Resets every field for the next line, keeping the buffers' capacity.
  void Clear();

  // The value of `field` as label text (time as RFC 3339 in UTC; the
  // pipeline's printer renders it in the configured zone instead).
  std::string_view Get(Field field) const;
  // The view behind a text field, for custom patterns to set; nullptr for
  // kTime and kAction, which are not text.
  std::string_view* Text(Field field);

  // The field's own buffer, cleared, to build a value in; point the field at
  // it once built (event.tcp_flags = flags). Building again replaces it.
  std::string& Build(Field field);

 private:
  // After a copy: views into `other`'s buffers are moved to ours.
  void Rebase(const Event& other);

  mutable std::array<char, 40> time_text_{};
  std::array<std::string, kFieldCount> buffers_;
};

// Why a line that looked like a packet was not counted as one. The names are
// the `reason` label of fwlog_lines_invalid_total.
enum class InvalidReason : std::uint8_t {
  kBadAddress,    // source address unreadable (X.X.X.X, 66.77.88.257)
  kBadPort,       // destination port missing, not a number, or > 65535
  kTooLong,       // longer than max_line_bytes; cut by the input
  kBinary,        // NUL or other control bytes, or invalid UTF-8
  kMissingField,  // a field the format requires is absent or empty
  kBadProtocol,   // protocol neither a known name nor a number 0-255 (a cut "PROTO=TC")
};
inline constexpr std::size_t kInvalidReasonCount = 6;
std::string_view InvalidReasonName(InvalidReason reason);

// Lower-cases ASCII letters in place.
void AsciiLower(std::string& text);

}  // namespace fwlog
