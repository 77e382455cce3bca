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
// Not thread-safe (it carries the hour span and the country caches); one
// Enricher per pipeline thread.
#pragma once

#include <memory>

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
  // A null `countries` means NullCountryDb().
  Enricher(RangeTable ranges, ServiceRegistry services, std::unique_ptr<CountryDb> countries, absl::TimeZone zone);
  void Enrich(Event& event);
  // A hint that Enrich(event) follows soon: starts loading the country and
  // service tables' entries it will read.
  void Prefetch(const Event& event) const {
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
  AsNames as_names_;
  HourOfDay hours_;
};

}  // namespace fwlog
