// Preset: a built-in format parser that reads the message part of a line
// (after the syslog envelope) into an Event. Presets are stateless (what a
// format remembers between lines lives in the input's ParseState: memos, and
// a Windows Firewall log's "#Fields:" header) and thread-safe; PresetByName()
// returns the registered instance.
//
//   netfilter   iptables LOG / nftables log key=value lines (netfilter.h)
//   pf          pfSense / OPNsense filterlog CSV (pf.h)
//   mikrotik    RouterOS firewall log lines (mikrotik.h)
//   cisco-asa   Cisco ASA / PIX / FTD syslog (cisco_asa.h)
//   juniper-srx Junos RT_FLOW session records, structured or plain (juniper_srx.h)
//   checkpoint  Check Point Log Exporter key:"value" records (checkpoint.h)
//   fortigate   FortiOS type=traffic key=value records (fortigate.h)
//   sonicwall   SonicOS id= sn= m= key=value records (sonicwall.h)
//   sophos      Sophos UTM packetfilter and Sophos Firewall (XG) records (sophos.h)
//   panos       PAN-OS TRAFFIC CSV (panos.h)
//   zyxel       Zyxel USG / ZyWALL key="value" records (zyxel.h)
//   windows-firewall  Windows Firewall pfirewall.log, W3C (windows_firewall.h)
//
// Parse() returns Unmatched quickly when the line lacks the format's marker
// (IN=/OUT=, filterlog, in:...out:, %ASA-, RT_FLOW_SESSION_, "CheckPoint NNN
// - [", type=traffic, sn=, packetfilter / log_type=, ...), after one scan of
// the line for each, so `auto` can try them in turn; it writes nothing into
// the event before it knows the line is its format, so an Unmatched answer
// leaves the event as it was.
#pragma once

#include <string_view>
#include <vector>

#include "parse/envelope.h"
#include "parse/parse_result.h"
#include "parse/parse_state.h"

namespace fwlog {

class Preset {
 public:
  virtual ~Preset() = default;
  virtual std::string_view name() const = 0;
  // `state` is the input's (parse_state.h), for the memos a format keeps and
  // what the input said (a Windows Firewall header); the preset object itself
  // holds none.
  virtual ParseResult Parse(const Envelope& envelope, ParseState& state, Event& event) const = 0;
};

// nullptr for an unknown name. "auto" is not a preset (see Parser).
const Preset* PresetByName(std::string_view name);
// Every preset, in the order above: netfilter, pf, mikrotik first (`auto`
// relies on their positions), then the others. config/config.h's
// PresetNames() lists the same names (a test holds the two lists equal).
const std::vector<const Preset*>& AllPresets();

}  // namespace fwlog
