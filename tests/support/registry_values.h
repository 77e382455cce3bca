// For tests: what a scrape of a prometheus-cpp registry would read, as
// "name{label=value,...}" -> value (counters and gauges).
#pragma once

#include <prometheus/registry.h>

#include <map>
#include <string>

namespace fwlog::testing {

inline std::map<std::string, double> RegistryValues(const prometheus::Registry& registry) {
  std::map<std::string, double> out;
  for (const auto& family : registry.Collect()) {
    for (const auto& m : family.metric) {
      std::string key = family.name + "{";
      for (const auto& l : m.label) key += l.name + "=" + l.value + ",";
      key += "}";
      out[key] = family.type == prometheus::MetricType::Counter ? m.counter.value : m.gauge.value;
    }
  }
  return out;
}

}  // namespace fwlog::testing
