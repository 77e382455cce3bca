// CachingCountryDb: the part every CountryDb back-end shares: two
// CountryCaches in front of the back-end's Resolve().
//
//   Find(a):    addresses_[a]                   hit: the answer, even "private"
//               a not global                    -> "private" (remembered)
//               blocks_[a masked to /24 or /48] hit: the answer
//               Resolve(a)                      the back-end, remembered
//
// The address cache comes first, so a repeated source costs one probe and no
// IsGlobal() check. A back-end whose IPv4 answers come from a flat table in
// memory (libloc's, flattened at open) says so (ResolvesV4Directly), and its
// IPv4 addresses skip both caches: the table lookup costs no more than a
// probe, and a new address then costs no insertion (replay of 2 M lines: 4 %
// less CPU). The block cache is for back-ends whose answer holds for a
// whole network: a MaxMind DB's search tree ends in a leaf covering a prefix
// (GeoIP2-Country-Test: 2.125.160.216 is in 2.125.160.216/29), and scanners
// often knock from many addresses of one network. When the back-end vouches
// that its answer holds for a network at least as large as the address's
// block (IPv4 /24, IPv6 /48), the answer is remembered for the block too.
// libloc's networks nest (a /16 may hold a /24 of another country), but its
// back-end reads the tree itself and knows where the address's path ends, so
// it vouches exactly when no other network lies inside the block.
//
// Back-ends (libmaxminddb, libloc) derive from it and implement Resolve(); the
// Open*CountryDb() functions below are what OpenCountryDb() dispatches to.
// Internal to the enrich stage (tests use it to check the caches).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "enrich/country/country_cache.h"
#include "enrich/country/country_code.h"
#include "enrich/country/country_db.h"

namespace fwlog {

class CachingCountryDb : public CountryDb {
 public:
  // Block sizes, in the 128-bit space of IpAddress.
  static constexpr int kIpv4BlockPrefix = 96 + 24;
  static constexpr int kIpv6BlockPrefix = 48;

  // `cache_capacity` slots for each of the two caches.
  explicit CachingCountryDb(std::size_t cache_capacity = CountryCache::kDefaultCapacity)
      : blocks_(cache_capacity), addresses_(cache_capacity) {}

  Origin Find(const IpAddress& address) final;

  const CountryCache& block_cache() const { return blocks_; }
  const CountryCache& address_cache() const { return addresses_; }

 protected:
  // A back-end's answer, and how far it reaches.
  struct Answer {
    Origin origin;
    // Every address in the network of this length around the address has the
    // same answer (128-bit space). 128: vouch for this address only.
    int prefix128 = 128;
  };
  // The database's answer for a global address; called once per cache miss.
  virtual Answer Resolve(const IpAddress& address) = 0;
  // True when Resolve() answers an IPv4 address as fast as a cache probe (a
  // flat table in memory): such addresses then bypass the caches.
  virtual bool ResolvesV4Directly() const { return false; }

 private:
  CountryCache blocks_;
  CountryCache addresses_;
  bool any_blocks_ = false;  // skip the block probe for back-ends that never vouch
};

absl::StatusOr<std::unique_ptr<CountryDb>> OpenMmdbCountryDb(const std::string& path);
// How the libloc back-end answers: by reading the database's network tree
// itself (kTree, the default: no allocation, and the answer's reach, so the
// block cache applies), or through loc_database_lookup() (kLibrary; also the
// fallback for a database format the tree reader does not know). Tests
// compare the two.
enum class LiblocLookup { kTree, kLibrary };
absl::StatusOr<std::unique_ptr<CountryDb>> OpenLiblocCountryDb(const std::string& path,
                                                               LiblocLookup how = LiblocLookup::kTree,
                                                               bool networks = true);

}  // namespace fwlog
