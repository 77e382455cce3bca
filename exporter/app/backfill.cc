#include "app/backfill.h"

#include <prometheus/registry.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <unordered_map>

#include "absl/time/time.h"
#include "app/config_source.h"
#include "app/pipeline.h"
#include "core/own_metrics.h"
#include "input/input_runner.h"
#include "metrics/counter_set.h"

namespace fwlog {

namespace {

void AppendEscaped(std::string& out, std::string_view value) {
  for (const char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
}

void AppendNumber(std::string& out, double value) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, ec == std::errc() ? end : buf);
}

void AppendInt(std::string& out, std::int64_t value) {
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, ec == std::errc() ? end : buf);
}

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f) std::fclose(f);
  }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// One metric family: its temporary file and the series seen so far
// (label-value key -> "name{labels} ").
struct Family {
  const MetricSpec* spec = nullptr;
  std::string sample_name;  // name of each sample
  std::string type_name;    // name on # TYPE / # HELP
  std::string type;         // counter | gauge | unknown
  FilePtr file;
  std::unordered_map<std::string, std::string> series;
};

class Writer {
 public:
  Writer(const std::vector<MetricSpec>& specs, const BackfillOptions& options) : options_(options) {
    for (const auto& spec : specs) {
      Family f;
      f.spec = &spec;
      f.sample_name = spec.name;
      if (spec.kind != MetricKind::kCounter) {
        f.type = "gauge";
        f.type_name = spec.name;
      } else if (spec.name.size() > 6 && spec.name.ends_with("_total")) {
        // OpenMetrics: a counter family is named without _total, its samples with.
        f.type = "counter";
        f.type_name = spec.name.substr(0, spec.name.size() - 6);
      } else {
        f.type = "unknown";
        f.type_name = spec.name;
      }
      families_.push_back(std::move(f));
    }
  }

  std::string Open() {
    for (auto& f : families_) {
      f.file.reset(std::tmpfile());
      if (!f.file) return "cannot create a temporary file";
    }
    return "";
  }

  // Samples every series at `boundary`.
  void Sample(const std::vector<MetricCheckpoint>& snapshot, std::int64_t boundary, std::int64_t first_boundary) {
    for (std::size_t i = 0; i < snapshot.size() && i < families_.size(); ++i) {
      Family& f = families_[i];
      for (const auto& sample : snapshot[i].samples) {
        key_.clear();
        for (const auto& [name, value] : sample.labels) {
          key_ += value;
          key_.push_back('\x1f');
        }
        auto [it, is_new] = f.series.try_emplace(key_);
        if (is_new) it->second = Prefix(f, sample.labels);
        if (is_new && f.spec->kind == MetricKind::kCounter && boundary - options_.step_seconds >= first_boundary)
          Write(f, it->second, 0, boundary - options_.step_seconds);
        Write(f, it->second, sample.value, boundary);
      }
    }
  }

  std::string Finish(std::uint64_t* samples_out) {
    FilePtr out(std::fopen(options_.output.c_str(), "w"));
    if (!out) return "cannot write " + options_.output;
    std::vector<char> buf(1 << 16);
    for (auto& f : families_) {
      std::string head = "# HELP " + f.type_name + " ";
      for (const char c : f.spec->help) {
        if (c == '\\')
          head += "\\\\";
        else if (c == '\n')
          head += "\\n";
        else
          head.push_back(c);
      }
      head += "\n# TYPE " + f.type_name + " " + f.type + "\n";
      std::fwrite(head.data(), 1, head.size(), out.get());
      std::rewind(f.file.get());
      std::size_t n;
      while ((n = std::fread(buf.data(), 1, buf.size(), f.file.get())) > 0) std::fwrite(buf.data(), 1, n, out.get());
      f.file.reset();
    }
    std::fputs("# EOF\n", out.get());
    if (std::fflush(out.get()) != 0 || std::ferror(out.get())) return "error writing " + options_.output;
    *samples_out = samples_;
    return "";
  }

 private:
  std::string Prefix(const Family& f, const std::vector<std::pair<std::string, std::string>>& labels) const {
    std::string p = f.sample_name;
    bool first = true;
    auto add = [&](const std::string& name, const std::string& value) {
      p += first ? "{" : ",";
      first = false;
      p += name;
      p += "=\"";
      AppendEscaped(p, value);
      p += "\"";
    };
    for (const auto& [name, value] : options_.labels) add(name, value);
    for (const auto& [name, value] : labels) add(name, value);
    if (!first) p += "}";
    p += " ";
    return p;
  }

