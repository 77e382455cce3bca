// CounterSet: the configured event metrics (MetricSpec), kept in a
// prometheus-cpp Registry, and Count(), which adds one event to every metric
// whose match/exclude filters accept it.
//
// Each metric finds its series by label values through its SeriesIndex
// (series_index.h): once a series exists, an event costs a lookup and a
// plain add, with no allocation, no lock and no atomic operation (the
// Registry's own lock is taken only when a series is made). Counts are
// gathered in an array by series id and added to the Registry's counters by
// Publish(): one atomic add per touched series per batch of lines instead of
// one per event. The filters (field_reader.h) are resolved to Event members
// once, at construction; a metric whose match and exclude lists equal an
// earlier metric's takes that one's answer.
//
// A metric with max_series keeps at most that many series per router (per
// value of its label `router`; the whole metric when it has none); a
// router's further label combinations are counted in its overflow series,
// whose labels are all "other" but the router and which alone carries the
// label overflow="true" (kOverflowLabel), so that it stays apart from a real
// tuple of "other"s (range "other": a source in no catalog range); each
// event counted there also counts in fwlog_series_overflow_total{metric}.
//
// A counter labelled by hour alone starts with all 24 hours at 0; one
// labelled by hour and router, with 24 hours at 0 for each router named at
// construction and for any other router as soon as it has a series.
//
// Kinds: counter (+1 per event); first_seen / last_seen (a gauge holding the
// earliest / latest event time, Unix seconds).
//
// Count(), Publish(), Snapshot() and Restore() belong to one thread (the pipeline's);
// scrapes read the Registry concurrently, which prometheus-cpp allows.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/config.h"
#include "core/checkpoint.h"
#include "core/event.h"

namespace fwlog {

class CounterSet {
 public:
  // `routers`: the routers known before any event (RouterNames::Named()).
  CounterSet(prometheus::Registry& registry, const std::vector<MetricSpec>& specs,
             prometheus::Family<prometheus::Counter>& overflow_family, const std::vector<std::string>& routers = {});
  ~CounterSet();
  CounterSet(const CounterSet&) = delete;
  CounterSet& operator=(const CounterSet&) = delete;

  void Count(const Event& event);
  // Adds what Count() gathered since the last call to the Registry's
  // counters, which scrapes read. The pipeline calls it every few thousand
  // lines and whenever its inputs have nothing more to hand over.
  void Publish();

  // Publishes first.
  std::vector<MetricCheckpoint> Snapshot();
  // Restores values of metrics whose name and definition are unchanged;
  // returns how many metrics were restored. `only_router`: the
  // configuration's one router, if it has exactly one (no `from_host`
  // input): a metric saved before it had the label `router` is restored with
  // that router; empty: such a metric is not restored.
  std::size_t Restore(const std::vector<MetricCheckpoint>& metrics, std::string_view only_router = {});

  // Definition digest used to decide whether saved values still apply.
  static std::string Definition(const MetricSpec& spec);

  // The label, with the value "true", that marks a metric's overflow series.
  static constexpr std::string_view kOverflowLabel = "overflow";

 private:
  // A series, numbered in the order made (its id): the counts not yet
  // published are kept by id in pending_, apart from the series, so that
  // counting an event touches a small array instead of the series.
  struct Series {
    prometheus::Counter* counter = nullptr;
    prometheus::Gauge* gauge = nullptr;
    // The overflow series' fwlog_series_overflow_total{metric}, else null.
    prometheus::Counter* overflow_total = nullptr;
    std::vector<std::pair<std::string, std::string>> labels;
  };
  struct Metric;
  // Definition() as it was before the overflow series had its own label.
  static std::string UnmarkedDefinition(const MetricSpec& spec);
  // SeriesIndex's maker: registers the series and gives it the next id.
  std::uint32_t Make(Metric& metric, const std::vector<std::string>& values, bool overflow);
  // Makes the 24 hours of an hour metric (of `router`, when it has one).
  void AllHours(Metric& metric, std::string_view router);

  prometheus::Registry& registry_;
  std::vector<std::unique_ptr<Metric>> metrics_;
  std::vector<Series> series_;          // by id
  std::vector<std::uint64_t> pending_;  // by id: events counted, not yet published
  std::vector<std::uint32_t> dirty_;    // ids with pending counts
  std::vector<std::uint8_t> accepted_;  // by metric: whether Count()'s event passed its filters
};

}  // namespace fwlog
