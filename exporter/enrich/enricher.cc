#include "enrich/enricher.h"

#include <string_view>
#include <utility>

namespace fwlog {
namespace {

constexpr std::string_view kUnknown = "unknown";

// Replaces `field`'s text, keeping its capacity (std::string::assign takes the
// general replace path with aliasing checks, which also trips a false
// -Wrestrict in GCC 12 at -O3).
void Assign(std::string& field, std::string_view value) {
  field.clear();
  field.append(value.data(), value.size());
}

}  // namespace

Enricher::Enricher(RangeTable ranges, ServiceRegistry services, std::unique_ptr<CountryDb> countries,
                   absl::TimeZone zone)
    : ranges_(std::move(ranges)),
      services_(std::move(services)),
      countries_(countries ? std::move(countries) : NullCountryDb()),
      hours_(zone) {}

const CountryDb& Enricher::countries() const { return *countries_; }

void Enricher::Enrich(Event& event) {
  const std::string_view country = countries_->Lookup(event.src_address);
  Assign(event.country, country);
  const std::string_view range = ranges_.Lookup(event.src_address, country != "private");
  Assign(event.range, range);
  event.range_identity = range.data();
  const std::string_view service = event.has_port ? services_.Lookup(event.port_number, event.proto) : kUnknown;
  Assign(event.service, service);
  event.service_identity = service.data();
  Assign(event.hour, hours_.At(event.time));
}

}  // namespace fwlog
