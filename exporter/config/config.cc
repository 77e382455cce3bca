#include "config/config.h"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "absl/time/time.h"
#include "config/yaml_reader.h"
#include "core/own_metrics.h"
#include "core/text_file.h"

namespace fwlog {
namespace {

namespace fs = std::filesystem;

// systemd's StateDirectory= sets STATE_DIRECTORY; a user's run keeps its
// state where the XDG base directory rules put state ($XDG_STATE_HOME, else
// ~/.local/state), not in whatever folder it was started from; only without
// a home does the working directory hold it.
std::string DefaultStateFile() {
  if (const char* dir = std::getenv("STATE_DIRECTORY"); dir && *dir) {
    std::string first(dir);
    first = first.substr(0, first.find(':'));  // several directories are ':'-separated
    return (fs::path(first) / "state").string();
  }
  if (const char* dir = std::getenv("XDG_STATE_HOME"); dir && *dir == '/')
    return (fs::path(dir) / "fwlog_exporter" / "state").string();
  if (const char* home = std::getenv("HOME"); home && *home == '/')
    return (fs::path(home) / ".local" / "state" / "fwlog_exporter" / "state").string();
  return "fwlog_exporter.state";
}

class Loader : public YamlReader {
 public:
  Loader(std::string file, std::string base_dir) : YamlReader(std::move(file)), base_dir_(std::move(base_dir)) {}

  Config Load(const YAML::Node& root) {
    Config config = DefaultConfig();
    config.file = file_;
    config.inputs.clear();
    if (!root || root.IsNull()) Fail(root, "the configuration is empty: at least one input is needed");
    ExpectMap(root, "the configuration");
    CheckKeys(root, {"timezone", "state_file", "inputs", "ranges", "country", "services", "purposes", "patterns",
                     "metrics", "max_line_bytes", "max_routers", "scan_detection", "deduplicate"});
    if (auto n = root["timezone"]) config.timezone = TimeZone(n);
    if (auto n = root["state_file"]) {
      config.state_file = n.IsNull() ? "" : Path(n);  // null: keep no state
    } else {
      config.state_file = DefaultStateFile();
    }
    if (auto n = root["max_line_bytes"]) {
      config.max_line_bytes = static_cast<std::size_t>(Integer(n, 256, 16 * 1024 * 1024));
    }
    if (auto n = root["max_routers"]) config.max_routers = static_cast<std::size_t>(Integer(n, 1, 100000));
    if (auto n = root["scan_detection"]) config.scan_detection = ScanDetection(n);
    if (auto n = root["deduplicate"]) {
      ExpectMap(n, "deduplicate");
      CheckKeys(n, {"enabled", "lines"});
      config.deduplicate.pos = Pos(n);
      if (auto v = n["enabled"]) config.deduplicate.enabled = Bool(v);
      if (auto v = n["lines"]) config.deduplicate.lines = static_cast<std::size_t>(Integer(v, 1, 1 << 22));
    }
    if (auto n = root["ranges"]) {
      config.ranges.clear();
      config.ranges_pos = Pos(n);
      for (const auto& item : Sequence(n, "ranges")) config.ranges.push_back(Path(item));
    }
    if (auto n = root["country"]) {
      ExpectMap(n, "country");
      CheckKeys(n, {"database", "asn_database"});
      config.country_pos = Pos(n);
      if (auto db = n["database"]) {
        config.country_database = db.IsNull() ? "" : Path(db);
        config.country_database_explicit = true;
        config.country_pos = Pos(db);
      }
      if (auto db = n["asn_database"]) {
        config.asn_database = db.IsNull() ? "" : Path(db);
        config.asn_pos = Pos(db);
      }
    }
    if (auto n = root["services"]) {
      config.services_file = Path(n);
      config.services_pos = Pos(n);
    }
    if (auto n = root["purposes"]) {
      config.purposes_file = Path(n);
      config.purposes_pos = Pos(n);
    }
    if (auto n = root["patterns"]) {
      for (const auto& item : Sequence(n, "patterns")) config.patterns.push_back(Pattern(item));
    }
    std::set<std::string> pattern_names;
    for (const auto& p : config.patterns)
      if (!pattern_names.insert(p.name).second) Fail(p.pos, "duplicate pattern name \"" + p.name + "\"");

    auto inputs = root["inputs"];
    if (!inputs) Fail(root, "missing key \"inputs\": at least one input is needed");
    std::set<std::string> input_names;
    for (const auto& item : Sequence(inputs, "inputs")) {
      InputSpec in = Input(item, pattern_names);
      if (!input_names.insert(in.name).second) Fail(item, "duplicate input name \"" + in.name + "\"");
      config.inputs.push_back(std::move(in));
    }
    if (config.inputs.empty()) Fail(inputs, "at least one input is needed");
    CheckRouters(config.inputs);
    if (auto n = root["metrics"]) {
      config.metrics.clear();
      std::set<std::string> names;
      for (const auto& item : Sequence(n, "metrics")) {
        MetricSpec m = Metric(item);
        if (!names.insert(m.name).second) Fail(item, "duplicate metric name \"" + m.name + "\"");
        config.metrics.push_back(std::move(m));
      }
    }
    return config;
  }

