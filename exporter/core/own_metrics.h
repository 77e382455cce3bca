// The metric families the exporter registers itself, beside the configured
// event metrics. Each registration site names its family with one of these
// constants, and the configuration refuses every name here (and any
// process_* name, the process collector's) for a configured metric, which
// would clash with it in the registry: so a new self-metric is refused as
// soon as it is registered, with no second list to keep in step. The names
// are C strings, as prometheus-cpp's builders take them.
#pragma once

#include <array>
#include <string_view>

namespace fwlog::own_metrics {

// Inputs and lines (metrics/self_metrics.cc).
inline constexpr const char* kInputLines = "fwlog_input_lines_total";
inline constexpr const char* kInputBytes = "fwlog_input_bytes_total";
inline constexpr const char* kLinesUnmatched = "fwlog_lines_unmatched_total";
inline constexpr const char* kLinesDuplicate = "fwlog_lines_duplicate_total";
inline constexpr const char* kLinesInvalid = "fwlog_lines_invalid_total";
inline constexpr const char* kFileRotations = "fwlog_file_rotations_total";
inline constexpr const char* kFileTruncations = "fwlog_file_truncations_total";
inline constexpr const char* kLastEventTimestamp = "fwlog_last_event_timestamp_seconds";
inline constexpr const char* kFileOffset = "fwlog_file_offset_bytes";
inline constexpr const char* kFileSize = "fwlog_file_size_bytes";
inline constexpr const char* kInputErrors = "fwlog_input_errors_total";
inline constexpr const char* kInputFiles = "fwlog_input_files";
inline constexpr const char* kSeriesOverflow = "fwlog_series_overflow_total";
inline constexpr const char* kRouterOverflow = "fwlog_router_overflow_total";
inline constexpr const char* kSyslogDropped = "fwlog_syslog_messages_dropped_total";
inline constexpr const char* kSyslogSendersRejected = "fwlog_syslog_senders_rejected_total";
inline constexpr const char* kStateWrites = "fwlog_state_writes_total";
inline constexpr const char* kReloadSuccessful = "fwlog_config_last_reload_successful";
inline constexpr const char* kReloadSuccessTimestamp = "fwlog_config_last_reload_success_timestamp_seconds";
inline constexpr const char* kCountryDbBuildTimestamp = "fwlog_country_db_build_timestamp_seconds";
inline constexpr const char* kCountryDbLoaded = "fwlog_country_db_loaded";
inline constexpr const char* kBuildInfo = "fwlog_build_info";
inline constexpr const char* kRangeInfo = "fwlog_range_info";
// Scan detection (detect/scan_detector.cc).
inline constexpr const char* kScannersDetected = "fwlog_scanners_detected_total";
inline constexpr const char* kScannersActive = "fwlog_scanners_active";
inline constexpr const char* kScanSourcesEvicted = "fwlog_scan_sources_evicted_total";
inline constexpr const char* kScanSourcesTracked = "fwlog_scan_sources_tracked";
inline constexpr const char* kScanTopSourcePackets = "fwlog_scan_top_source_packets";

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
    kInputErrors,
    kInputFiles,
    kSeriesOverflow,
    kRouterOverflow,
    kSyslogDropped,
    kSyslogSendersRejected,
    kStateWrites,
    kReloadSuccessful,
    kReloadSuccessTimestamp,
    kCountryDbBuildTimestamp,
    kCountryDbLoaded,
    kBuildInfo,
    kRangeInfo,
    kScannersDetected,
    kScannersActive,
    kScanSourcesEvicted,
    kScanSourcesTracked,
    kScanTopSourcePackets,
};

// True for a name in kAll or one starting with "process_".
constexpr bool IsOwn(std::string_view name) {
  for (const char* own : kAll)
    if (std::string_view(own) == name) return true;
  return name.substr(0, 8) == "process_";
}

}  // namespace fwlog::own_metrics
