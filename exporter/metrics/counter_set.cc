#include "metrics/counter_set.h"

#include <algorithm>
#include <map>

#include "metrics/field_reader.h"
#include "metrics/label_value.h"
#include "metrics/series_index.h"

namespace fwlog {
namespace {

bool SameFilters(const std::vector<FieldFilter>& a, const std::vector<FieldFilter>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const FieldFilter& x, const FieldFilter& y) {
    return x.field == y.field && x.values == y.values;
  });
}

constexpr std::size_t kNoMetric = ~std::size_t{0};

}  // namespace

struct CounterSet::Metric {
  explicit Metric(const MetricSpec& s) : spec(s), definition(Definition(s)), index(s.labels, s.max_series) {}

  bool Accepts(const Event& event) {
    for (auto& f : match)
      if (!f.Contains(event)) return false;
    for (auto& f : exclude)
      if (f.Contains(event)) return false;
    return true;
  }

  MetricSpec spec;
  std::string definition;
  prometheus::Family<prometheus::Counter>* counters = nullptr;
  prometheus::Family<prometheus::Gauge>* gauges = nullptr;
  prometheus::Counter* overflow_total = nullptr;
  SeriesIndex index;
  std::vector<std::uint32_t> ids;  // the series made, in order
  std::vector<LabelFilter> match;
  std::vector<LabelFilter> exclude;
  // An earlier metric with the same match and exclude lists, whose answer
  // for the event this one takes (the default range metrics share theirs),
  // or kNoMetric.
  std::size_t same_filters_as = kNoMetric;
  // A counter by hour alone, or by hour and router: all 24 hours are made at
  // once (for each router, when its first series is made).
  bool all_hours = false;
};

CounterSet::CounterSet(prometheus::Registry& registry, const std::vector<MetricSpec>& specs,
                       prometheus::Family<prometheus::Counter>& overflow_family,
                       const std::vector<std::string>& routers)
    : registry_(registry) {
  // Grow only when series are made, which allocates anyway.
  dirty_.reserve(4096);
  series_.reserve(4096);
  pending_.reserve(4096);
  for (const auto& spec : specs) {
    auto m = std::make_unique<Metric>(spec);
    for (const auto& f : spec.match) m->match.emplace_back(f.field, f.values);
    for (const auto& f : spec.exclude) m->exclude.emplace_back(f.field, f.values);
    if (!spec.match.empty() || !spec.exclude.empty()) {
      for (std::size_t i = 0; i < metrics_.size() && m->same_filters_as == kNoMetric; ++i) {
        const MetricSpec& other = metrics_[i]->spec;
        if (SameFilters(spec.match, other.match) && SameFilters(spec.exclude, other.exclude)) m->same_filters_as = i;
      }
    }
    if (spec.kind == MetricKind::kCounter) {
      m->counters = &prometheus::BuildCounter().Name(spec.name).Help(spec.help).Register(registry);
    } else {
      m->gauges = &prometheus::BuildGauge().Name(spec.name).Help(spec.help).Register(registry);
    }
    m->overflow_total = &overflow_family.Add({{"metric", spec.name}});
    // A counter by hour (and router) starts with all 24 hours at 0, so an
    // hour-of-day chart always has its 24 bars, unless a filter on the hour
    // itself says which hours the metric is about.
    const auto on_hour = [](const FieldFilter& f) { return f.field == Field::kHour; };
    const bool by_hour_and_router =
        spec.labels.size() == 2 && std::count(spec.labels.begin(), spec.labels.end(), Field::kRouter) == 1;
    m->all_hours = spec.kind == MetricKind::kCounter &&
                   std::count(spec.labels.begin(), spec.labels.end(), Field::kHour) == 1 &&
                   (spec.labels.size() == 1 || by_hour_and_router) &&
                   std::none_of(spec.match.begin(), spec.match.end(), on_hour) &&
                   std::none_of(spec.exclude.begin(), spec.exclude.end(), on_hour);
    if (m->all_hours) {
      if (by_hour_and_router) {
        for (const auto& router : routers) AllHours(*m, router);
      } else {
        AllHours(*m, "");
      }
    }
    metrics_.push_back(std::move(m));
  }
  accepted_.assign(metrics_.size(), 0);
}

void CounterSet::AllHours(Metric& metric, std::string_view router) {
  const auto make = [this, &metric](const auto& values, bool overflow) { return Make(metric, values, overflow); };
  const std::size_t hour_label = metric.spec.labels[0] == Field::kHour ? 0 : 1;
  std::vector<std::string> values(metric.spec.labels.size(), std::string(router));
  for (int h = 0; h < 24; ++h) {
    values[hour_label] = {static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10)};
    bool made;
    metric.index.FindValues(values, make, made);
  }
}

CounterSet::~CounterSet() {
  for (auto& m : metrics_) {
    if (m->counters) registry_.Remove(*m->counters);
    if (m->gauges) registry_.Remove(*m->gauges);
  }
}

std::string CounterSet::Definition(const MetricSpec& spec) {
  // The suffix tells this digest from the one of the versions before the
  // overflow series had its own label, whose states are read differently.
  return UnmarkedDefinition(spec) + (spec.max_series > 0 ? ";overflow=marked" : "");
}

std::string CounterSet::UnmarkedDefinition(const MetricSpec& spec) {
  std::string d;
  d += spec.kind == MetricKind::kCounter ? "counter" : spec.kind == MetricKind::kFirstSeen ? "first_seen" : "last_seen";
  d += ";labels=";
  for (auto f : spec.labels) d += std::string(FieldName(f)) + ",";
  auto filters = [&d](const char* what, const std::vector<FieldFilter>& fs) {
    d += what;
    for (const auto& f : fs) {
      d += std::string(FieldName(f.field)) + ":";
      for (const auto& v : f.values) d += v + "|";
      d += ",";
    }
  };
  filters(";match=", spec.match);
  filters(";exclude=", spec.exclude);
  d += ";max_series=" + std::to_string(spec.max_series);
  return d;
}

