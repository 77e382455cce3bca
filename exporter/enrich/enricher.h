// Enricher: fills an Event's range, service, country and hour fields from its
// packet fields, using a RangeTable, a ServiceRegistry, a CountryDb and the
// configured time zone. One call per event; no allocation once the event's
// strings have capacity and the country cache is warm.
//
//   range    RangeTable::Lookup(src_address)         nict-notice | private | other
//   service  ServiceRegistry::Lookup(port, proto)    ssh; "unknown" when the event
//                                                    has no port (icmp, gre, ...)
//   country  CountryDb::Lookup(src_address)          JP | private | unknown
//   hour     hour of day of `time` in the zone       "00".."23"
//
// The hour is the one field that needs a time-zone conversion, so the
// Enricher remembers the span of Unix seconds that shares the last hour it
// computed (a whole local hour, cut short at any UTC-offset change inside it,
// so DST and half-hour shifts stay exact) and converts again only when an
// event falls outside it. Logs are mostly in time order, so that is about
// once an hour.
//
// Not thread-safe (it carries the hour span and the country cache); one
// Enricher per pipeline thread.
#pragma once

#include <cstdint>
#include <memory>

#include "absl/time/time.h"
#include "core/event.h"
#include "enrich/country_db.h"
#include "enrich/range_table.h"
#include "enrich/service_registry.h"

namespace fwlog {

class Enricher {
 public:
  // A null `countries` means NullCountryDb().
  Enricher(RangeTable ranges, ServiceRegistry services, std::unique_ptr<CountryDb> countries,
           absl::TimeZone zone);
  void Enrich(Event& event);

  const CountryDb& countries() const;
  const RangeTable& ranges() const { return ranges_; }
  const ServiceRegistry& services() const { return services_; }
  absl::TimeZone zone() const { return zone_; }

 private:
  // Sets the hour span around `time` (Unix seconds).
  void ComputeHour(std::int64_t time);

  RangeTable ranges_;
  ServiceRegistry services_;
  std::unique_ptr<CountryDb> countries_;
  absl::TimeZone zone_;
  // Every second in [hour_begin_, hour_end_) has local hour hour_text_.
  std::int64_t hour_begin_ = 0;
  std::int64_t hour_end_ = 0;
  const char* hour_text_ = nullptr;
};

}  // namespace fwlog
