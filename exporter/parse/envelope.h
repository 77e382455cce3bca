// Envelope: the syslog wrapping around a firewall message, read off the front
// of a line. Understands, in order:
//
//   <PRI>                      optional priority
//   1 TS HOST APP PROCID MSGID SD   RFC 5424 (TS may be "-", SD "-" or [..])
//   TS HOST TAG: MSG           RFC 3339 stamp (rsyslog, journalctl -o short-iso)
//   Mmm dd HH:MM:SS HOST TAG:  RFC 3164 (HOST may be missing: ASUS writes
//                              "Oct 12 20:24:53 kernel: DROP ...")
//   anything else              no envelope: the whole line is the message
//
// and, after the tag, a kernel uptime stamp "[ 1234.567890]" which is skipped.
// The message is what the format presets read.
#pragma once

#include <string_view>

#include "parse/timestamp.h"

namespace fwlog {

struct Envelope {
  bool has_time = false;
  Stamp stamp;
  std::string_view host;
  std::string_view tag;  // program name without [pid] and colon
  std::string_view message;
};

Envelope ReadEnvelope(std::string_view line, const TimeContext& ctx);

}  // namespace fwlog
