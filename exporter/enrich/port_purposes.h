// PortPurposes: (destination port, protocol) -> what internet scanners
// commonly probe that port for, from a small curated CSV
// (config/ports/purposes.csv), where IANA's service name is missing or
// misleading: 5555/tcp is IANA's `personal-agent` but is probed as Android's
// debug bridge (`android-adb`); 52869/tcp has no IANA name and is probed for
// the Realtek SDK UPnP flaw (`realtek-sdk-upnp`).
//
//   port,protocol,purpose,source,note
//   5555,tcp,android-adb,https://developer.android.com/tools/adb,adb over TCP
//   52869,tcp,realtek-sdk-upnp,CVE-2014-8361,miniigd UPnP SOAP command injection
//
// Every entry cites a public source, so the table stays checkable. Loading
// refuses, with `file:line: message`:
//  - an entry without a source, or whose source is neither a CVE identifier
//    (CVE-YYYY-NNNN, four or more digits) nor an https:// URL;
//  - a port that is not a number in 1..65535, a protocol other than tcp or
//    udp;
//  - a purpose that is not label-safe: 1 to 40 of a-z 0-9 - . starting with
//    a letter or digit (and not "unknown": that is what the service says when
//    it knows nothing);
//  - a second entry for the same (port, protocol), naming the first's line;
//  - a missing header column (columns are found by their header names).
// The note is free text for readers and may be empty.
//
// The table is read once at start-up into ServiceRegistry::SetPurposes, which
// keeps each purpose beside the port's service name (one table read serves
// both on the hot path); this type is only the checked list.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace fwlog {

struct PortPurpose {
  std::uint16_t port = 0;
  std::string protocol;  // "tcp" or "udp"
  std::string purpose;   // label-safe, e.g. "android-adb"
  std::string source;    // "CVE-2017-17215" or "https://..."
  std::string note;
  int line = 0;  // where it was read, for messages
};

absl::StatusOr<std::vector<PortPurpose>> LoadPortPurposes(const std::string& path);
// `name` is used in error messages.
absl::StatusOr<std::vector<PortPurpose>> ParsePortPurposes(std::string_view text, const std::string& name);

// Whether `source` is a CVE identifier or an https:// URL with a host.
bool IsPortPurposeSource(std::string_view source);

}  // namespace fwlog
