#include "metrics/self_metrics.h"

#include "core/own_metrics.h"

namespace fwlog {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;

}  // namespace

SelfMetrics::SelfMetrics(prometheus::Registry& registry, const std::vector<InputSpec>& inputs, const BuildInfo& build) {
  lines_ = &BuildCounter().Name(own_metrics::kInputLines).Help("Lines read, per input.").Register(registry);
  bytes_ = &BuildCounter().Name(own_metrics::kInputBytes).Help("Bytes read, per input.").Register(registry);
  unmatched_ = &BuildCounter()
                    .Name(own_metrics::kLinesUnmatched)
                    .Help("Lines no format or pattern recognised (not firewall lines), per input.")
                    .Register(registry);
  duplicate_ = &BuildCounter()
                    .Name(own_metrics::kLinesDuplicate)
                    .Help("Lines skipped as copies of a recent line (deduplicate: enabled), per input.")
                    .Register(registry);
  invalid_ = &BuildCounter()
                  .Name(own_metrics::kLinesInvalid)
                  .Help("Firewall lines that could not be counted as packets, per input and reason.")
                  .Register(registry);
  rotations_ = &BuildCounter()
                    .Name(own_metrics::kFileRotations)
                    .Help("Followed files replaced by a new file (rename, delete+create, symlink flip).")
                    .Register(registry);
  truncations_ = &BuildCounter()
                      .Name(own_metrics::kFileTruncations)
                      .Help("Followed files truncated in place (copytruncate).")
                      .Register(registry);
  last_event_ = &BuildGauge()
                     .Name(own_metrics::kLastEventTimestamp)
                     .Help("Event time of the latest packet counted, per input (Unix seconds).")
                     .Register(registry);
  file_offset_ =
      &BuildGauge().Name(own_metrics::kFileOffset).Help("Read offset in a followed file.").Register(registry);
  file_size_ =
      &BuildGauge().Name(own_metrics::kFileSize).Help("Size of a followed file when last checked.").Register(registry);
  input_errors_ = &BuildCounter()
                       .Name(own_metrics::kInputErrors)
                       .Help(
                           "Failed attempts to look at or open a followed path, per file input and reason "
                           "(each look counts, about once a second while the error lasts).")
                       .Register(registry);
  input_files_ = &BuildGauge()
                      .Name(own_metrics::kInputFiles)
                      .Help(
                          "Files a file input holds open now: those its path or glob names and rotated "
                          "ones being read to their end.")
                      .Register(registry);
  overflow_ = &BuildCounter()
                   .Name(own_metrics::kSeriesOverflow)
                   .Help("Events counted in a metric's overflow series because it reached max_series.")
                   .Register(registry);
  router_overflow_ = &BuildCounter()
                          .Name(own_metrics::kRouterOverflow)
                          .Help(
                              "Events of router: from_host inputs whose host came after max_routers others, "
                              "counted as router \"other\".")
                          .Register(registry)
                          .Add({});
  syslog_dropped_ = &BuildCounter()
                         .Name(own_metrics::kSyslogDropped)
                         .Help("Syslog messages dropped or cut before counting, per input and reason.")
                         .Register(registry);
  syslog_rejected_ = &BuildCounter()
                          .Name(own_metrics::kSyslogSendersRejected)
                          .Help(
                              "Syslog datagrams and connections refused because their sender is not in the "
                              "input's allowed_senders.")
                          .Register(registry);
  state_writes_ =
      &BuildCounter().Name(own_metrics::kStateWrites).Help("State file writes, by result.").Register(registry);
  state_ok_ = &state_writes_->Add({{"result", "success"}});
  state_failed_ = &state_writes_->Add({{"result", "failure"}});
  auto& reload = BuildGauge()
                     .Name(own_metrics::kReloadSuccessful)
                     .Help("Whether the last configuration (re)load succeeded.")
                     .Register(registry);
  reload_ok_ = &reload.Add({});
  reload_ok_->Set(1);
  auto& reload_time = BuildGauge()
                          .Name(own_metrics::kReloadSuccessTimestamp)
                          .Help("Time of the last successful configuration (re)load.")
                          .Register(registry);
  reload_time_ = &reload_time.Add({});
  auto& country = BuildGauge()
                      .Name(own_metrics::kCountryDbBuildTimestamp)
                      .Help("Build time of the country database in use (Unix seconds); 0 without one.")
                      .Register(registry);
  country_db_time_ = &country.Add({});
  country_db_loaded_ = &BuildGauge()
                            .Name(own_metrics::kCountryDbLoaded)
                            .Help(
                                "1 when a country database is in use, 0 when the configured (or default) one could "
                                "not be opened; absent when country lookup is off (country: {database: null}).")
                            .Register(registry);
  auto& info = BuildGauge()
                   .Name(own_metrics::kBuildInfo)
                   .Help("Version and revision of fwlog_exporter; always 1.")
                   .Register(registry);
  info.Add({{"version", build.version}, {"revision", build.revision}}).Set(1);
  range_info_ = &BuildGauge()
                     .Name(own_metrics::kRangeInfo)
                     .Help(
                         "One series per named source range of the catalog, always 1: its category and the date "
                         "of the data it was made from (snapshot). Join: * on(range) group_left(category) "
                         "fwlog_range_info.")
                     .Register(registry);

  for (const auto& spec : inputs) {
    PerInput in;
    in.name = spec.name;
    const prometheus::Labels labels = {{"input", spec.name}};
    in.lines = &lines_->Add(labels);
    in.bytes = &bytes_->Add(labels);
    in.unmatched = &unmatched_->Add(labels);
    in.duplicate = &duplicate_->Add(labels);
    for (std::size_t r = 0; r < kInvalidReasonCount; ++r) {
      in.invalid[r] = &invalid_->Add(
          {{"input", spec.name}, {"reason", std::string(InvalidReasonName(static_cast<InvalidReason>(r)))}});
    }
    in.rotations = &rotations_->Add(labels);
    in.truncations = &truncations_->Add(labels);
    in.last_event = &last_event_->Add(labels);
    if (spec.kind == InputKind::kFile) {
      for (std::size_t r = 0; r < kInputErrorCount; ++r) {
        in.errors[r] = &input_errors_->Add(
            {{"input", spec.name}, {"reason", std::string(InputErrorName(static_cast<InputError>(r)))}});
      }
      in.files_open = &input_files_->Add(labels);
    }
    if (spec.kind == InputKind::kSyslog) {
      for (auto reason : kSyslogDropReasons)
        in.syslog_dropped.emplace(std::string(reason),
                                  &syslog_dropped_->Add({{"input", spec.name}, {"reason", std::string(reason)}}));
      in.syslog_rejected = &syslog_rejected_->Add(labels);
    }
    inputs_.push_back(std::move(in));
  }
}

