// Enricher: fills an Event's range, category, service, purpose, country, asn, as_org, drop_listed and hour fields from
// its packet fields, using a RangeTable, a ServiceRegistry, a CountryDb and the configured time zone. One call per
// event; no allocation once the event's strings have capacity and the country caches are warm.
//
//   country  CountryDb::Find(src_address).code      JP | EU | private | unknown
//   asn      ... .asn, named by AsNames             398324 | private | unknown
//   as_org   the AS's name in the database           CENSYS-ARIN-01 | private | unknown
//   drop_listed  ... .drop_listed                     yes | no
//   range    RangeTable::Match(src_address)          nict-notice | private | other
//   category the same search: the range's category    government-survey | unknown
//                                                    (a range without one) |
//                                                    private | other
//   service  ServiceRegistry::Lookup(port, proto)    ssh | unknown; "unknown" also
//                                                    when the event has no port
//                                                    (icmp, gre, ...)
//   purpose  ServiceRegistry::Names(port, proto)     android-adb (the curated
//                                                    table's), else the service:
//                                                    ssh | unknown
//   hour     HourOfDay::Locate(time) in the zone     "00".."23" (and local_hour,
//                                                    the civil hour's number)
//
// The country is looked up first: a CountryDb answers "private" exactly for
// non-global sources, which spares the range lookup its own IsGlobal() check
// (and such a source's asn and as_org are "private" too). One Find() answers
// country, AS number and drop flag together (libloc's flattened IPv4 table
// holds all three per range).
//
// The source's fields (country, asn, as_org, drop_listed, range, category)
// depend on its address alone, and a log's busy sources come back again and
// again: an IPv4 source's answers are remembered in a direct-mapped memo of
// 2^kMemoBits (131 072) slots of 16 bytes, so a source met recently costs one
// read there and one of its AS's names instead of the country table's three
// dependent reads, the AS names' two and the range table's (measured in
// docs/performance.md).
// Options::memo false goes without (the reference that
// tests/enrich/enricher_test.cc compares it with).
//
// Not thread-safe (it carries the hour span, the memo and the country
// caches); one Enricher per pipeline thread.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "core/event.h"
#include "enrich/as_names.h"
#include "enrich/country/country_db.h"
#include "enrich/hour_of_day.h"
#include "enrich/range_table.h"
#include "enrich/service_registry.h"

namespace fwlog {

class Enricher {
 public:
  struct Options {
    bool memo = true;  // remember IPv4 sources' fields (above)
  };
  // A null `countries` means NullCountryDb().
  Enricher(RangeTable ranges, ServiceRegistry services, std::unique_ptr<CountryDb> countries, absl::TimeZone zone,
           Options options);
  Enricher(RangeTable ranges, ServiceRegistry services, std::unique_ptr<CountryDb> countries, absl::TimeZone zone)
      : Enricher(std::move(ranges), std::move(services), std::move(countries), zone, Options{}) {}
  void Enrich(Event& event);
  // A hint that Enrich(event) follows soon: starts loading the memo slot,
  // country and service tables' entries it will read.
  void Prefetch(const Event& event) const {
    if (!memo_.empty() && event.src_address.is_v4()) __builtin_prefetch(&memo_[MemoSlot(event.src_address.v4())]);
    // The country table's too, whether or not the memo holds the source:
    // skipping it for remembered sources measured slower.
    countries_->Prefetch(event.src_address);
    if (event.has_port) services_.Prefetch(event.port_number, event.proto);
  }

  const CountryDb& countries() const;
  const RangeTable& ranges() const { return ranges_; }
  const ServiceRegistry& services() const { return services_; }
  absl::TimeZone zone() const { return hours_.zone(); }

 private:
  RangeTable ranges_;
  ServiceRegistry services_;
  std::unique_ptr<CountryDb> countries_;
  // An IPv4 source's fields, in 16 bytes: four slots to a cache line.
  struct Remembered {
    std::uint32_t address_plus_one = 0;  // 0: an empty slot
    std::uint32_t as_ordinal = 0;        // AsNames::ByOrdinal()
    std::int32_t range = -1;             // RangeTable::RangeNumber()
    CountryCode country;
    bool drop_listed = false;
  };
  static_assert(sizeof(Remembered) == 16);
  static constexpr int kMemoBits = 17;  // 131 072 slots, 2 MiB
  static std::size_t MemoSlot(std::uint32_t a) { return (a * 0x9E3779B1u) >> (32 - kMemoBits); }
  void Source(Event& event, CountryCode country, bool drop_listed, const AsNames::Names& as, RangeTable::Hit hit);

  AsNames as_names_;
  HourOfDay hours_;
  std::vector<Remembered> memo_;  // empty: Options::memo false
};

}  // namespace fwlog
