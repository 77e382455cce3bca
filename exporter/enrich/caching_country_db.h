// CachingCountryDb: the part every CountryDb back-end shares. Lookup() answers
// "private" for non-global addresses, then asks the CountryCache, and only on
// a miss calls the back-end's Resolve() and remembers the answer.
//
// Back-ends (libmaxminddb, libloc) derive from it and implement Resolve(); the
// Open*CountryDb() functions below are what OpenCountryDb() dispatches to.
// Internal to the enrich stage (tests use it to check the cache).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "enrich/country_cache.h"
#include "enrich/country_code.h"
#include "enrich/country_db.h"

namespace fwlog {

class CachingCountryDb : public CountryDb {
 public:
  explicit CachingCountryDb(std::size_t cache_capacity = CountryCache::kDefaultCapacity)
      : cache_(cache_capacity) {}

  std::string_view Lookup(const IpAddress& address) final;

  const CountryCache& cache() const { return cache_; }

 protected:
  // The database's answer for a global address; called once per cache miss.
  virtual CountryCode Resolve(const IpAddress& address) = 0;

 private:
  CountryCache cache_;
};

absl::StatusOr<std::unique_ptr<CountryDb>> OpenMmdbCountryDb(const std::string& path);
absl::StatusOr<std::unique_ptr<CountryDb>> OpenLiblocCountryDb(const std::string& path);

}  // namespace fwlog