 private:
  ScanDetectionSpec ScanDetection(const YAML::Node& n) const {
    ExpectMap(n, "scan_detection");
    CheckKeys(n, {"enabled", "ports", "addresses", "window", "max_sources", "top_sources"});
    ScanDetectionSpec s;
    s.pos = Pos(n);
    if (auto v = n["enabled"]) s.enabled = Bool(v);
    if (auto v = n["ports"]) s.ports = static_cast<std::size_t>(Integer(v, 2, 65536));
    if (auto v = n["addresses"]) s.addresses = static_cast<std::size_t>(Integer(v, 2, 1 << 20));
    if (auto v = n["window"]) s.window_seconds = Seconds(v, 1, 7 * 86400);
    if (auto v = n["max_sources"]) s.max_sources = static_cast<std::size_t>(Integer(v, 1, 10'000'000));
    if (auto v = n["top_sources"]) s.top_sources = static_cast<std::size_t>(Integer(v, 0, 1000));
    return s;
  }
  // A relative path is the config file's: resolved against its folder, never
  // the working directory, so a config means the same wherever it is started
  // from (and a glob or a state file not yet written resolves the same way).
  std::string Path(const YAML::Node& n) const {
    auto p = NonEmpty(n, "a path");
    if (p.front() == '/' || p == "-" || base_dir_.empty()) return p;
    return (fs::path(base_dir_) / p).lexically_normal().string();
  }
  std::string TimeZone(const YAML::Node& n) const {
    auto name = NonEmpty(n, "timezone");
    absl::TimeZone tz;
    if (!absl::LoadTimeZone(name, &tz))
      Fail(n, "unknown time zone \"" + name + "\" (expected an IANA name such as Asia/Tokyo)");
    return name;
  }

