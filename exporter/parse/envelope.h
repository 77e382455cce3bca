// Envelope: the wrapping around a firewall message, read off the front of a
// line. Understands, in order:
//
//   <PRI>                        optional priority (a space after it is tolerated)
//   1 TS HOST APP PROCID MSGID SD RFC 5424, also without <PRI> (TS may be "-",
//                                SD "-" or [..]; an omitted SD is tolerated)
//   TS HOST TAG: MSG             RFC 3339 stamp (rsyslog, journalctl -o short-iso,
//                                RouterOS 7 "2023-03-18 20:35:05")
//   Mmm dd HH:MM:SS HOST TAG:    RFC 3164 (HOST may be missing: ASUS writes
//                                "Oct 12 20:24:53 kernel: DROP ..."); also
//                                with a year: "Oct 03 2018 17:34:08:" (Cisco,
//                                colon included), "May 22 17:24:03 2026" (Zyxel)
//   Www Mmm dd HH:MM:SS YYYY ... ctime (OpenWrt logread)
//   1542294754[.123] HOST TAG:   Unix epoch (syslog-ng $UNIXTIME templates)
//   HH:MM:SS / mmm/dd HH:MM:SS   RouterOS on-box log (no host)
//   anything else                no envelope: the whole line is the message
//
// A word that starts with '%' (a Cisco mnemonic, "%ASA-4-106023:") is never
// a host or a tag: the message starts there. A Windows Firewall log record
// ("2026-03-24 07:25:01 DROP TCP ...": date and time columns, then a
// Windows Firewall action) has its stamp but no host: the whole record is
// the message.
//
// Between the stamp and the message, these are recognised and skipped:
//   - a facility.level token ("kern.warn", "user.info": OpenWrt logread,
//     EdgeOS relays),
//   - a RouterOS topic list ("firewall,info"),
//   - a host name written twice (UniFi "UDMP UDMP [WAN_LOCAL-D-..."),
//   - a kernel uptime "[ 1234.567890]" after the tag.
//
// Proxmox pve-firewall lines ("VMID LEVEL CHAIN dd/Mon/YYYY:HH:MM:SS +zzzz
// PREFIX: IN=...") carry their own header, alone or after a syslog envelope:
// its stamp becomes the envelope's time, its chain `chain`, and the message
// starts at PREFIX.
//
// The message is what the format presets read; `line` stays available for a
// preset that must look past a broken header (pf's "filterlog" search).
// Everything is a view into the line: nothing is copied or allocated.
#pragma once

#include <string_view>

#include "parse/parse_state.h"
#include "parse/timestamp.h"

namespace fwlog {

struct Envelope {
  std::string_view line;  // the whole line
  bool has_time = false;
  Stamp stamp;
  std::string_view host;
  std::string_view tag;    // program name without [pid] and colon
  std::string_view chain;  // pve-firewall's chain ("PVEFW-HOST-IN"), else empty
  std::string_view message;
  // The context the stamps were read in, for a preset that finds a stamp of
  // its own in the message (a FortiGate date= time=); valid as long as the
  // context passed to ReadEnvelope.
  const TimeContext* time_context = nullptr;
};

// `state` is the input's (parse_state.h): its memos answer for bytes read
// before, and the readings of this line are kept there.
Envelope ReadEnvelope(std::string_view line, const TimeContext& ctx, ParseState& state);

// True for a RouterOS topic list such as "firewall,info" (lower-case words
// joined by commas).
bool IsTopicList(std::string_view token);

}  // namespace fwlog
