// The Cisco ASA / PIX / FTD message ids the cisco-asa preset reads as packet
// entries, each with the wording of its text (WordTemplate). Only ids whose
// text names the protocol, the source and the destination of one denied,
// permitted or built packet or connection are listed; docs/formats.md has
// the same list for users.
//
//   kPacket        one packet or connection decision (1060xx, 313004 ...)
//   kBuilt         a connection built (302013/302015/302017/302020): the
//                  decision to allow it; "outbound" ones name the local
//                  (initiating) end second, so source and destination swap
//   kConnectionEnd a connection's end (Teardown 302014/302016/302018/302021):
//                  its decision was counted when it was built; not an entry
//   kNoDestination a packet denied, but the text names no destination
//                  (313001, 313008): invalid (missing_field)
//
// The table is built once, on first use, and is immutable afterwards.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "parse/word_template.h"

namespace fwlog {

struct AsaMessage {
  enum class Kind : std::uint8_t { kPacket, kBuilt, kConnectionEnd, kNoDestination };
  std::uint32_t id = 0;
  Kind kind = Kind::kPacket;
  std::string_view proto;              // the protocol when the text implies it ("Dropping echo request": icmp)
  std::vector<WordTemplate> wordings;  // tried in order; empty for kConnectionEnd / kNoDestination
};

// nullptr for an id that is not a packet entry (system, VPN, NAT, AAA ...).
const AsaMessage* FindAsaMessage(std::uint32_t id);

// Every listed message (for the table test and the docs).
const std::vector<AsaMessage>& AsaMessages();

}  // namespace fwlog