std::uint32_t CounterSet::Make(Metric& metric, const std::vector<std::string>& values, bool overflow) {
  const auto& spec = metric.spec;
  std::map<std::string, std::string> labels;
  Series series;
  for (std::size_t i = 0; i < spec.labels.size(); ++i) {
    const std::string name(FieldName(spec.labels[i]));
    std::string value = SanitizeLabelValue(values[i]);
    labels[name] = value;
    series.labels.emplace_back(name, std::move(value));
  }
  if (overflow) {
    labels[std::string(kOverflowLabel)] = "true";
    series.labels.emplace_back(kOverflowLabel, "true");
    series.overflow_total = metric.overflow_total;
  }
  if (metric.counters)
    series.counter = &metric.counters->Add(labels);
  else
    series.gauge = &metric.gauges->Add(labels);
  const auto id = static_cast<std::uint32_t>(series_.size());
  series_.push_back(std::move(series));
  pending_.push_back(0);
  metric.ids.push_back(id);
  return id;
}

void CounterSet::Count(const Event& event) {
  for (std::size_t m = 0; m < metrics_.size(); ++m) {
    Metric& metric = *metrics_[m];
    const bool accepted =
        metric.same_filters_as == kNoMetric ? metric.Accepts(event) : accepted_[metric.same_filters_as] != 0;
    accepted_[m] = accepted;
    if (!accepted) continue;
    const auto make = [this, &metric](const auto& values, bool overflow) { return Make(metric, values, overflow); };
    bool made;
    const std::uint32_t id = metric.index.Find(event, make, made);
    if (made && metric.all_hours && metric.spec.labels.size() == 2) AllHours(metric, event.router);
    // Every kind tallies its events, for the overflow series' count in
    // fwlog_series_overflow_total (a gauge's tally is published nowhere else).
    if (pending_[id]++ == 0) dirty_.push_back(id);
    if (metric.spec.kind == MetricKind::kCounter) continue;
    prometheus::Gauge& gauge = *series_[id].gauge;
    const double time = static_cast<double>(event.time);
    if (made || (metric.spec.kind == MetricKind::kFirstSeen ? time < gauge.Value() : time > gauge.Value()))
      gauge.Set(time);
  }
}

void CounterSet::Publish() {
  for (const std::uint32_t id : dirty_) {
    const Series& series = series_[id];
    const auto n = static_cast<double>(pending_[id]);
    if (series.counter != nullptr) series.counter->Increment(n);
    if (series.overflow_total != nullptr) series.overflow_total->Increment(n);
    pending_[id] = 0;
  }
  dirty_.clear();
}

std::vector<MetricCheckpoint> CounterSet::Snapshot() {
  Publish();
  std::vector<MetricCheckpoint> out;
  for (const auto& mp : metrics_) {
    const Metric& metric = *mp;
    MetricCheckpoint cp;
    cp.metric = metric.spec.name;
    cp.definition = metric.definition;
    for (const std::uint32_t id : metric.ids) {
      const Series& s = series_[id];
      cp.samples.push_back({cp.metric, s.labels, s.counter ? s.counter->Value() : s.gauge->Value()});
    }
    out.push_back(std::move(cp));
  }
  return out;
}

std::size_t CounterSet::Restore(const std::vector<MetricCheckpoint>& saved, std::string_view only_router) {
  std::size_t restored = 0;
  for (const auto& cp : saved) {
    for (auto& mp : metrics_) {
      Metric& metric = *mp;
      if (metric.spec.name != cp.metric) continue;
      // A state written before the router label: the same definition without
      // it, restored under the one router there is.
      const int router = metric.index.router_label();
      MetricSpec before_router = metric.spec;
      if (router >= 0) before_router.labels.erase(before_router.labels.begin() + router);
      const bool add_router = router >= 0 && !only_router.empty() && cp.definition != metric.definition &&
                              (cp.definition == Definition(before_router) ||
                               (metric.spec.max_series > 0 && cp.definition == UnmarkedDefinition(before_router)));
      const MetricSpec& spec = add_router ? before_router : metric.spec;
      // A state written before the overflow series had its own label holds
      // it as a tuple of "other"s (the digest then lacks the suffix).
      const bool unmarked =
          cp.definition != Definition(spec) && spec.max_series > 0 && cp.definition == UnmarkedDefinition(spec);
      if (cp.definition != Definition(spec) && !unmarked) continue;
      const auto make = [this, &metric](const auto& values, bool overflow) { return Make(metric, values, overflow); };
      for (const auto& sample : cp.samples) {
        std::vector<std::string> values;
        bool overflow = false;
        for (const auto& [name, value] : sample.labels) {
          if (name == kOverflowLabel) {
            overflow = value == "true";
          } else {
            values.push_back(value);
          }
        }
        if (values.size() != spec.labels.size()) continue;
        if (unmarked)
          overflow = !values.empty() &&
                     std::all_of(values.begin(), values.end(), [](const std::string& v) { return v == "other"; });
        if (add_router) values.insert(values.begin() + router, std::string(only_router));
        bool made;
        const std::uint32_t id =
            overflow ? metric.index.Overflow(router >= 0 ? values[static_cast<std::size_t>(router)] : "", make, made)
                     : metric.index.FindValues(values, make, made);
        Series& series = series_[id];
        if (series.counter)
          series.counter->Increment(sample.value);
        else
          series.gauge->Set(sample.value);
      }
      ++restored;
    }
  }
  return restored;
}

}  // namespace fwlog
