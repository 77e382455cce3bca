#include "enrich/hour_of_day.h"

#include <algorithm>

namespace fwlog {
namespace {

constexpr char kHours[] = "000102030405060708091011121314151617181920212223";

}  // namespace

void HourOfDay::Compute(std::int64_t unix_seconds) {
  const absl::Time at = absl::FromUnixSeconds(unix_seconds);
  const absl::TimeZone::CivilInfo local = zone_.At(at);
  Span& span = spans_[0];
  span.text = kHours + 2 * local.cs.hour();
  span.number = absl::CivilHour(local.cs) - absl::CivilHour(1970, 1, 1, 0);
  // The local hour around `at` at the current UTC offset ...
  span.begin = unix_seconds - (local.cs.minute() * 60 + local.cs.second());
  span.end = span.begin + 3600;
  // ... cut at offset changes, so the offset is the same across the span.
  // (zone.At(transition.to).trans is the instant of a transition.)
  absl::TimeZone::CivilTransition transition;
  if (zone_.PrevTransition(at + absl::Seconds(1), &transition)) {
    const auto changed = absl::ToUnixSeconds(zone_.At(transition.to).trans);
    if (changed <= unix_seconds) span.begin = std::max(span.begin, changed);
  }
  if (zone_.NextTransition(at, &transition)) {
    const auto changes = absl::ToUnixSeconds(zone_.At(transition.to).trans);
    if (changes > unix_seconds) span.end = std::min(span.end, changes);
  }
}

}  // namespace fwlog
