#include "enrich/enricher.h"

#include <algorithm>
#include <string_view>
#include <utility>

namespace fwlog {
namespace {

constexpr char kHours[] = "000102030405060708091011121314151617181920212223";
constexpr std::string_view kUnknown = "unknown";

}  // namespace

Enricher::Enricher(RangeTable ranges, ServiceRegistry services, std::unique_ptr<CountryDb> countries,
                   absl::TimeZone zone)
    : ranges_(std::move(ranges)),
      services_(std::move(services)),
      countries_(countries ? std::move(countries) : NullCountryDb()),
      zone_(zone) {}

const CountryDb& Enricher::countries() const { return *countries_; }

void Enricher::Enrich(Event& event) {
  // CountryDb answers "private" exactly for non-global sources (its contract),
  // so the range lookup need not ask IsGlobal() again.
  const std::string_view country = countries_->Lookup(event.src_address);
  event.country.assign(country);
  event.range.assign(ranges_.Lookup(event.src_address, country != "private"));
  event.service.assign(event.has_port ? services_.Lookup(event.port_number, event.proto) : kUnknown);
  if (hour_text_ == nullptr || event.time < hour_begin_ || event.time >= hour_end_) ComputeHour(event.time);
  event.hour.assign(hour_text_, 2);
}

void Enricher::ComputeHour(std::int64_t time) {
  const absl::Time at = absl::FromUnixSeconds(time);
  const absl::TimeZone::CivilInfo local = zone_.At(at);
  hour_text_ = kHours + 2 * local.cs.hour();
  // The local hour around `time` at the current UTC offset ...
  const std::int64_t into_hour = local.cs.minute() * 60 + local.cs.second();
  hour_begin_ = time - into_hour;
  hour_end_ = hour_begin_ + 3600;
  // ... cut at offset changes, so the offset is the same across the span.
  absl::TimeZone::CivilTransition transition;
  if (zone_.PrevTransition(at + absl::Seconds(1), &transition)) {
    const auto changed = absl::ToUnixSeconds(zone_.At(transition.to).trans);
    if (changed <= time) hour_begin_ = std::max(hour_begin_, changed);
  }
  if (zone_.NextTransition(at, &transition)) {
    const auto changes = absl::ToUnixSeconds(zone_.At(transition.to).trans);
    if (changes > time) hour_end_ = std::min(hour_end_, changes);
  }
}

}  // namespace fwlog
