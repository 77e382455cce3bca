// W3cLayout: where the "#Fields:" header of a W3C extended log (a Windows
// Firewall pfirewall.log) put the columns the windows-firewall preset reads.
// One per input, in its ParseState (parse_state.h); read and used by
// windows_firewall.h. Plain data.
#pragma once

#include <array>
#include <cstdint>

namespace fwlog {

struct W3cLayout {
  enum Column : std::uint8_t { kAction, kProtocol, kSrcIp, kDstIp, kSrcPort, kDstPort, kTcpFlags, kColumnCount };
  static constexpr std::int8_t kAbsent = -1;

  bool known = false;                             // a "#Fields:" header has been read
  std::array<std::int8_t, kColumnCount> index{};  // 0-based column, or kAbsent
  std::int8_t columns = 0;                        // how many the header names (at most 64 are read)
};

}  // namespace fwlog
