// Config: the exporter's configuration as plain data, and LoadConfig(), the
// only place that reads YAML.
//
// Loading is the one moment the exporter may refuse to run, so it finds every
// mistake it can there: unknown keys, wrong types, bad CIDR-like values, unknown
// event fields in labels/match, bad metric names, unknown time zones. Each error
// is reported as `file:line:col: message` (1-based, from the YAML node). Checks
// that need another stage (a regex compiling, a range file parsing) are made when
// that stage is built from the spec; specs carry their SourcePos so those errors
// point at the same place.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/event.h"
#include "core/ip_address.h"

namespace fwlog {

struct SourcePos {
  std::string file;
  int line = 0;  // 1-based; 0 = built-in default
  int col = 0;
  // "file:line:col: " or "<built-in>: " for defaults.
  std::string Prefix() const;
};

enum class StartAt { kEnd, kBeginning };
enum class InputKind { kFile, kSyslog, kStdin };
enum class SyslogProtocol { kUdp, kTcp };

// A syslog listener (docs/inputs.md, "Syslog listener").
struct SyslogSpec {
  std::string listen = "0.0.0.0:5514";
  SyslogProtocol protocol = SyslogProtocol::kUdp;
  // Datagrams and connections from other addresses are refused (and
  // counted); empty: any sender.
  std::vector<Cidr> allowed_senders;
  std::size_t max_message_bytes = 8192;
  std::size_t queue_size = 65536;
  // TCP only: open connections in all, and from one address.
  std::size_t max_connections = 64;
  std::size_t max_connections_per_address = 8;
  // TCP only: a connection is closed when it completes no message for
  // idle_timeout_seconds, or leaves one unfinished for message_timeout_seconds.
  int idle_timeout_seconds = 300;
  int message_timeout_seconds = 30;
};

struct InputSpec {
  std::string name;
  InputKind kind = InputKind::kFile;
  std::string path;  // file or glob (kFile)
  SyslogSpec syslog;
  std::string format = "netfilter";  // a preset, "auto", or a custom pattern name
  StartAt start_at = StartAt::kEnd;
  std::string timezone;  // empty: the config's zone
  // The value of its events' `router` field: this name (empty: the input's
  // name), or with router_from_host each line's host (RouterNames).
  std::string router;
  bool router_from_host = false;
  SourcePos pos;
};

// The router names with fixed meanings: the hosts beyond max_routers, and a
// line without a host under `router: from_host`.
inline constexpr std::string_view kOtherRouter = "other";
inline constexpr std::string_view kUnknownRouter = "unknown";

struct PatternSpec {
  std::string name;
  std::string regex;
  // Words captured by the `action` group, mapped to drop|reject|accept.
  std::vector<std::pair<std::string, Action>> actions;
  SourcePos pos;
  SourcePos regex_pos;
};

enum class MetricKind { kCounter, kFirstSeen, kLastSeen };

struct FieldFilter {
  Field field;
  std::vector<std::string> values;
};

struct MetricSpec {
  std::string name;
  std::string help;
  MetricKind kind = MetricKind::kCounter;
  std::vector<Field> labels;
  std::vector<FieldFilter> match;    // every filter must hold (value in list)
  std::vector<FieldFilter> exclude;  // no filter may hold
  std::size_t max_series = 0;        // 0: unbounded
  SourcePos pos;
};

// Scan detection (exporter/detect/): a source that touches at least `ports`
// distinct destination ports, or at least `addresses` distinct destination
// addresses, within `window_seconds` of event time is a scanner. At most
// `max_sources` sources are tracked (the least recently seen is evicted);
// `top_sources` > 0 exports that many of the noisiest sources by address.
struct ScanDetectionSpec {
  bool enabled = true;
  std::size_t ports = 15;
  std::size_t addresses = 10;
  std::int64_t window_seconds = 300;
  std::size_t max_sources = 10000;
  std::size_t top_sources = 0;
  SourcePos pos;
};

// Optional de-duplication for set-ups where the same kernel line reaches two
// followed files (kern.log and syslog): a line identical to one of the last
// `lines` lines read (from any input) is skipped and counted as a duplicate.
struct DeduplicateSpec {
  bool enabled = false;
  std::size_t lines = 4096;
  SourcePos pos;
};

struct Config {
  std::string file;      // empty for the built-in defaults
  std::string timezone;  // empty: the system's zone (TZ honoured)
  // Offsets + counters snapshot. In a config file: absent means
  // $STATE_DIRECTORY/state under systemd, else $XDG_STATE_HOME/fwlog_exporter/state,
  // else ~/.local/state/fwlog_exporter/state (./fwlog_exporter.state without a home); null
  // means none. The built-in default keeps none.
  std::string state_file;
  std::vector<InputSpec> inputs;
  std::vector<std::string> ranges;
  SourcePos ranges_pos;
  std::string country_database;  // libloc .db or .mmdb; empty disables
  bool country_database_explicit = false;
  SourcePos country_pos;
  // A second database the AS number and name come from (a GeoLite2-ASN
  // shaped .mmdb, or a libloc .db) instead of country_database; empty: from
  // country_database.
  std::string asn_database;
  SourcePos asn_pos;
  std::string services_file;
  SourcePos services_pos;
  // The commonly probed-for purposes of ports (enrich/port_purposes.h);
  // empty: none, every purpose is its port's service name.
  std::string purposes_file;
  SourcePos purposes_pos;
  std::vector<PatternSpec> patterns;
  std::vector<MetricSpec> metrics;
  std::size_t max_line_bytes = 16384;
  // Distinct hosts that `router: from_host` inputs name as routers (all such
  // inputs together); the hosts after them are router "other".
  std::size_t max_routers = 100;
  ScanDetectionSpec scan_detection;
  DeduplicateSpec deduplicate;
};

// Where the bundled data (ranges, IANA registry, sample log) is found: the
// FWLOG_DATA_DIR environment variable, the folder beside the binary, the
// source tree's config/ (compiled in), or /usr/share/fwlog_exporter; the
// search (all but the variable) runs once per process.
std::string DataDir();

// The built-in configuration used without --config.file: the bundled sample
// router log read from its beginning, the bundled catalog and registry, the
// libloc country database, and the contract's default metrics.
Config DefaultConfig();
std::vector<MetricSpec> DefaultMetrics();

// The names of the built-in format presets, as `format:` accepts them
// besides "auto" and a custom pattern's name. The parse stage registers the
// presets themselves (parse/preset.h); tests/parse holds the two lists equal.
const std::vector<std::string>& PresetNames();
// True for a preset's name or "auto".
bool IsPresetOrAuto(std::string_view name);
// The preset names as a list for messages: "netfilter, pf, ...".
std::string PresetList();

// Reads and validates `path`. Relative paths inside it (inputs, ranges,
// services, country database, state file) are resolved against the config
// file's folder, not the working directory; `path: "-"` stays stdin.
absl::StatusOr<Config> LoadConfig(const std::string& path);
// Same, from text (for tests); `name` is used in error positions.
absl::StatusOr<Config> LoadConfigFromString(const std::string& text, const std::string& name);

}  // namespace fwlog
