#include "enrich/enricher.h"

#include <string_view>
#include <utility>

namespace fwlog {
namespace {

constexpr std::string_view kUnknown = "unknown";

}  // namespace

Enricher::Enricher(RangeTable ranges, ServiceRegistry services, std::unique_ptr<CountryDb> countries,
                   absl::TimeZone zone)
    : ranges_(std::move(ranges)),
      services_(std::move(services)),
      countries_(countries ? std::move(countries) : NullCountryDb()),
      hours_(zone) {}

const CountryDb& Enricher::countries() const { return *countries_; }

void Enricher::Enrich(Event& event) {
  // Views of the tables' own text (event.h): nothing is copied.
  const std::string_view country = countries_->Lookup(event.src_address);
  event.country = country;
  const RangeTable::Hit hit = ranges_.Match(event.src_address, country != "private");
  event.range = hit.range;
  event.range_identity = hit.range.data();
  event.category = hit.category;
  event.category_identity = hit.category.data();
  const std::string_view service = event.has_port ? services_.Lookup(event.port_number, event.proto) : kUnknown;
  event.service = service;
  event.service_identity = service.data();
  const HourOfDay::Local local = hours_.Locate(event.time);
  event.hour = local.text;
  event.local_hour = static_cast<std::int32_t>(local.number);
}

}  // namespace fwlog
