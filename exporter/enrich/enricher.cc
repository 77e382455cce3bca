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
  const std::string_view range = ranges_.Lookup(event.src_address, country != "private");
  event.range = range;
  event.range_identity = range.data();
  const ServiceRegistry::PortNames names =
      event.has_port ? services_.Names(event.port_number, event.proto) : ServiceRegistry::PortNames{kUnknown, kUnknown};
  event.service = names.service;
  event.service_identity = names.service.data();
  event.purpose = names.purpose;
  event.purpose_identity = names.purpose.data();
  const HourOfDay::Local local = hours_.Locate(event.time);
  event.hour = local.text;
  event.local_hour = static_cast<std::int32_t>(local.number);
}

}  // namespace fwlog
