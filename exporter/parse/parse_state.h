// ParseState: what one input's parsing remembers from one line to the next.
// A Parser owns one (one Parser per input, on the pipeline thread), passes it
// to the envelope reader and to its format, and nothing else keeps state:
// presets are stateless. Two kinds of thing are kept:
//
// The memos only save work: a new ParseState reads every line exactly as any
// other would (tests compare the two).
//
//   rfc3339      the last RFC 3339 stamp with an explicit offset ("Z",
//                "+09:00"): such a stamp reads the same in any zone, and
//                consecutive lines of a busy log share their second
//                (timestamp.cc)
//   host_and_tag the host and tag read after the last two stamps: a relay
//                may mix two stamp formats, so two entries, used in turn
//                (envelope.cc)
//   log_prefix   the rule and verdict read from the last netfilter log
//                prefix (netfilter.cc)
//   destination  the last destination address parsed: most lines go to the
//                router's own address (packet_fields.cc); sources repeat too
//                seldom to pay for the copy
//
// Each memo is keyed by exactly the bytes its reader looked at (memo.h).
//
// What the input itself said, which decides how later lines read:
//
//   windows_firewall  the column layout named by the last "#Fields:" header
//                     of a Windows Firewall log (w3c_layout.h,
//                     windows_firewall.h); until one is seen, a record is
//                     not guessed at (unmatched)
//
// Not thread-safe; not shared between inputs.
#pragma once

#include <array>
#include <cstdint>

#include "core/event.h"
#include "core/ip_address.h"
#include "parse/memo.h"
#include "parse/timestamp.h"
#include "parse/w3c_layout.h"

namespace fwlog {

struct ParseState {
  // Offsets of the host, tag and message within the text after a stamp.
  struct HostAndTag {
    std::uint8_t host_at = 0, host_size = 0, tag_at = 0, tag_size = 0, message_at = 0;
  };
  // Where the rule stands within a log prefix, and the verdict it names.
  struct LogPrefix {
    std::uint8_t rule_at = 0, rule_size = 0;
    Action action = Action::kNone;
  };

  StampMemo rfc3339;
  std::array<Memo<64, HostAndTag>, 2> host_and_tag;
  unsigned next_host_and_tag = 0;  // the entry the next new reading replaces
  Memo<64, LogPrefix> log_prefix;
  Memo<48, IpAddress> destination;

  W3cLayout windows_firewall;
};

}  // namespace fwlog
