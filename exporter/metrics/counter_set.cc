#include "metrics/counter_set.h"

#include <algorithm>

#include "absl/strings/string_view.h"
#include "metrics/label_value.h"

namespace fwlog {
namespace {

bool InList(std::string_view value, const std::vector<std::string>& values) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

// Reads one field of an Event as label text: a text field straight from its
// member (resolved once, not through Get()'s switch per read), action and
// time through ActionName / Event::Get.
class FieldReader {
 public:
  explicit FieldReader(Field field) : field_(field), member_(Member(field)) {}
  std::string_view Read(const Event& event) const {
    if (member_ != nullptr) return event.*member_;
    if (field_ == Field::kAction) return ActionName(event.action);
    return event.Get(field_);
  }

 private:
  using Text = std::string Event::*;
  static Text Member(Field field) {
    switch (field) {
      case Field::kTime:
      case Field::kAction:
        return nullptr;
      case Field::kHost:
        return &Event::host;
      case Field::kRule:
        return &Event::rule;
      case Field::kIn:
        return &Event::in;
      case Field::kOut:
        return &Event::out;
      case Field::kFamily:
        return &Event::family;
      case Field::kProto:
        return &Event::proto;
      case Field::kSrc:
        return &Event::src;
      case Field::kDst:
        return &Event::dst;
      case Field::kSport:
        return &Event::sport;
      case Field::kPort:
        return &Event::port;
      case Field::kTcpFlags:
        return &Event::tcp_flags;
      case Field::kRange:
        return &Event::range;
      case Field::kService:
        return &Event::service;
      case Field::kCountry:
        return &Event::country;
      case Field::kHour:
        return &Event::hour;
      case Field::kInput:
        return &Event::input;
    }
    return nullptr;
  }

  Field field_;
  Text member_;
};

struct Filter {
  FieldReader reader;
  std::vector<std::string> values;
};

}  // namespace

struct CounterSet::Metric {
  MetricSpec spec;
  std::string definition;
  prometheus::Family<prometheus::Counter>* counters = nullptr;
  prometheus::Family<prometheus::Gauge>* gauges = nullptr;
  absl::flat_hash_map<std::string, Series> series;
  Series overflow;
  prometheus::Counter* overflow_total = nullptr;
  std::vector<FieldReader> labels;
  std::vector<Filter> match;
  std::vector<Filter> exclude;
  std::string key;