  InputSpec Input(const YAML::Node& n, const std::set<std::string>& patterns) const {
    ExpectMap(n, "an input");
    CheckKeys(n, {"name", "path", "syslog", "stdin", "format", "start_at", "timezone", "router"});
    InputSpec in;
    in.pos = Pos(n);
    if (!n["name"]) Fail(n, "an input needs a \"name\"");
    in.name = NonEmpty(n["name"], "name");
    int kinds = 0;
    if (auto p = n["path"]) {
      in.kind = InputKind::kFile;
      in.path = Path(p);
      ++kinds;
    }
    if (auto s = n["syslog"]) {
      in.kind = InputKind::kSyslog;
      in.syslog = ReadSyslog(*this, s);
      ++kinds;
    }
    if (auto s = n["stdin"]) {
      if (!Bool(s)) Fail(s, "\"stdin\" can only be true; leave it out otherwise");
      in.kind = InputKind::kStdin;
      ++kinds;
    }
    if (kinds != 1) Fail(n, "input \"" + in.name + "\" needs exactly one of \"path\", \"syslog\" or \"stdin\"");
    if (in.kind == InputKind::kFile && in.path == "-") in.kind = InputKind::kStdin;
    if (auto f = n["format"]) {
      in.format = NonEmpty(f, "format");
      if (!IsPresetOrAuto(in.format) && !patterns.count(in.format))
        Fail(f, "unknown format \"" + in.format + "\" (expected " + PresetList() +
                    ", auto or the name of a custom pattern)");
    }
    if (auto s = n["start_at"]) {
      const auto v = String(s);
      if (v == "end")
        in.start_at = StartAt::kEnd;
      else if (v == "beginning")
        in.start_at = StartAt::kBeginning;
      else
        Fail(s, "start_at must be \"end\" or \"beginning\", got \"" + v + "\"");
    }
    if (auto t = n["timezone"]) in.timezone = TimeZone(t);
    if (auto r = n["router"]) {
      in.router = NonEmpty(r, "router");
      in.router_from_host = in.router == "from_host";
      if (in.router_from_host) in.router.clear();
      if (in.router == kOtherRouter || in.router == kUnknownRouter)
        Fail(r, "the router name \"" + in.router +
                    "\" is reserved (other: hosts beyond max_routers; unknown: a line without a host)");
    }
    return in;
  }

  // With routers from hosts, "other" and "unknown" have their fixed meaning,
  // so an input may not be named so and take its name as its router.
  static void CheckRouters(const std::vector<InputSpec>& inputs) {
    if (std::none_of(inputs.begin(), inputs.end(), [](const InputSpec& in) { return in.router_from_host; })) return;
    for (const auto& in : inputs) {
      if (!in.router_from_host && in.router.empty() && (in.name == kOtherRouter || in.name == kUnknownRouter))
        Fail(in.pos, "input \"" + in.name + "\" needs a router: name (\"" + in.name +
                         "\" is a reserved router name while an input takes its routers from hosts)");
    }
  }

  PatternSpec Pattern(const YAML::Node& n) const {
    ExpectMap(n, "a pattern");
    CheckKeys(n, {"name", "regex", "actions"});
    PatternSpec p;
    p.pos = Pos(n);
    if (!n["name"]) Fail(n, "a pattern needs a \"name\"");
    p.name = NonEmpty(n["name"], "name");
    if (IsPresetOrAuto(p.name)) Fail(n["name"], "pattern name \"" + p.name + "\" is a built-in preset's name");
    if (!n["regex"]) Fail(n, "pattern \"" + p.name + "\" needs a \"regex\"");
    p.regex = NonEmpty(n["regex"], "regex");
    p.regex_pos = Pos(n["regex"]);
    if (auto a = n["actions"]) {
      ExpectMap(a, "actions");
      for (const auto& kv : a) {
        const auto word = kv.first.as<std::string>();
        const auto verdict = String(kv.second);
        Action action;
        if (verdict == "drop")
          action = Action::kDrop;
        else if (verdict == "reject")
          action = Action::kReject;
        else if (verdict == "accept")
          action = Action::kAccept;
        else
          Fail(kv.second, "action must be drop, reject or accept, got \"" + verdict + "\"");
        p.actions.emplace_back(word, action);
      }
    }
    return p;
  }

  Field FieldName(const YAML::Node& n) const {
    const auto name = String(n);
    auto f = FieldFromName(name);
    if (!f) Fail(n, "unknown event field \"" + name + "\"");
    return *f;
  }

  std::vector<FieldFilter> Filters(const YAML::Node& n, const std::string& what) const {
    ExpectMap(n, what);
    std::vector<FieldFilter> out;
    for (const auto& kv : n) {
      FieldFilter f{FieldName(kv.first), {}};
      if (kv.second.IsSequence()) {
        for (const auto& v : kv.second) f.values.push_back(String(v));
      } else {
        f.values.push_back(String(kv.second));
      }
      out.push_back(std::move(f));
    }
    return out;
  }

