// Pipeline: the stages joined for one configuration — for every line an
// input delivers: parse (the input's format), enrich, count. It is the
// LineSink and InputStats the inputs report to, and the only class that
// knows every stage. All calls come from the one thread that runs the inputs.
//
// Build() constructs every stage from a Config and is also what
// `check-config` runs, so a config that loads here will serve.
#pragma once

#include <prometheus/registry.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "app/recent_lines.h"
#include "config/config.h"
#include "core/event.h"
#include "core/line_sink.h"
#include "detect/scan_detector.h"
#include "enrich/enricher.h"
#include "metrics/counter_set.h"
#include "metrics/event_history.h"
#include "metrics/history_recorder.h"
#include "metrics/router_names.h"
#include "metrics/self_metrics.h"
#include "parse/parser.h"

namespace fwlog {

class Pipeline : public LineSink, public InputStats {
 public:
  struct Options {
    BuildInfo build;
    // Log the warnings (see warnings()) when the pipeline is built.
    bool warn = true;
    // The event history to count into (serve keeps one across reloads);
    // null: a new one of the pipeline's own.
    std::shared_ptr<EventHistory> history;
    // Look up every source's network (asn, as_org, drop_listed) even when no
    // configured metric uses those fields (`parse` shows every field). Off,
    // they are looked up only for a configuration that uses them: the AS
    // numbers make libloc's flattened IPv4 table 2.5 times larger, which
    // costs replay time (docs/performance.md).
    bool all_fields = false;
  };
  // `registry` must outlive the pipeline.
  static absl::StatusOr<std::unique_ptr<Pipeline>> Build(const Config& config,
                                                         std::shared_ptr<prometheus::Registry> registry,
                                                         const Options& options);
  ~Pipeline() override;

  // A batch of one.
  void OnLine(const LogLine& line) override;
  // Parses up to kBatch lines before it enriches and counts them, so that
  // their lookups overlap (see pipeline.cc): the same results as one line
  // at a time.
  void OnLines(std::span<const LogLine> lines) override;
  static constexpr std::size_t kBatch = 16;
  // Publishes what the stages gathered (counts, health, scan tracking) to
  // the Registry; OnLine also does so every kPublishEvery lines, so a long
  // catch-up is visible to scrapes as it goes.
  void Flush() override;
  static constexpr int kPublishEvery = 4096;

  // Called after each line with what became of it (for `parse`).
  using Observer = std::function<void(const LogLine&, const ParseResult&, const Event&)>;
  void SetObserver(Observer observer) { observer_ = std::move(observer); }

  // How stamps without a year read on `input` get one (parse/timestamp.h);
  // until called, from the receive time, as live inputs read them. The
  // commands that read files after the fact set it before each file
  // (ReadFilesOnce).
  void SetYearRule(int input, const YearRule& rule) { times_[static_cast<std::size_t>(input)].SetYearRule(rule); }

  const Config& config() const { return config_; }
  // What was wrong but not fatal when the pipeline was built (a country
  // database that could not be opened), each a full sentence, prefixed with
  // its position in the configuration where it has one.
  const std::vector<std::string>& warnings() const { return warnings_; }
  CounterSet& counters() { return *counters_; }
  // The configuration's router when it has exactly one (no router: from_host
  // input, one router name), else empty (CounterSet::Restore).
  std::string only_router() const;
  ScanDetector* scans() { return scans_.get(); }
  SelfMetrics& self_metrics() { return *self_; }
  // Refused packets by event time (metrics/event_history.h), for the page.
  const std::shared_ptr<EventHistory>& history() const { return history_->history(); }
  const RangeTable& ranges() const { return enricher_->ranges(); }
  const absl::TimeZone& zone() const { return zone_; }

  // InputStats
  void BytesRead(int input, std::size_t bytes) override;
  void FileRotated(int input) override;
  void FileTruncated(int input) override;
  void FilePosition(int input, std::string_view path, std::uint64_t offset, std::uint64_t size) override;
  void FileForgotten(int input, std::string_view path) override;
  void SyslogDropped(int input, std::string_view reason, std::uint64_t count) override;
  void SyslogSendersRejected(int input, std::uint64_t count) override;
  void InputFailed(int input, InputError reason) override;
  // Logged (warning or info) with the input's name.
  void InputNotice(int input, std::string_view message, bool warning) override;
  void FilesOpen(int input, std::size_t count) override;

 private:
  Pipeline() = default;
  ParseResult Parse(const LogLine& line, Event& event);
  // Starts loading what enriching, tracking and counting `event` will read;
  // returns its history key (HistoryRecorder::Key) for Finish.
  std::uint32_t Prefetch(const Event& event);
  // Everything after parsing: enrich, track, count, and the line's health.
  void Finish(const LogLine& line, const ParseResult& result, Event& event, std::uint32_t history_key);
  Config config_;
  std::vector<std::string> warnings_;
  absl::TimeZone zone_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<SelfMetrics> self_;
  std::unique_ptr<RouterNames> routers_;
  std::unique_ptr<CounterSet> counters_;
  std::unique_ptr<Enricher> enricher_;
  std::unique_ptr<ScanDetector> scans_;  // null when scan_detection is off
  std::unique_ptr<HistoryRecorder> history_;
  std::shared_ptr<const PatternSet> patterns_;
  std::vector<Parser> parsers_;          // per input
  std::vector<TimeContext> times_;       // per input
  std::unique_ptr<RecentLines> recent_;  // null unless deduplicate.enabled
  std::array<Event, kBatch> batch_;      // OnLines' events, parsed ahead
  std::array<ParseResult, kBatch> results_;
  // HistoryRecorder::Key of each matched event.
  std::array<std::uint32_t, kBatch> history_keys_{};
  std::array<bool, kBatch> duplicate_{};  // skipped by deduplication
  int unpublished_ = 0;                   // lines since the last Flush
  std::uint64_t routers_overflowed_ = 0;  // RouterNames::overflowed() at the last Flush
  Observer observer_;
};

// The zone named by `name`, or the system's (TZ honoured) when empty.
absl::StatusOr<absl::TimeZone> LoadZone(const std::string& name);

}  // namespace fwlog
