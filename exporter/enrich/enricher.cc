#include "enrich/enricher.h"

#include <string_view>
#include <utility>

namespace fwlog {
namespace {

constexpr std::string_view kUnknown = "unknown";
constexpr std::string_view kYes = "yes";
constexpr std::string_view kNo = "no";

}  // namespace

Enricher::Enricher(RangeTable ranges, ServiceRegistry services, std::unique_ptr<CountryDb> countries,
                   absl::TimeZone zone)
    : ranges_(std::move(ranges)),
      services_(std::move(services)),
      countries_(countries ? std::move(countries) : NullCountryDb()),
      as_names_([db = countries_.get()](std::uint32_t asn) { return db->AsName(asn); }),
      hours_(zone) {}

const CountryDb& Enricher::countries() const { return *countries_; }

void Enricher::Enrich(Event& event) {
  // Views of the tables' own text (event.h): nothing is copied.
  const Origin origin = countries_->Find(event.src_address);
  const bool global = origin.code != CountryCode::Private();
  event.country = origin.code.text();
  const AsNames::Names as = global ? as_names_.Get(origin.asn) : as_names_.Private();
  event.asn = as.number;
  event.asn_identity = as.number.data();
  event.as_org = as.name;
  event.as_org_identity = as.name.data();
  event.asn_ordinal = as.ordinal;
  event.drop_listed = origin.drop_listed ? kYes : kNo;
  const RangeTable::Hit hit = ranges_.Match(event.src_address, global);
  event.range = hit.range;
  event.range_identity = hit.range.data();
  event.category = hit.category;
  event.category_identity = hit.category.data();
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