  bool Accepts(const Event& event) const {
    for (const auto& f : match)
      if (!InList(f.reader.Read(event), f.values)) return false;
    for (const auto& f : exclude)
      if (InList(f.reader.Read(event), f.values)) return false;
    return true;
  }
};

CounterSet::CounterSet(prometheus::Registry& registry, const std::vector<MetricSpec>& specs,
                       prometheus::Family<prometheus::Counter>& overflow_family)
    : registry_(registry) {
  for (const auto& spec : specs) {
    auto m = std::make_unique<Metric>();
    m->spec = spec;
    m->definition = Definition(spec);
    for (auto f : spec.labels) m->labels.emplace_back(f);
    for (const auto& f : spec.match) m->match.push_back({FieldReader(f.field), f.values});
    for (const auto& f : spec.exclude) m->exclude.push_back({FieldReader(f.field), f.values});
    m->key.reserve(256);
    if (spec.kind == MetricKind::kCounter) {
      m->counters = &prometheus::BuildCounter().Name(spec.name).Help(spec.help).Register(registry);
    } else {
      m->gauges = &prometheus::BuildGauge().Name(spec.name).Help(spec.help).Register(registry);
    }
    m->overflow_total = &overflow_family.Add({{"metric", spec.name}});
    m->series.reserve(spec.max_series > 0 ? std::min<std::size_t>(spec.max_series, 4096) : 64);
    // A counter by hour alone starts with all 24 hours at 0, so an hour-of-day
    // chart always has its 24 bars.
    if (spec.kind == MetricKind::kCounter && spec.labels.size() == 1 && spec.labels[0] == Field::kHour &&
        spec.match.empty() && spec.exclude.empty()) {
      for (int h = 0; h < 24; ++h) {
        const std::string hour = (h < 10 ? "0" : "") + std::to_string(h);
        FindOrCreate(*m, hour + '\x1f', {hour});
      }
    }
    metrics_.push_back(std::move(m));
  }
}

CounterSet::~CounterSet() {
  for (auto& m : metrics_) {
    if (m->counters) registry_.Remove(*m->counters);
    if (m->gauges) registry_.Remove(*m->gauges);
  }
}

std::string CounterSet::Definition(const MetricSpec& spec) {
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

CounterSet::Series* CounterSet::FindOrCreate(Metric& metric, const std::string& key,
                                             const std::vector<std::string>& values) {
  if (auto it = metric.series.find(key); it != metric.series.end()) return &it->second;
  const auto& spec = metric.spec;
  std::map<std::string, std::string> labels;
  Series series;
  if (spec.max_series > 0 && metric.series.size() >= spec.max_series) {
    metric.overflow_total->Increment();
    if (metric.overflow.counter == nullptr && metric.overflow.gauge == nullptr) {
      for (auto f : spec.labels) {
        labels[std::string(FieldName(f))] = "other";
        metric.overflow.labels.emplace_back(std::string(FieldName(f)), "other");
      }
      if (metric.counters) metric.overflow.counter = &metric.counters->Add(labels);
      else metric.overflow.gauge = &metric.gauges->Add(labels);
    }
    return &metric.overflow;
  }
  for (std::size_t i = 0; i < spec.labels.size(); ++i) {
    const std::string name(FieldName(spec.labels[i]));
    std::string value = SanitizeLabelValue(values[i]);
    labels[name] = value;
    series.labels.emplace_back(name, std::move(value));
  }
  if (metric.counters) series.counter = &metric.counters->Add(labels);
  else series.gauge = &metric.gauges->Add(labels);
  return &metric.series.emplace(key, std::move(series)).first->second;
}

void CounterSet::Apply(Metric& metric, Series& series, double time, bool is_new) {
  switch (metric.spec.kind) {
    case MetricKind::kCounter:
      series.counter->Increment();
      break;
    case MetricKind::kFirstSeen:
      if (is_new || time < series.gauge->Value()) series.gauge->Set(time);
      break;
    case MetricKind::kLastSeen:
      if (is_new || time > series.gauge->Value()) series.gauge->Set(time);
      break;
  }
}

void CounterSet::Count(const Event& event) {
  for (auto& mp : metrics_) {
    Metric& metric = *mp;
    if (!metric.Accepts(event)) continue;
    metric.key.clear();
    for (const auto& reader : metric.labels) {
      metric.key.append(reader.Read(event));
      metric.key.push_back('\x1f');
    }
    // absl::string_view: Debian builds abseil with its own string_view type.
    auto it = metric.series.find(absl::string_view(metric.key.data(), metric.key.size()));
    if (it != metric.series.end()) {
      Apply(metric, it->second, static_cast<double>(event.time), false);
      continue;
    }
    const bool overflow_existed = metric.overflow.counter != nullptr || metric.overflow.gauge != nullptr;
    if (overflow_existed && metric.spec.max_series > 0 && metric.series.size() >= metric.spec.max_series) {
      // Full, with its overflow series in place: as FindOrCreate would, but
      // without copying the label values (a long one would allocate).
      metric.overflow_total->Increment();
      Apply(metric, metric.overflow, static_cast<double>(event.time), false);
      continue;
    }
    scratch_values_.clear();
    for (const auto& reader : metric.labels) scratch_values_.emplace_back(reader.Read(event));
    Series* series = FindOrCreate(metric, metric.key, scratch_values_);
    const bool is_new = series != &metric.overflow || !overflow_existed;
    Apply(metric, *series, static_cast<double>(event.time), is_new);
  }
}

std::vector<MetricCheckpoint> CounterSet::Snapshot() const {
  std::vector<MetricCheckpoint> out;
  for (const auto& mp : metrics_) {
    const Metric& metric = *mp;
    MetricCheckpoint cp;
    cp.metric = metric.spec.name;
    cp.definition = metric.definition;
    auto add = [&cp](const Series& s) {
      if (s.counter == nullptr && s.gauge == nullptr) return;
      cp.samples.push_back({"", s.labels, s.counter ? s.counter->Value() : s.gauge->Value()});
    };
    for (const auto& [key, series] : metric.series) add(series);
    add(metric.overflow);
    for (auto& sample : cp.samples) sample.metric = cp.metric;
    out.push_back(std::move(cp));
  }
  return out;
}

std::size_t CounterSet::Restore(const std::vector<MetricCheckpoint>& saved) {
  std::size_t restored = 0;
  for (const auto& cp : saved) {
    for (auto& mp : metrics_) {
      Metric& metric = *mp;
      if (metric.spec.name != cp.metric || metric.definition != cp.definition) continue;
      for (const auto& sample : cp.samples) {
        if (sample.labels.size() != metric.spec.labels.size()) continue;
        std::string key;
        std::vector<std::string> values;
        bool all_other = !sample.labels.empty();
        for (const auto& [name, value] : sample.labels) {
          key += value;
          key.push_back('\x1f');
          values.push_back(value);
          all_other = all_other && value == "other";
        }
        Series* series;
        if (all_other && metric.spec.max_series > 0) {
          // The overflow series: restore it as such, outside the cap.
          std::map<std::string, std::string> labels;
          for (const auto& [name, value] : sample.labels) labels[name] = value;
          metric.overflow.labels = sample.labels;
          if (metric.counters) metric.overflow.counter = &metric.counters->Add(labels);
          else metric.overflow.gauge = &metric.gauges->Add(labels);
          series = &metric.overflow;
        } else {
          series = FindOrCreate(metric, key, values);
        }
        if (series->counter) series->counter->Increment(sample.value);
        else series->gauge->Set(sample.value);
      }
      ++restored;
    }
  }
  return restored;
}

}  // namespace fwlog
