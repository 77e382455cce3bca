#include "app/backfill_schedule.h"

#include <utility>

namespace fwlog {

SampleSchedule::SampleSchedule(absl::TimeZone zone, std::int64_t step, Emit emit)
    : zone_(zone), step_(step), emit_(std::move(emit)) {}

std::int64_t SampleSchedule::HourStart(std::int64_t t) const {
  return absl::ToUnixSeconds(absl::FromCivil(absl::ToCivilHour(absl::FromUnixSeconds(t), zone_), zone_));
}

std::int64_t SampleSchedule::DayStart(std::int64_t t) const {
  return absl::ToUnixSeconds(absl::FromCivil(absl::ToCivilDay(absl::FromUnixSeconds(t), zone_), zone_));
}

void SampleSchedule::BeginBoundary(std::int64_t b) {
  b_ = b;
  const std::int64_t before = b - step_;
  day_start_ = DayStart(before);
  hour_start_ = HourStart(before);
  // The first hour end / midnight at or after b.
  const std::int64_t h = HourStart(b);
  hour_end_ = h == b ? b : HourStart(h + 5400);
  const std::int64_t d = DayStart(b);
  day_end_ = d == b ? b : DayStart(d + 26 * 3600);
  while (!due_.empty() && due_.top().first < before) {
    const auto [time, id] = due_.top();
    due_.pop();
    Series& s = series_[id];
    // Stale when the series changed since (its pending times moved on).
    if (time == s.hour_end) {
      Write(id, s, time, s.value);
      s.hour_end = 0;
    } else if (time == s.day_end) {
      Write(id, s, time, s.value);
      s.day_end = 0;
    }
  }
  // A change at b writes nothing before the start of the day holding b - step.
  settled_ = due_.empty() ? day_start_ : std::min(day_start_, due_.top().first);
}

void SampleSchedule::Write(std::uint32_t id, Series& s, std::int64_t time, double value) {
  if (time <= s.last_time) return;
  s.last_time = time;
  emit_(id, time, value);
}

void SampleSchedule::FlushAfter(std::uint32_t id, Series& s, std::int64_t before) {
  if (s.hour_end != 0 && s.hour_end < before) Write(id, s, s.hour_end, s.value);
  if (s.day_end != 0 && s.day_end < before) Write(id, s, s.day_end, s.value);
  s.hour_end = s.day_end = 0;
}

void SampleSchedule::Change(std::uint32_t id, double value, bool counter) {
  if (id >= series_.size()) series_.resize(id + 1);
  Series& s = series_[id];
  if (s.known && value == s.value) return;  // a gauge that did not move
  const std::int64_t before = b_ - step_;
  FlushAfter(id, s, before);
  if (s.known || counter) {
    const double old = s.known ? s.value : 0;
    Write(id, s, day_start_, old);
    Write(id, s, hour_start_, old);
    Write(id, s, before, old);
  }
  s.known = true;
  s.value = value;
  Write(id, s, b_, value);
  if (hour_end_ > b_) {
    s.hour_end = hour_end_;
    due_.emplace(hour_end_, id);
  }
  if (day_end_ > b_ && day_end_ != hour_end_) {
    s.day_end = day_end_;
    due_.emplace(day_end_, id);
  }
}

void SampleSchedule::Finish() {
  for (std::uint32_t id = 0; id < series_.size(); ++id) FlushAfter(id, series_[id], INT64_MAX);
  while (!due_.empty()) due_.pop();
}

}  // namespace fwlog