  MetricSpec Metric(const YAML::Node& n) const {
    ExpectMap(n, "a metric");
    CheckKeys(n, {"name", "help", "type", "labels", "match", "exclude", "max_series"});
    MetricSpec m;
    m.pos = Pos(n);
    if (!n["name"]) Fail(n, "a metric needs a \"name\"");
    m.name = NonEmpty(n["name"], "name");
    if (!ValidMetricName(m.name)) Fail(n["name"], "invalid metric name \"" + m.name + "\"");
    if (own_metrics::IsOwn(m.name))
      Fail(n["name"], "metric name \"" + m.name + "\" is one of the exporter's own metrics");
    m.help = n["help"] ? String(n["help"]) : "Firewall events counted by fwlog_exporter.";
    if (auto t = n["type"]) {
      const auto v = String(t);
      if (v == "counter")
        m.kind = MetricKind::kCounter;
      else if (v == "first_seen")
        m.kind = MetricKind::kFirstSeen;
      else if (v == "last_seen")
        m.kind = MetricKind::kLastSeen;
      else
        Fail(t, "type must be counter, first_seen or last_seen, got \"" + v + "\"");
    }
    if (m.kind == MetricKind::kCounter && (m.name.size() <= 6 || m.name.compare(m.name.size() - 6, 6, "_total") != 0))
      Fail(n["name"], "a counter's name must end in _total");
    if (auto l = n["labels"]) {
      std::set<Field> seen;
      for (const auto& item : Sequence(l, "labels")) {
        const Field f = FieldName(item);
        if (f == Field::kTime) Fail(item, "\"time\" cannot be a label (every line would be a new series)");
        if (!seen.insert(f).second) Fail(item, "label \"" + std::string(fwlog::FieldName(f)) + "\" listed twice");
        m.labels.push_back(f);
      }
    }
    if (auto x = n["match"]) m.match = Filters(x, "match");
    if (auto x = n["exclude"]) m.exclude = Filters(x, "exclude");
    if (auto x = n["max_series"]) m.max_series = static_cast<std::size_t>(Integer(x, 1, 10'000'000));
    return m;
  }