  void Write(Family& f, const std::string& prefix, double value, std::int64_t time) {
    line_.assign(prefix);
    AppendNumber(line_, value);
    line_.push_back(' ');
    AppendInt(line_, time);
    line_.push_back('\n');
    std::fwrite(line_.data(), 1, line_.size(), f.file.get());
    ++samples_;
  }

  const BackfillOptions& options_;
  std::vector<Family> families_;
  std::string key_, line_;
  std::uint64_t samples_ = 0;
};

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

}  // namespace

int Backfill(const CommonOptions& common, const BackfillOptions& options, const std::vector<std::string>& files) {
  if (options.step_seconds <= 0) {
    std::cerr << "fwlog_exporter: --step must be positive\n";
    return 2;
  }
  auto config = ReplayConfig(common, "backfill");
  if (!config.ok()) {
    std::cerr << config.status().message() << "\n";
    return 2;
  }
  // The pipeline parses and enriches only; the backfill counts, so that it can
  // sample the counters before the event that crosses a boundary.
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
  Writer writer(specs, options);
  if (const auto error = writer.Open(); !error.empty()) {
    std::cerr << "fwlog_exporter: " << error << "\n";
    return 1;
  }

  const std::int64_t step = options.step_seconds;
  bool started = false;
  std::int64_t first_boundary = 0, next_boundary = 0;
  std::uint64_t events = 0, gaps = 0, late = 0, no_stamp = 0, after_until = 0;
  ProgressStats stats(**pipeline);
  const absl::TimeZone zone = (*pipeline)->zone();
  auto last_progress = std::chrono::steady_clock::now();
  std::string current_file;
  auto progress = [&](bool final) {
    if (!options.progress) return;
    const auto now = std::chrono::steady_clock::now();
    if (!final && now - last_progress < std::chrono::milliseconds(250)) return;
    last_progress = now;
    std::fprintf(
        stderr, "\rbackfill: %s: %.1f MB read, %llu events, at %s   ", current_file.c_str(),
        static_cast<double>(stats.bytes()) / 1e6, static_cast<unsigned long long>(events),
        started ? absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixSeconds(next_boundary - step), zone).c_str() : "-");
    if (final) std::fputc('\n', stderr);
  };

  (*pipeline)->SetObserver([&](const LogLine&, const ParseResult& result, const Event& event) {
    if (result.status != ParseResult::Status::kMatched) return;
    if (!event.time_from_line) {
      ++no_stamp;
      return;
    }
    const std::int64_t t = event.time;
    if (options.until != 0 && t >= options.until) {
      ++after_until;
      return;
    }
    if (!started) {
      started = true;
      first_boundary = t - ((t % step) + step) % step;
      next_boundary = first_boundary + step;
    }
    if (t < next_boundary - step) ++late;
    if (t >= next_boundary) {
      const auto snapshot = counters.Snapshot();
      const std::int64_t event_step = t - ((t % step) + step) % step;
      if (event_step - next_boundary > options.max_gap_seconds) {
        writer.Sample(snapshot, next_boundary, first_boundary);  // ends the active stretch
        ++gaps;
        next_boundary = event_step;  // resumes at the step before the event
      }
      while (t >= next_boundary) {
        writer.Sample(snapshot, next_boundary, first_boundary);
        next_boundary += step;
      }
    }
    counters.Count(event);
    ++events;
    if ((events & 1023) == 0) progress(false);
  });

  if (const auto error = ReadFilesOnce(files, **pipeline, stats, [&](const std::string& file) { current_file = file; });
      !error.ok()) {
    std::cerr << "\nfwlog_exporter: " << error.message() << "\n";
    return 1;
  }
  if (started) writer.Sample(counters.Snapshot(), next_boundary, first_boundary);
  progress(true);
  std::uint64_t samples = 0;
  if (const auto error = writer.Finish(&samples); !error.empty()) {
    std::cerr << "fwlog_exporter: " << error << "\n";
    return 1;
  }
  std::cerr << "fwlog_exporter: backfill: " << events << " events, " << samples << " samples";
  if (started)
    std::cerr << " from " << absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", absl::FromUnixSeconds(first_boundary), zone)
              << " to " << absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", absl::FromUnixSeconds(next_boundary), zone);
  std::cerr << " written to " << options.output << "\n";
  if (late > 0)
    std::cerr << "fwlog_exporter: backfill: " << late
              << " events were older than the step already written (lines out of time order; give files oldest "
                 "first) and were counted in the current step\n";
  if (gaps > 0)
    std::cerr << "fwlog_exporter: backfill: " << gaps
              << " quiet stretches longer than --max-gap were left without "
                 "samples\n";
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
