// The metric families the exporter registers itself, beside the configured
// event metrics. Each registration site names its family with one of these
// constants, and the configuration refuses every name here (and any
// process_* name, the process collector's) for a configured metric: so a new
// self-metric is refused as soon as it is registered, with no second list to
// keep in step.
#pragma once

#include <array>
#include <string_view>

namespace fwlog::own_metrics {

// Inputs and lines (metrics/self_metrics.cc).
inline constexpr std::string_view kInputLines = "fwlog_input_lines_total";
inline constexpr std::string_view kInputBytes = "fwlog_input_bytes_total";
inline constexpr std::string_view kLinesUnmatched = "fwlog_lines_unmatched_total";
inline constexpr std::string_view kLinesDuplicate = "fwlog_lines_duplicate_total";
inline constexpr std::string_view kLinesInvalid = "fwlog_lines_invalid_total";
inline constexpr std::string_view kFileRotations = "fwlog_file_rotations_total";
inline constexpr std::string_view kFileTruncations = "fwlog_file_truncations_total";
inline constexpr std::string_view kLastEventTimestamp = "fwlog_last_event_timestamp_seconds";
inline constexpr std::string_view kFileOffset = "fwlog_file_offset_bytes";
inline constexpr std::string_view kFileSize = "fwlog_file_size_bytes";
inline constexpr std::string_view kSeriesOverflow = "fwlog_series_overflow_total";
inline constexpr std::string_view kSyslogDropped = "fwlog_syslog_messages_dropped_total";
inline constexpr std::string_view kStateWrites = "fwlog_state_writes_total";
inline constexpr std::string_view kReloadSuccessful = "fwlog_config_last_reload_successful";
inline constexpr std::string_view kReloadSuccessTimestamp = "fwlog_config_last_reload_success_timestamp_seconds";
inline constexpr std::string_view kCountryDbBuildTimestamp = "fwlog_country_db_build_timestamp_seconds";
inline constexpr std::string_view kBuildInfo = "fwlog_build_info";
// Scan detection (detect/scan_detector.cc).
inline constexpr std::string_view kScannersDetected = "fwlog_scanners_detected_total";
inline constexpr std::string_view kScannersActive = "fwlog_scanners_active";
inline constexpr std::string_view kScanSourcesEvicted = "fwlog_scan_sources_evicted_total";
inline constexpr std::string_view kScanSourcesTracked = "fwlog_scan_sources_tracked";
inline constexpr std::string_view kScanTopSourcePackets = "fwlog_scan_top_source_packets";

inline constexpr std::array kAll = {
    kInputLines,
    kInputBytes,
    kLinesUnmatched,
    kLinesDuplicate,
    kLinesInvalid,
    kFileRotations,
    kFileTruncations,
    kLastEventTimestamp,
    kFileOffset,
    kFileSize,
    kSeriesOverflow,
    kSyslogDropped,
    kStateWrites,
    kReloadSuccessful,
    kReloadSuccessTimestamp,
    kCountryDbBuildTimestamp,
    kBuildInfo,
    kScannersDetected,
    kScannersActive,
    kScanSourcesEvicted,
    kScanSourcesTracked,
    kScanTopSourcePackets,
};

// True for a name in kAll or one starting with "process_".
constexpr bool IsOwn(std::string_view name) {
  for (const auto own : kAll)
    if (own == name) return true;
  return name.substr(0, 8) == "process_";
}

}  // namespace fwlog::own_metrics