void SelfMetrics::LineRead(int input) { ++inputs_[static_cast<std::size_t>(input)].pending_lines; }
void SelfMetrics::BytesRead(int input, std::size_t bytes) {
  inputs_[static_cast<std::size_t>(input)].bytes->Increment(static_cast<double>(bytes));
}
void SelfMetrics::LineUnmatched(int input) { ++inputs_[static_cast<std::size_t>(input)].pending_unmatched; }
void SelfMetrics::LineDuplicate(int input) { ++inputs_[static_cast<std::size_t>(input)].pending_duplicate; }
void SelfMetrics::LineInvalid(int input, InvalidReason reason) {
  ++inputs_[static_cast<std::size_t>(input)].pending_invalid[static_cast<std::size_t>(reason)];
}
void SelfMetrics::EventCounted(int input, double event_time) {
  auto& in = inputs_[static_cast<std::size_t>(input)];
  if (!in.has_pending_last_event || event_time > in.pending_last_event) {
    in.pending_last_event = event_time;
    in.has_pending_last_event = true;
  }
}

void SelfMetrics::Publish() {
  auto add = [](prometheus::Counter* counter, std::uint64_t& pending) {
    if (pending == 0) return;
    counter->Increment(static_cast<double>(pending));
    pending = 0;
  };
  for (auto& in : inputs_) {
    // Lines first: a line is never visible as unmatched or invalid before it
    // is visible as read.
    add(in.lines, in.pending_lines);
    add(in.unmatched, in.pending_unmatched);
    add(in.duplicate, in.pending_duplicate);
    for (std::size_t r = 0; r < kInvalidReasonCount; ++r) add(in.invalid[r], in.pending_invalid[r]);
    if (in.has_pending_last_event) {
      if (in.pending_last_event > in.last_event->Value()) in.last_event->Set(in.pending_last_event);
      in.has_pending_last_event = false;
    }
  }
}
void SelfMetrics::FileRotated(int input) { inputs_[static_cast<std::size_t>(input)].rotations->Increment(); }
void SelfMetrics::FileTruncated(int input) { inputs_[static_cast<std::size_t>(input)].truncations->Increment(); }

