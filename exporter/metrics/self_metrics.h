// SelfMetrics: the exporter's own health metrics (contract, "Exporter
// health"), registered in the same Registry as the event metrics. Every
// per-input series is created at start (at 0), so dashboards and alerts see
// an input before its first line. Handles are cached. The per-line calls
// (LineRead, LineUnmatched, LineDuplicate, LineInvalid, EventCounted) only
// add to plain per-input tallies; Publish() moves them into the Registry all
// at once, so a scrape never sees a line counted as unmatched before it is
// counted as read. The pipeline publishes every few thousand lines and
// whenever its inputs have nothing more to hand over.
//
// Line accounting: every line read is counted once in
// fwlog_input_lines_total{input}, and at most once more as unmatched,
// invalid{reason} or duplicate; the rest became events.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <array>
#include <map>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/event.h"
#include "core/line_sink.h"

namespace fwlog {

struct BuildInfo {
  std::string version;
  std::string revision;
};

// One named range of the catalog, as fwlog_range_info labels it.
struct RangeLabels {
  std::string range;
  std::string category;  // "unknown" when the catalog gives none
  std::string snapshot;  // YYYY-MM-DD, or empty
};

class SelfMetrics {
 public:
  SelfMetrics(prometheus::Registry& registry, const std::vector<InputSpec>& inputs, const BuildInfo& build);
  SelfMetrics(const SelfMetrics&) = delete;
  SelfMetrics& operator=(const SelfMetrics&) = delete;

  void LineRead(int input);
  void BytesRead(int input, std::size_t bytes);
  void LineUnmatched(int input);
  void LineDuplicate(int input);
  void LineInvalid(int input, InvalidReason reason);
  void EventCounted(int input, double event_time);
  void Publish();
  void FileRotated(int input);
  void FileTruncated(int input);
  void FilePosition(int input, const std::string& path, double offset, double size);
  void FileForgotten(int input, const std::string& path);
  void SyslogDropped(int input, std::string_view reason, std::uint64_t count);
  void SyslogSendersRejected(int input, std::uint64_t count);
  void InputFailed(int input, InputError reason);
  void FilesOpen(int input, std::size_t count);
  void StateWritten(bool ok);
  void ConfigReloaded(bool ok, double now);
  void CountryDatabaseBuilt(double unix_seconds);
  // Whether the country database could be opened; not called when country
  // lookup is off, so the series is absent then.
  void CountryDatabaseLoaded(bool loaded);
  // fwlog_range_info{range, category, snapshot} = 1 for each named range.
  void RangeCatalog(const std::vector<RangeLabels>& ranges);

  // Events that went to router "other" (RouterNames::overflowed()), added.
  void RoutersOverflowed(std::uint64_t count);

  // For the CounterSet's overflow accounting.
  prometheus::Family<prometheus::Counter>& overflow_family() { return *overflow_; }

 private:
  struct PerInput {
    std::string name;
    prometheus::Counter* lines = nullptr;
    prometheus::Counter* bytes = nullptr;
    prometheus::Counter* unmatched = nullptr;
    prometheus::Counter* duplicate = nullptr;
    std::array<prometheus::Counter*, kInvalidReasonCount> invalid{};
    prometheus::Counter* rotations = nullptr;
    prometheus::Counter* truncations = nullptr;
    prometheus::Gauge* last_event = nullptr;
    // File inputs only (null otherwise).
    std::array<prometheus::Counter*, kInputErrorCount> errors{};
    prometheus::Gauge* files_open = nullptr;
    std::map<std::string, prometheus::Counter*, std::less<>> syslog_dropped;
    prometheus::Counter* syslog_rejected = nullptr;  // syslog inputs only
    std::map<std::string, std::pair<prometheus::Gauge*, prometheus::Gauge*>> files;
    // Not yet published.
    std::uint64_t pending_lines = 0, pending_unmatched = 0, pending_duplicate = 0;
    std::array<std::uint64_t, kInvalidReasonCount> pending_invalid{};
    double pending_last_event = 0;
    bool has_pending_last_event = false;
  };

  prometheus::Family<prometheus::Counter>* lines_;
  prometheus::Family<prometheus::Counter>* bytes_;
  prometheus::Family<prometheus::Counter>* unmatched_;
  prometheus::Family<prometheus::Counter>* duplicate_;
  prometheus::Family<prometheus::Counter>* invalid_;
  prometheus::Family<prometheus::Counter>* rotations_;
  prometheus::Family<prometheus::Counter>* truncations_;
  prometheus::Family<prometheus::Gauge>* last_event_;
  prometheus::Family<prometheus::Gauge>* file_offset_;
  prometheus::Family<prometheus::Gauge>* file_size_;
  prometheus::Family<prometheus::Counter>* input_errors_;
  prometheus::Family<prometheus::Gauge>* input_files_;
  prometheus::Family<prometheus::Counter>* overflow_;
  prometheus::Counter* router_overflow_;
  prometheus::Family<prometheus::Counter>* syslog_dropped_;
  prometheus::Family<prometheus::Counter>* syslog_rejected_;
  prometheus::Family<prometheus::Counter>* state_writes_;
  prometheus::Gauge* reload_ok_;
  prometheus::Gauge* reload_time_;
  prometheus::Gauge* country_db_time_;
  prometheus::Family<prometheus::Gauge>* country_db_loaded_;
  prometheus::Family<prometheus::Gauge>* range_info_;
  prometheus::Counter* state_ok_;
  prometheus::Counter* state_failed_;
  std::vector<PerInput> inputs_;
};

// The syslog drop reasons every syslog input starts with at 0.
// (docs/inputs.md explains each.)
inline constexpr std::string_view kSyslogDropReasons[] = {"queue_full",       "too_long",      "receive_buffer",
                                                          "connection_limit", "address_limit", "message_timeout",
                                                          "incomplete",       "bad_frame",     "frame_overrun"};

}  // namespace fwlog
