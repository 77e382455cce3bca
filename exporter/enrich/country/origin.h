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

}  // namespace fwlog
