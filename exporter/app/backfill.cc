#include "app/backfill.h"

#include <prometheus/registry.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "app/backfill_schedule.h"
#include "app/config_source.h"
#include "app/openmetrics_chunks.h"
#include "app/pipeline.h"
#include "app/promtool_runner.h"
#include "core/own_metrics.h"
#include "input/input_runner.h"
#include "metrics/counter_set.h"

namespace fwlog {

namespace {

// promtool 2.42 writes 2-hour blocks on the Unix epoch's grid; a piece per
// block is read once.
constexpr std::int64_t kBlockSeconds = 7200;
// promtool waits on its writes for most of a run, so two overlap; each run
// pre-allocates a 512 MiB chunk segment while it works (docs/history.md).
constexpr int kPromtoolRuns = 2;

// Counts bytes for the progress line and forwards to the pipeline.
class ProgressStats : public InputStats {
 public:
  explicit ProgressStats(InputStats& next) : next_(next) {}
  void BytesRead(int input, std::size_t bytes) override {
    bytes_ += bytes;
    next_.BytesRead(input, bytes);
  }
  std::uint64_t bytes() const { return bytes_; }

 private:
  InputStats& next_;
  std::uint64_t bytes_ = 0;
};

std::string Rfc3339(std::int64_t t, const absl::TimeZone& zone) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", absl::FromUnixSeconds(t), zone);
}

}  // namespace

