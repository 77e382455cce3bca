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
                   absl::TimeZone zone, Options options)
    : ranges_(std::move(ranges)),
      services_(std::move(services)),
      countries_(countries ? std::move(countries) : NullCountryDb()),
      as_names_([db = countries_.get()](std::uint32_t asn) { return db->AsName(asn); }),
      hours_(zone) {
  if (options.memo) memo_.resize(std::size_t{1} << kMemoBits);
}

const CountryDb& Enricher::countries() const { return *countries_; }

void Enricher::Source(Event& event, CountryCode country, bool drop_listed, const AsNames::Names& as,
                      RangeTable::Hit hit) {
  // Views of the tables' own text (event.h): nothing is copied.
  event.country = country.text();
  event.asn = as.number;
  event.asn_identity = as.number.data();
  event.as_org = as.name;
  event.as_org_identity = as.name.data();
  event.asn_ordinal = as.ordinal;
  event.drop_listed = drop_listed ? kYes : kNo;
  event.range = hit.range;
  event.range_identity = hit.range.data();
  event.category = hit.category;
  event.category_identity = hit.category.data();
}

void Enricher::Enrich(Event& event) {
  const IpAddress& source = event.src_address;
  // The memo's slot for an IPv4 source, and whether it holds this source
  // (the address is kept plus one, 0 marking an empty slot, so
  // 255.255.255.255 is never remembered).
  Remembered* slot = nullptr;
  bool remembered = false;
  if (!memo_.empty() && source.is_v4() && source.v4() != 0xffffffffu) {
    slot = &memo_[MemoSlot(source.v4())];
    remembered = slot->address_plus_one == source.v4() + 1;
  }
  if (remembered) {
    Source(event, slot->country, slot->drop_listed, as_names_.ByOrdinal(slot->as_ordinal),
           ranges_.HitOfNumber(slot->range, slot->country != CountryCode::Private()));
  } else {
    const Origin origin = countries_->Find(source);
    const bool global = origin.code != CountryCode::Private();
    const AsNames::Names as = global ? as_names_.Get(origin.asn) : as_names_.Private();
    const std::int64_t range = ranges_.RangeNumber(source);
    Source(event, origin.code, origin.drop_listed, as, ranges_.HitOfNumber(range, global));
    if (slot != nullptr)
      *slot =
          Remembered{source.v4() + 1, as.ordinal, static_cast<std::int32_t>(range), origin.code, origin.drop_listed};
  }
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
