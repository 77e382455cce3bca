// Origin: what a location database says of a source address's network, in
// eight bytes: its country, its autonomous system's number (0: none known),
// and whether the network is on a drop list (libloc's LOC_NETWORK_FLAG_DROP,
// which IPFire feeds from Spamhaus DROP, EDROP and ASN-DROP).
//
// One value for all three so that one lookup answers them: the flattened
// IPv4 table (loc_tree.h) and the caches (country_cache.h) keep Origins, and
// adjacent IPv4 ranges are merged only when their whole Origins are equal.
// Built from a bare CountryCode (a database that knows countries only).
#pragma once

#include <cstddef>
#include <cstdint>

#include "enrich/country/country_code.h"

namespace fwlog {

struct Origin {
  constexpr Origin() = default;
  constexpr Origin(CountryCode country) : code(country) {}  // NOLINT(google-explicit-constructor): a code is an origin
  constexpr Origin(CountryCode country, std::uint32_t as_number, bool drop)
      : code(country), drop_listed(drop), asn(as_number) {}

  CountryCode code;
  bool drop_listed = false;
  std::uint32_t asn = 0;

  friend bool operator==(const Origin&, const Origin&) = default;
};

// An Origin in four bytes, for the flattened IPv4 table (loc_tree.h) and its
// cache file (flat_v4_cache.h): the country code's number (bits 0-9), the
// drop flag (bit 10) and the AS number's index in a table of the AS numbers
// met (bits 11-31), which the holder keeps beside it. Half an Origin's size:
// the table has ~430 k answers (docs/performance.md).
class PackedOrigin {
 public:
  // AS indexes that fit (2^21: libloc's database names ~80 000 ASes).
  static constexpr std::uint32_t kMaxAsIndex = (1u << 21) - 1;

  static std::uint32_t Pack(CountryCode code, bool drop_listed, std::uint32_t as_index) {
    return code.number() | (drop_listed ? kDrop : 0u) | as_index << kAsShift;
  }
  static CountryCode Code(std::uint32_t packed) {
    return CountryCode::FromNumber(static_cast<std::uint16_t>(packed & kCodeMask)).value_or(CountryCode::Unknown());
  }
  static bool DropListed(std::uint32_t packed) { return (packed & kDrop) != 0; }
  static std::uint32_t AsIndex(std::uint32_t packed) { return packed >> kAsShift; }
  // Whether `packed` is one Pack() makes with an index below `as_count`.
  static bool Valid(std::uint32_t packed, std::size_t as_count) {
    return CountryCode::FromNumber(static_cast<std::uint16_t>(packed & kCodeMask)).has_value() &&
           AsIndex(packed) < as_count;
  }

 private:
  static constexpr std::uint32_t kCodeMask = (1u << 10) - 1;
  static constexpr std::uint32_t kDrop = 1u << 10;
  static constexpr int kAsShift = 11;
};

}  // namespace fwlog