int Backfill(const CommonOptions& common, const BackfillOptions& options, const std::vector<std::string>& files) {
  if (options.tsdb_dir.empty() == options.output.empty()) {
    std::cerr << "fwlog_exporter: backfill: give --tsdb=DIR (TSDB blocks) or --output=FILE (OpenMetrics)\n";
    return 2;
  }
  if (options.step_seconds <= 0 || 3600 % options.step_seconds != 0) {
    std::cerr << "fwlog_exporter: --step must divide an hour (e.g. 1m, 5m, 15m, 1h)\n";
    return 2;
  }
  auto config = ReplayConfig(common, "backfill");
  if (!config.ok()) {
    std::cerr << config.status().message() << "\n";
    return 2;
  }
  // The pipeline parses and enriches only; the backfill counts, so that it can
  // take the counters before the event that crosses a boundary.
  const std::vector<MetricSpec> specs = config->metrics;
  Config pipeline_config = *config;
  pipeline_config.metrics.clear();
  pipeline_config.scan_detection.enabled = false;
  auto pipeline =
      Pipeline::Build(pipeline_config, std::make_shared<prometheus::Registry>(), {CurrentBuildInfo(), true});
  if (!pipeline.ok()) {
    std::cerr << pipeline.status().message() << "\n";
    return 2;
  }
  prometheus::Registry registry;
  prometheus::Family<prometheus::Counter>& overflow =
      prometheus::BuildCounter().Name(own_metrics::kSeriesOverflow).Help("overflow").Register(registry);
  CounterSet counters(registry, specs, overflow);

  const bool to_tsdb = !options.tsdb_dir.empty();
  std::optional<PromtoolRunner> promtool;
  if (to_tsdb) {
    std::error_code ec;
    std::filesystem::create_directories(options.tsdb_dir, ec);
    if (ec) {
      std::cerr << "fwlog_exporter: cannot make " << options.tsdb_dir << ": " << ec.message() << "\n";
      return 1;
    }
    promtool.emplace(options.promtool, options.tsdb_dir, kPromtoolRuns);
  }
  OpenMetricsChunks chunks(
      specs, options.labels, to_tsdb ? kBlockSeconds : 0,
      [&](std::int64_t start) {
        return to_tsdb ? absl::StrCat(options.tsdb_dir, "/.fwlog-backfill-", start, ".om") : options.output;
      },
      [&](const std::string& path, std::int64_t, std::int64_t, std::uint64_t) {
        return to_tsdb ? promtool->Submit(path) : absl::OkStatus();
      });
  absl::Status failed;
  const absl::TimeZone zone = (*pipeline)->zone();
  const std::int64_t step = options.step_seconds;
  SampleSchedule schedule(zone, step, [&](std::uint32_t id, std::int64_t time, double value) {
    if (absl::Status s = chunks.Write(id, time, value); !s.ok() && failed.ok()) failed = s;
  });

  bool started = false;
  std::int64_t boundary = 0, first_boundary = 0;  // the step end of the events being counted
  std::uint64_t events = 0, late = 0, no_stamp = 0, after_until = 0;
  ProgressStats stats(**pipeline);
  auto last_progress = std::chrono::steady_clock::now();
  auto progress = [&](bool final) {
    if (!options.progress) return;
    const auto now = std::chrono::steady_clock::now();
    if (!final && now - last_progress < std::chrono::milliseconds(250)) return;
    last_progress = now;
    std::fprintf(
        stderr, "\rbackfill: %.1f MB read, %llu events, at %s, %llu samples, %llu blocks   ",
        static_cast<double>(stats.bytes()) / 1e6, static_cast<unsigned long long>(events),
        started ? absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(boundary - step), zone).c_str() : "-",
        static_cast<unsigned long long>(chunks.samples()),
        static_cast<unsigned long long>(promtool ? promtool->finished() : 0));
    if (final) std::fputc('\n', stderr);
  };
  // The changes of the step that ends at `boundary`.
  auto publish = [&] {
    schedule.BeginBoundary(boundary);
    counters.PublishChanged([&](std::size_t metric, std::uint32_t id,
                                const std::vector<std::pair<std::string, std::string>>& labels, double value) {
      if (!chunks.named(id)) chunks.Name(id, metric, labels);
      schedule.Change(id, value, specs[metric].kind == MetricKind::kCounter);
    });
    if (to_tsdb && failed.ok()) failed = chunks.CloseBefore(schedule.settled_before());
  };

  (*pipeline)->SetObserver([&](const LogLine&, const ParseResult& result, const Event& event) {
    if (result.status != ParseResult::Status::kMatched || !failed.ok()) return;
    if (!event.time_from_line) {
      ++no_stamp;
      return;
    }
    const std::int64_t t = event.time;
    if (options.until != 0 && t >= options.until) {
      ++after_until;
      return;
    }
    const std::int64_t event_boundary = t - ((t % step) + step) % step + step;
    if (!started) {
      started = true;
      boundary = first_boundary = event_boundary;
    }
    if (event_boundary < boundary) ++late;
    if (event_boundary > boundary) {
      publish();
      boundary = event_boundary;
    }
    counters.Count(event);
    ++events;
    if ((events & 1023) == 0) progress(false);
  });

  absl::Status read = ReadFilesOnce(files, common.year, **pipeline, stats);
  if (read.ok() && failed.ok()) {
    if (started) publish();
    schedule.Finish();
    if (failed.ok()) failed = chunks.CloseBefore(INT64_MAX);
  }
  if (promtool) {
    absl::Status waited = promtool->Wait();
    if (failed.ok()) failed = waited;
  }
  progress(true);
  if (read.ok()) read = failed;
  if (!read.ok()) {
    std::cerr << "\nfwlog_exporter: " << read.message() << "\n";
    return 1;
  }
  std::cerr << "fwlog_exporter: backfill: " << events << " events, " << chunks.samples() << " samples";
  if (started) std::cerr << " from " << Rfc3339(first_boundary - step, zone) << " to " << Rfc3339(boundary, zone);
  if (to_tsdb)
    std::cerr << ", " << promtool->finished() << " blocks written to " << options.tsdb_dir << "\n";
  else
    std::cerr << " written to " << options.output << "\n";
  if (late > 0)
    std::cerr << "fwlog_exporter: backfill: " << late
              << " events were older than the step already written (lines out of time order; give files oldest "
                 "first) and were counted in the current step\n";
  if (no_stamp > 0)
    std::cerr << "fwlog_exporter: backfill: " << no_stamp << " lines had no time stamp of their own and were skipped\n";
  if (after_until > 0)
    std::cerr << "fwlog_exporter: backfill: " << after_until << " events at or after --until were left out\n";
  if (!started) {
    std::cerr << "fwlog_exporter: backfill: no events with a time stamp: nothing to backfill\n";
    return 1;
  }
  return 0;
}

}  // namespace fwlog
