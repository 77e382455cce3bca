// Enricher: fills an Event's range, service, country and hour fields from its
// packet fields, using a RangeTable, a ServiceRegistry, a CountryDb and the
// configured time zone. One call per event; no allocation once the event's
// strings have capacity.
#pragma once

#include <memory>

#include "absl/time/time.h"
#include "core/event.h"
#include "enrich/country_db.h"
#include "enrich/range_table.h"
#include "enrich/service_registry.h"

namespace fwlog {

class Enricher {
 public:
  Enricher(RangeTable ranges, ServiceRegistry services, std::unique_ptr<CountryDb> countries,
           absl::TimeZone zone);
  void Enrich(Event& event);
  const CountryDb& countries() const;
};

}  // namespace fwlog
