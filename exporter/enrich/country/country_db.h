// CountryDb: source address -> ISO 3166-1 alpha-2 country code (upper case),
// and the network's autonomous system and drop-list flag (Origin).
//
//   auto db = OpenCountryDb("/var/lib/location/database.db");
//   if (!db.ok()) { warn(db.status()); db = NullCountryDb(); }   // the app's choice
//   (*db)->Lookup(*IpAddress::Parse("210.150.186.238"));   // "JP"
//   (*db)->Lookup(*IpAddress::Parse("192.168.1.10"));      // "private"
//   (*db)->Find(*IpAddress::Parse("162.142.125.1"));       // {US, AS 398324, not drop-listed}
//   (*db)->AsName(398324);                                 // "CENSYS-ARIN-01"
//
// Find() is the whole answer, Lookup() its country's text. An AS number of 0
// means none known (no database, a network without one, a private source);
// only libloc says whether a network is drop-listed (MaxMind DBs do not).
// AsName() is the database's name of an AS, empty when it has none; it may
// cost microseconds and allocate, so callers remember its answers (AsNames).
//
// Lookup() answers "private" for non-global addresses (IpAddress::IsGlobal),
// "unknown" when the database has no country for the address (or there is no
// database), and otherwise a code normalised by CountryCode::FromText: two
// upper-case ASCII letters, with placeholders such as XX/ZZ/A1 turned into
// "unknown" and the regional EU/AP kept.
//
// Two back-ends, chosen by OpenCountryDb() from the file name:
//  - `*.mmdb` (any case): MaxMind DB files through libmaxminddb (memory-mapped):
//    GeoLite2/GeoIP2-Country, DB-IP lite, IPinfo (Lite and legacy), sapics
//    ip-location-db. The code is the first two-letter string among
//    country.iso_code (when `country` is a map), country_code, `country` (when
//    it is a two-letter string; IPinfo Lite puts the country's *name* there),
//    registered_country.iso_code.
//  - anything else: the IPFire Location database through libloc (the
//    zero-configuration default, /var/lib/location/database.db).
// BuildTime() is mmdb `metadata.build_epoch` or libloc's creation time.
//
// Answers are memoised in bounded caches (CountryCache; per address, and for
// MaxMind DBs also per /24 or /48 block when the database's network covers it;
// 2 x 16384 slots, about 900 KiB), because a libloc lookup costs microseconds
// and allocates. Once an address is cached, Lookup() costs one probe and
// allocates nothing. The views returned point to static storage and never
// dangle.
//
// Not thread-safe (the caches are per instance): give each thread its own.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/ip_address.h"
#include "enrich/country/origin.h"

namespace fwlog {

class CountryDb {
 public:
  virtual ~CountryDb() = default;
  virtual Origin Find(const IpAddress& address) = 0;
  std::string_view Lookup(const IpAddress& address) { return Find(address).code.text(); }
  virtual std::string AsName(std::uint32_t /*asn*/) { return {}; }
  // A hint: a Lookup() of `address` follows soon, so a back-end may start
  // loading what it will read. Changes nothing else.
  virtual void Prefetch(const IpAddress& /*address*/) const {}
  // The database's own build time (Unix seconds), when it says.
  virtual std::optional<std::int64_t> BuildTime() const = 0;
  // e.g. "libloc /var/lib/location/database.db" or "none".
  virtual std::string Describe() const = 0;
};

// Opens `path` by its kind (.mmdb -> libmaxminddb, otherwise libloc). A
// missing file is NotFound; an unreadable or malformed one another error; the
// message names the path. The caller decides whether to fall back to
// NullCountryDb().
// `networks` false: the caller will not read the AS number or the drop
// flag, so a back-end may leave them out (Find() then answers AS 0, not
// drop-listed) where keeping them costs: libloc's flattened IPv4 table is
// then the country's alone (~170 k ranges instead of ~430 k).
absl::StatusOr<std::unique_ptr<CountryDb>> OpenCountryDb(const std::string& path, bool networks = true);
// A database that knows no country: "private" or "unknown".
std::unique_ptr<CountryDb> NullCountryDb();
// `countries` for the country and the drop flag, `networks` for the AS
// number and name (a GeoLite2-ASN .mmdb beside a GeoLite2-Country one).
std::unique_ptr<CountryDb> WithAsFrom(std::unique_ptr<CountryDb> countries, std::unique_ptr<CountryDb> networks);

}  // namespace fwlog
