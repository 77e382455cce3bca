// CountryDb: source address -> ISO 3166-1 alpha-2 country code (upper case).
//
// Lookup() answers "private" for non-global addresses, "unknown" when the
// database has no country for the address (or there is no database). Two
// back-ends: the IPFire Location database through libloc (the default,
// /var/lib/location/database.db) and MaxMind DB files (.mmdb) through
// libmaxminddb, reading the code at country.iso_code, then country_code, then a
// two-letter `country` string, then registered_country.iso_code. Lookups are
// cached per address in a bounded table, because libloc costs microseconds.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/ip_address.h"

namespace fwlog {

class CountryDb {
 public:
  virtual ~CountryDb() = default;
  virtual std::string_view Lookup(const IpAddress& address) = 0;
  // The database's own build time (Unix seconds), when it says.
  virtual std::optional<std::int64_t> BuildTime() const = 0;
  // e.g. "libloc /var/lib/location/database.db" or "none".
  virtual std::string Describe() const = 0;
};

// Opens `path` by its kind (.mmdb -> libmaxminddb, otherwise libloc).
absl::StatusOr<std::unique_ptr<CountryDb>> OpenCountryDb(const std::string& path);
// A database that knows no country: "private" or "unknown".
std::unique_ptr<CountryDb> NullCountryDb();

}  // namespace fwlog