void SelfMetrics::FilePosition(int input, const std::string& path, double offset, double size) {
  auto& in = inputs_[static_cast<std::size_t>(input)];
  auto it = in.files.find(path);
  if (it == in.files.end()) {
    const prometheus::Labels labels = {{"input", in.name}, {"path", path}};
    it = in.files.emplace(path, std::make_pair(&file_offset_->Add(labels), &file_size_->Add(labels))).first;
  }
  it->second.first->Set(offset);
  it->second.second->Set(size);
}

void SelfMetrics::FileForgotten(int input, const std::string& path) {
  auto& in = inputs_[static_cast<std::size_t>(input)];
  auto it = in.files.find(path);
  if (it == in.files.end()) return;
  file_offset_->Remove(it->second.first);
  file_size_->Remove(it->second.second);
  in.files.erase(it);
}

void SelfMetrics::SyslogDropped(int input, std::string_view reason, std::uint64_t count) {
  auto& in = inputs_[static_cast<std::size_t>(input)];
  auto it = in.syslog_dropped.find(reason);
  if (it == in.syslog_dropped.end())
    it = in.syslog_dropped
             .emplace(std::string(reason), &syslog_dropped_->Add({{"input", in.name}, {"reason", std::string(reason)}}))
             .first;
  it->second->Increment(static_cast<double>(count));
}

void SelfMetrics::SyslogSendersRejected(int input, std::uint64_t count) {
  auto& in = inputs_[static_cast<std::size_t>(input)];
  if (in.syslog_rejected == nullptr) in.syslog_rejected = &syslog_rejected_->Add({{"input", in.name}});
  in.syslog_rejected->Increment(static_cast<double>(count));
}

void SelfMetrics::InputFailed(int input, InputError reason) {
  if (auto* c = inputs_[static_cast<std::size_t>(input)].errors[static_cast<std::size_t>(reason)]) c->Increment();
}

void SelfMetrics::FilesOpen(int input, std::size_t count) {
  if (auto* g = inputs_[static_cast<std::size_t>(input)].files_open) g->Set(static_cast<double>(count));
}

void SelfMetrics::StateWritten(bool ok) { (ok ? state_ok_ : state_failed_)->Increment(); }

void SelfMetrics::ConfigReloaded(bool ok, double now) {
  reload_ok_->Set(ok ? 1 : 0);
  if (ok) reload_time_->Set(now);
}

void SelfMetrics::CountryDatabaseBuilt(double unix_seconds) { country_db_time_->Set(unix_seconds); }

void SelfMetrics::RoutersOverflowed(std::uint64_t count) { router_overflow_->Increment(static_cast<double>(count)); }

void SelfMetrics::CountryDatabaseLoaded(bool loaded) { country_db_loaded_->Add({}).Set(loaded ? 1 : 0); }

void SelfMetrics::RangeCatalog(const std::vector<RangeLabels>& ranges) {
  for (const auto& r : ranges) {
    range_info_->Add({{"range", r.range}, {"category", r.category}, {"snapshot", r.snapshot}}).Set(1);
  }
}

}  // namespace fwlog
