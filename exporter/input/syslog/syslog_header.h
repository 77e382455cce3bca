// SyslogHostName: the HOSTNAME field of a syslog message's header, which the
// listener puts in LogLine::transport_host. The message itself is delivered
// whole (<PRI> included): the parse stage reads the header again.
//
//   RFC 5424: <PRI>VERSION SP TIMESTAMP SP HOSTNAME SP ...   ("-" = none)
//   RFC 3164: <PRI>Mmm dd hh:mm:ss HOSTNAME TAG: ...
//
// RFC 3164 senders often leave the host name out (`<134>Jan  1 00:00:00
// filterlog[123]: ...`), so the word after the timestamp is taken as a host
// name only if it looks like one: no ':' at its end, no '[', no '=' and at
// most 255 bytes. Timestamps may be "Mmm dd hh:mm:ss", with a year
// ("Mmm dd yyyy hh:mm:ss") or fractions, or ISO 8601 as rsyslog forwards.
// Empty when there is no recognisable header.
#pragma once

#include <string_view>

namespace fwlog {

std::string_view SyslogHostName(std::string_view message);

}  // namespace fwlog
