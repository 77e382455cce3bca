// Rules the vendor key=value presets (fortigate, sophos, sonicwall,
// checkpoint, juniper-srx) share when they fill an Event, beside the ones
// every preset shares (packet_fields.h):
//
//   KvField          one value taken from a record (the first occurrence of
//                    its key wins) and whether it was whole (KeyValue::closed)
//   FillPacket       source, destination, protocol and ports with the checks
//                    of packet_fields.h (bad_address, bad_protocol,
//                    bad_port), plus: a record without source,
//                    destination or protocol, or one whose used values were
//                    cut (a quoted value without its closing quote), is
//                    missing_field
//   Placeholder      "N/A", "(null)" and the like stand for no value
//   SameWord         ASCII case-insensitive equality, for verdict words
//   SetRule          the rule's name, its backslash escapes resolved
//   SetEpochTime,    the record's own stamp, for a line whose envelope had
//   SetCivilTime     none: Unix seconds (10 digits) or with milli-, micro- or
//                    nanoseconds (13, 16, 19 digits), or a civil date and
//                    clock with an optional offset (read in the input's zone
//                    without one)
#pragma once

#include <initializer_list>
#include <string_view>

#include "core/event.h"
#include "parse/key_value.h"
#include "parse/parse_result.h"
#include "parse/parse_state.h"
#include "parse/timestamp.h"

namespace fwlog {

struct KvField {
  std::string_view value;
  bool have = false;
  bool closed = true;

  // Takes kv's value unless an earlier occurrence of the key was taken.
  void Take(const KeyValue& kv) {
    if (have) return;
    have = true;
    value = kv.value;
    closed = kv.closed;
  }
  // Present, and cut by the end of the line.
  bool cut() const { return have && !closed; }
};

// Whether any of `fields` was cut by the end of the line.
inline bool AnyCut(std::initializer_list<const KvField*> fields) {
  for (const KvField* f : fields)
    if (f->cut()) return true;
  return false;
}

struct PacketText {
  const KvField* src = nullptr;
  const KvField* dst = nullptr;
  std::string_view proto;  // already taken out of its field (SonicWall's "tcp/https")
  const KvField* sport = nullptr;
  const KvField* dport = nullptr;
};

// Fills src, dst, family, proto, sport, port; Matched() when they pass.
ParseResult FillPacket(Event& event, ParseState& state, const PacketText& packet);

// True for the texts vendors write for "no value": "", "N/A", "n/a", "(null)",
// "none", "-".
bool Placeholder(std::string_view value);

// Sets event.rule to `value`, unescaped into the event's buffer when it holds
// a backslash escape (policyname="Block \"bad\" hosts").
void SetRule(Event& event, std::string_view value);

// `text` equals `lower` (lower-case ASCII) in any case.
bool SameWord(std::string_view text, std::string_view lower);

// The event's time from `digits` (Unix time in s, ms, us or ns); false when
// it is not 10, 13, 16 or 19 digits.
bool SetEpochTime(Event& event, std::string_view digits);

// The event's time from a date "YYYY-MM-DD" (or with ':' or '/'), a clock
// "HH:MM:SS" and an optional offset ("+0200", "-07:00", "Z", "UTC"); false
// when they do not read.
bool SetCivilTime(Event& event, std::string_view date, std::string_view clock, std::string_view offset,
                  const TimeContext& ctx);

}  // namespace fwlog