  static bool ValidMetricName(const std::string& s) {
    if (s.empty()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      const bool ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (i > 0 && c >= '0' && c <= '9');
      if (!ok) return false;
    }
    return true;
  }
  std::string base_dir_;
};

bool IsDir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

std::string ExecutableDir() {
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}

}  // namespace

std::string SourcePos::Prefix() const {
  if (line == 0) return (file.empty() ? std::string("<built-in>") : file) + ": ";
  return file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": ";
}

std::string DataDir() {
  if (const char* env = std::getenv("FWLOG_DATA_DIR"); env && *env) return env;
  // Searched once per process: every configuration load starts from
  // DefaultConfig(), and the binary and its data do not move while it runs.
  static const std::string found = [] {
    const auto exe_dir = ExecutableDir();
    for (const fs::path& candidate : {fs::path(exe_dir) / "../config", fs::path(exe_dir) / "config",
                                      fs::path(FWLOG_SOURCE_DATA_DIR), fs::path("/usr/share/fwlog_exporter")}) {
      if (IsDir(candidate / "ranges")) return fs::weakly_canonical(candidate).string();
    }
    return std::string(FWLOG_SOURCE_DATA_DIR);
  }();
  return found;
}

std::vector<MetricSpec> DefaultMetrics() {
  auto m = [](std::string name, std::string help, MetricKind kind, std::vector<Field> labels, std::size_t max_series) {
    MetricSpec spec;
    spec.name = std::move(name);
    spec.help = std::move(help);
    spec.kind = kind;
    spec.labels = std::move(labels);
    spec.max_series = max_series;
    return spec;
  };
  const std::vector<std::string> not_named = {"other", "private"};
  // The per-dimension metrics are about attempts that were refused: an
  // accepted packet (UFW AUDIT/ALLOW, an ASUS ACCEPT line) is counted by
  // fwlog_packets_total{action="accept"} alone, since these metrics carry no
  // action label to filter it out by.
  const FieldFilter refused{Field::kAction, {"drop", "reject"}};
  // Every default metric carries the router the line came from; each router
  // keeps up to max_series series of its own (CounterSet).
  std::vector<MetricSpec> out;
  out.push_back(m("fwlog_packets_total", "Logged packets by verdict, protocol and source range.", MetricKind::kCounter,
                  {Field::kAction, Field::kProto, Field::kRange, Field::kRouter}, 1000));
  auto refused_only = [&refused](MetricSpec spec) {
    spec.match.push_back(refused);
    return spec;
  };
  out.push_back(
      refused_only(m("fwlog_packets_by_port_total",
                     "Dropped or rejected packets by protocol, destination port and its IANA service name.",
                     MetricKind::kCounter, {Field::kProto, Field::kPort, Field::kService, Field::kRouter}, 2000)));
  out.push_back(
      refused_only(m("fwlog_packets_by_country_total", "Dropped or rejected packets by the source address's country.",
                     MetricKind::kCounter, {Field::kCountry, Field::kRouter}, 300)));
  out.push_back(refused_only(m("fwlog_packets_by_hour_total",
                               "Dropped or rejected packets by hour of day of the event, in the configured time zone.",
                               MetricKind::kCounter, {Field::kHour, Field::kRouter}, 0)));
  auto range = refused_only(m("fwlog_range_packets_total",
                              "Dropped or rejected packets from named (catalog) source ranges, by protocol, port and "
                              "service.",
                              MetricKind::kCounter,
                              {Field::kRange, Field::kProto, Field::kPort, Field::kService, Field::kRouter}, 2000));
  range.exclude.push_back({Field::kRange, not_named});
  out.push_back(range);
  auto first = refused_only(m("fwlog_range_first_seen_timestamp_seconds",
                              "Earliest event time of a dropped or rejected packet from a named source range (Unix "
                              "seconds).",
                              MetricKind::kFirstSeen, {Field::kRange, Field::kRouter}, 1000));
  first.exclude.push_back({Field::kRange, not_named});
  out.push_back(first);
  auto last = refused_only(m("fwlog_range_last_seen_timestamp_seconds",
                             "Latest event time of a dropped or rejected packet from a named source range (Unix "
                             "seconds).",
                             MetricKind::kLastSeen, {Field::kRange, Field::kRouter}, 1000));
  last.exclude.push_back({Field::kRange, not_named});
  out.push_back(last);
  return out;
}

Config DefaultConfig() {
  const auto data = fs::path(DataDir());
  Config c;
  InputSpec sample;
  sample.name = "sample";
  sample.kind = InputKind::kFile;
  sample.path = (data / "sample" / "router.log").string();
  sample.format = "netfilter";
  sample.start_at = StartAt::kBeginning;
  c.inputs.push_back(sample);
  c.ranges.push_back((data / "ranges").string());
  c.services_file = (data / "iana" / "service-names-port-numbers.csv").string();
  c.purposes_file = (data / "ports" / "purposes.csv").string();
  c.country_database = "/var/lib/location/database.db";
  c.metrics = DefaultMetrics();
  return c;
}

absl::StatusOr<Config> LoadConfigFromString(const std::string& text, const std::string& name) {
  std::string base_dir;
  if (!name.empty()) {
    auto parent = fs::path(name).parent_path();
    base_dir = parent.empty() ? "." : parent.string();
  }
  try {
    const YAML::Node root = YAML::Load(text);
    return Loader(name, base_dir).Load(root);
  } catch (const ConfigError& e) {
    return absl::InvalidArgumentError(e.message);
  } catch (const YAML::Exception& e) {
    const auto& mark = e.mark;
    std::string where = name;
    if (!mark.is_null()) where += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
    return absl::InvalidArgumentError(where + ": " + e.msg);
  }
}

absl::StatusOr<Config> LoadConfig(const std::string& path) {
  auto text = ReadTextFile(path);
  if (!text.ok()) {
    return absl::Status(text.status().code(),
                        "cannot read the configuration file " + std::string(text.status().message()));
  }
  return LoadConfigFromString(*text, path);
}

}  // namespace fwlog
