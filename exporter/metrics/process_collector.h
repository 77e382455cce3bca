// ProcessCollector: the standard process_* metrics (CPU seconds, resident and
// virtual memory, open and maximum file descriptors, start time), read from
// /proc/self at scrape time. prometheus-cpp has no such collector; the names
// and meanings follow the Prometheus client libraries' convention.
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <vector>

namespace fwlog {

class ProcessCollector : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override;
};

}  // namespace fwlog
