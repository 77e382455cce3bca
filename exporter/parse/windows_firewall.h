// WindowsFirewallParser: the Windows Firewall (Windows Defender Firewall)
// packet log, pfirewall.log, a W3C extended log whose "#Fields:" header
// names the columns:
//
//   #Version: 1.5
//   #Software: Microsoft Windows Firewall
//   #Time Format: Local
//   #Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype
//   icmpcode info path 2026-03-24 07:25:01 DROP TCP 198.51.100.7 192.0.2.10 40001 3389 52 S 1234567 0 64240 - - -
//   RECEIVE
//
// The header is input state: a "#Fields:" line sets the input's layout in the
// ParseState (parse_state.h) and is itself unmatched, as are the other "#"
// lines; a log may give a new header at any point (the file started again,
// another Windows release with more columns such as "pid"), and the lines
// after it are read by the new one. A data line before any header is
// unmatched: the layout is not guessed.
//
// A line is a record when its action column holds a Windows Firewall action:
//
//   DROP                   drop
//   ALLOW, OPEN,           accept (OPEN: a connection the firewall let
//   OPEN-INBOUND           through, logged when it starts)
//   CLOSE                  unmatched: a connection's end, its decision was
//                          counted when it opened
//   INFO-EVENTS-LOST       unmatched: a count of records not written
//
// Columns read: protocol (TCP, UDP, ICMP, ICMPv6 or a number), src-ip, dst-ip
// (IPv4 or IPv6), src-port and dst-port (for tcp/udp), tcpflags (letters
// S A F R P U -> syn,ack,fin,rst,psh,urg, as written). "-" is an empty
// column. The log names no interface and no rule: `in`, `out` and `rule`
// stay empty. The stamp is the date and time columns (local time: the
// input's time zone); a line read from the file has no host (the envelope
// knows such a record for no syslog header, envelope.h).
//
// The same records relayed through syslog (an agent forwarding the file) are
// read after the syslog header, host and stamp from it.
//
// Invalid: a record without protocol, source or destination, or one that
// ends before the column after the last one read (cut short): missing_field;
// an address that does not parse: bad_address; an unknown protocol:
// bad_protocol; tcp/udp without a readable destination port: bad_port.
#pragma once

#include "parse/envelope.h"
#include "parse/parse_result.h"
#include "parse/parse_state.h"
#include "parse/w3c_layout.h"

namespace fwlog {

class WindowsFirewallParser {
 public:
  ParseResult Parse(const Envelope& envelope, ParseState& state, Event& event) const;
};

// Reads a "#Fields: ..." header line into `layout`; false (layout unchanged)
// when `line` is not one.
bool ReadW3cFields(std::string_view line, W3cLayout& layout);

}  // namespace fwlog
