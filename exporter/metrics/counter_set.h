// CounterSet: the configured event metrics (MetricSpec), kept in a
// prometheus-cpp Registry, and Count(), which adds one event to every metric
// whose match/exclude filters accept it.
//
// Each metric caches its series by label-value tuple, so once a series exists
// an event costs a hash lookup and a plain add: no allocation, no lock, no
// atomic operation (the Registry's own lock is taken only when a series is
// created). Counts are gathered in an array by series number and added to
// the Registry's counters by Publish(): one atomic add per touched series per
// batch of lines instead of one per event. The fields a
// metric reads (labels, match/exclude) are resolved to Event members once, at
// construction. A metric whose labels all have small domains (hour, country
// code, and labels such as action, protocol or range while they have met at
// most 16 values each) finds its series in an array indexed by the labels'
// numbers. Otherwise the series are found by a fixed-size key of one 64-bit
// word per label (short texts packed, the enricher's range/service
// identities, the action's enum): no text is copied or hashed; a tuple not
// yet seen that way, or one with a long free text, is looked up by its label
// texts joined in one reused buffer. A metric with
// max_series keeps at most that many series; further label combinations are
// counted in one overflow series whose every label is "other", and in
// fwlog_series_overflow_total{metric}.
//
// A counter labelled by hour alone starts with all 24 hours at 0.
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

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "config/config.h"
#include "core/checkpoint.h"
#include "core/event.h"

namespace fwlog {

class CounterSet {
 public:
  CounterSet(prometheus::Registry& registry, const std::vector<MetricSpec>& specs,
             prometheus::Family<prometheus::Counter>& overflow_family);
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
  // returns how many metrics were restored.
  std::size_t Restore(const std::vector<MetricCheckpoint>& metrics);

  // Definition digest used to decide whether saved values still apply.
  static std::string Definition(const MetricSpec& spec);

  // Publishes, then calls `changed(metric, id, labels, value)` for each
  // counter series that Count() added to since the last publication, and for
  // every gauge series (first/last seen: few, labelled by range; the caller
  // compares). `metric` indexes the specs given at construction; `id` numbers
  // the series densely from 0 and never changes. For backfill, which writes a
  // series only around its changes.
  using ChangeVisitor =
      std::function<void(std::size_t metric, std::uint32_t id,
                         const std::vector<std::pair<std::string, std::string>>& labels, double value)>;
  void PublishChanged(const ChangeVisitor& changed);

 private:
  // A series, numbered in the order made (its id): the counts not yet
  // published are kept by id in pending_, apart from the series, so that
  // counting an event touches a small array instead of the series.
  struct Series {
    prometheus::Counter* counter = nullptr;
    prometheus::Gauge* gauge = nullptr;
    std::vector<std::pair<std::string, std::string>> labels;
    std::uint32_t id = 0;
    std::uint32_t metric = 0;  // index of its Metric in metrics_
  };
  struct Metric;
  Series* FindOrCreate(Metric& metric, const std::string& key, const std::vector<std::string>& values);
  // Gives `series` the next id.
  void Number(Series& series);
  void Apply(Metric& metric, std::uint32_t id, double time_or_increment, bool is_new);
  // Count()'s path by label text: finds or makes the series (or the overflow
  // series), counts the event there, and returns its id.
  std::uint32_t CountByText(Metric& metric, const Event& event, double time);
  void CountOverflow(Metric& metric);

  prometheus::Registry& registry_;
  std::vector<std::unique_ptr<Metric>> metrics_;
  std::vector<std::string> scratch_values_;
  std::vector<Series*> series_;         // by id
  std::vector<std::uint64_t> pending_;  // by id: counted, not yet published
  std::vector<std::uint32_t> dirty_;    // ids with pending counts
  std::vector<Metric*> overflowed_;     // metrics with pending overflow counts
  std::vector<std::uint8_t> accepted_;  // by metric: whether Count()'s event passed its filters
};

}  // namespace fwlog
