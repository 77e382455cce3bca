#include "config/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fwlog {
namespace {

using ::testing::HasSubstr;

std::string Fixture(const std::string& name) { return std::string(FWLOG_TEST_DATA_DIR) + "/" + name; }

TEST(ConfigTest, MinimalConfigGetsDefaults) {
  auto config = LoadConfig(Fixture("minimal.good.yaml"));
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->inputs.size(), 1u);
  EXPECT_EQ(config->inputs[0].name, "router");
  EXPECT_EQ(config->inputs[0].kind, InputKind::kFile);
  EXPECT_EQ(config->inputs[0].format, "netfilter");
  EXPECT_EQ(config->inputs[0].start_at, StartAt::kEnd);
  EXPECT_EQ(config->metrics.size(), DefaultMetrics().size());
  EXPECT_FALSE(config->ranges.empty());
  EXPECT_FALSE(config->services_file.empty());
  EXPECT_FALSE(config->state_file.empty());
}

// Sets or unsets environment variables for its lifetime, then restores them.
class ScopedEnv {
 public:
  void Set(const char* name, const char* value) {
    const char* old = std::getenv(name);
    saved_.push_back({name, old != nullptr, old != nullptr ? old : ""});
    if (value != nullptr)
      setenv(name, value, 1);
    else
      unsetenv(name);
  }
  ~ScopedEnv() {
    for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
      if (it->had)
        setenv(it->name, it->value.c_str(), 1);
      else
        unsetenv(it->name);
    }
  }

 private:
  struct Saved {
    const char* name;
    bool had;
    std::string value;
  };
  std::vector<Saved> saved_;
};

TEST(ConfigTest, DefaultStateFileFollowsSystemdThenXdgThenHome) {
  struct Case {
    const char *state_directory, *xdg_state_home, *home, *want;
  };
  const Case cases[] = {
      {"/var/lib/fwlog_exporter", "/x", "/home/u", "/var/lib/fwlog_exporter/state"},
      {"/var/lib/a:/var/lib/b", nullptr, nullptr, "/var/lib/a/state"},
      {nullptr, "/home/u/.state", "/home/u", "/home/u/.state/fwlog_exporter/state"},
      {nullptr, "relative", "/home/u", "/home/u/.local/state/fwlog_exporter/state"},  // XDG: absolute only
      {nullptr, nullptr, "/home/u", "/home/u/.local/state/fwlog_exporter/state"},
      {nullptr, nullptr, nullptr, "fwlog_exporter.state"},
  };
  for (const Case& c : cases) {
    ScopedEnv env;
    env.Set("STATE_DIRECTORY", c.state_directory);
    env.Set("XDG_STATE_HOME", c.xdg_state_home);
    env.Set("HOME", c.home);
    auto config = LoadConfigFromString("inputs: [{name: a, stdin: true}]\n", "s.yaml");
    ASSERT_TRUE(config.ok()) << config.status();
    EXPECT_EQ(config->state_file, c.want) << (c.xdg_state_home ? c.xdg_state_home : "-");
  }
}

TEST(ConfigTest, NullStateFileDisablesIt) {
  auto config = LoadConfigFromString("state_file: null\ninputs: [{name: a, stdin: true}]\n", "s.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->state_file, "");
}

TEST(ConfigTest, FullConfigIsReadCompletely) {
  auto config = LoadConfig(Fixture("full.good.yaml"));
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->timezone, "Asia/Tokyo");
  EXPECT_EQ(config->state_file, "/tmp/fwlog.state");
  EXPECT_EQ(config->max_line_bytes, 8192u);
  ASSERT_EQ(config->inputs.size(), 3u);
  EXPECT_EQ(config->inputs[1].kind, InputKind::kSyslog);
  EXPECT_EQ(config->inputs[1].syslog.listen, "127.0.0.1:5514");
  EXPECT_EQ(config->inputs[1].syslog.protocol, SyslogProtocol::kTcp);
  EXPECT_EQ(config->inputs[2].kind, InputKind::kStdin);
  EXPECT_EQ(config->inputs[2].timezone, "UTC");
  ASSERT_EQ(config->patterns.size(), 1u);
  EXPECT_EQ(config->patterns[0].actions.size(), 1u);
  EXPECT_EQ(config->patterns[0].regex_pos.line, 20);
  ASSERT_EQ(config->metrics.size(), 2u);
  EXPECT_EQ(config->metrics[0].max_series, 100u);
  ASSERT_EQ(config->metrics[0].match.size(), 1u);
  EXPECT_EQ(config->metrics[0].match[0].field, Field::kAction);
  EXPECT_EQ(config->metrics[1].kind, MetricKind::kFirstSeen);
}

TEST(ConfigTest, DefaultConfigReadsTheBundledSampleFromTheBeginning) {
  const Config config = DefaultConfig();
  ASSERT_EQ(config.inputs.size(), 1u);
  EXPECT_THAT(config.inputs[0].path, HasSubstr("sample/router.log"));
  EXPECT_EQ(config.inputs[0].start_at, StartAt::kBeginning);
  EXPECT_EQ(config.country_database, "/var/lib/location/database.db");
}

TEST(ConfigTest, DefaultMetricsAreTheContractsOnes) {
  std::vector<std::string> names;
  for (const auto& m : DefaultMetrics()) names.push_back(m.name);
  EXPECT_THAT(names, ::testing::ElementsAre("fwlog_packets_total", "fwlog_packets_by_port_total",
                                            "fwlog_packets_by_country_total", "fwlog_packets_by_hour_total",
                                            "fwlog_range_packets_total", "fwlog_range_first_seen_timestamp_seconds",
                                            "fwlog_range_last_seen_timestamp_seconds"));
}

struct BadCase {
  const char* file;
  const char* position;  // "line:col"
  const char* message;
};

class BadConfigTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadConfigTest, IsRejectedWithItsPosition) {
  const auto& c = GetParam();
  auto config = LoadConfig(Fixture(c.file));
  ASSERT_FALSE(config.ok()) << c.file << " was accepted";
  const std::string message(config.status().message());
  EXPECT_THAT(message, HasSubstr(Fixture(c.file) + ":" + c.position + ": ")) << message;
  EXPECT_THAT(message, HasSubstr(c.message)) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, BadConfigTest,
    ::testing::Values(BadCase{"unknown_key.bad.yaml", "4:5", "unknown key \"fromat\""},
                      BadCase{"wrong_type.bad.yaml", "4:17", "expected a whole number"},
                      BadCase{"unknown_label.bad.yaml", "6:21", "unknown event field \"source_ip\""},
                      BadCase{"bad_zone.bad.yaml", "1:11", "unknown time zone"},
                      BadCase{"two_kinds.bad.yaml", "2:5", "exactly one of"},
                      BadCase{"unknown_format.bad.yaml", "4:13", "unknown format \"cisco\""},
                      BadCase{"broken_yaml.bad.yaml", "4:1", "end of sequence flow not found"},
                      BadCase{"counter_name.bad.yaml", "5:11", "must end in _total"},
                      BadCase{"syslog_listen.bad.yaml", "3:22", "HOST:PORT"},
                      BadCase{"allowed_senders.bad.yaml", "5:36", "\"10.0.0.1/8\" is not an address or CIDR block"},
                      BadCase{"allowed_senders_empty.bad.yaml", "4:24", "would refuse every sender"}));

TEST(ConfigTest, SyslogSendersAndConnectionLimitsAreRead) {
  auto config = LoadConfigFromString(R"(inputs:
  - name: remote
    syslog:
      listen: "192.0.2.10:5514"
      protocol: tcp
      allowed_senders: [192.0.2.1, 192.168.1.0/24, "2001:db8::/32"]
      max_connections_per_address: 2
      message_timeout_seconds: 5
)",
                                     "s.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  const SyslogSpec& s = config->inputs[0].syslog;
  ASSERT_EQ(s.allowed_senders.size(), 3u);
  EXPECT_TRUE(s.allowed_senders[0].Contains(*IpAddress::Parse("192.0.2.1")));
  EXPECT_FALSE(s.allowed_senders[0].Contains(*IpAddress::Parse("192.0.2.2")));
  EXPECT_TRUE(s.allowed_senders[1].Contains(*IpAddress::Parse("192.168.1.77")));
  EXPECT_TRUE(s.allowed_senders[2].Contains(*IpAddress::Parse("2001:db8::1")));
  EXPECT_EQ(s.max_connections_per_address, 2u);
  EXPECT_EQ(s.message_timeout_seconds, 5);
  // Defaults: any sender, 8 connections per address, 30 s for a message.
  config = LoadConfigFromString("inputs: [{name: r, syslog: {protocol: tcp}}]\n", "s.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->inputs[0].syslog.allowed_senders.empty());
  EXPECT_EQ(config->inputs[0].syslog.max_connections_per_address, 8u);
  EXPECT_EQ(config->inputs[0].syslog.message_timeout_seconds, 30);
}

TEST(ConfigTest, MissingFileIsReported) {
  auto config = LoadConfig(Fixture("does-not-exist.yaml"));
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(std::string(config.status().message()),
              HasSubstr("cannot read the configuration file " + Fixture("does-not-exist.yaml") +
                        ": No such file or directory"));
}

TEST(ConfigTest, EmptyConfigNeedsAnInput) {
  auto config = LoadConfigFromString("", "empty.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(std::string(config.status().message()), HasSubstr("at least one input"));
}

TEST(ConfigTest, TimeCannotBeALabel) {
  auto config =
      LoadConfigFromString("inputs: [{name: a, stdin: true}]\nmetrics: [{name: x_total, labels: [time]}]\n", "t.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(std::string(config.status().message()), HasSubstr("t.yaml:2:36: \"time\" cannot be a label"));
}

TEST(ConfigTest, MetricCannotTakeANameTheExporterRegistersItself) {
  for (const std::string name :
       {"fwlog_lines_invalid_total", "fwlog_scanners_detected_total", "fwlog_scanners_active",
        "fwlog_file_offset_bytes", "fwlog_state_writes_total", "fwlog_config_last_reload_success_timestamp_seconds",
        "process_cpu_seconds_total", "process_anything"}) {
    const std::string kind = name.ends_with("_total") ? "" : ", type: last_seen";
    auto config = LoadConfigFromString(
        "inputs: [{name: a, stdin: true}]\nmetrics: [{name: " + name + kind + ", labels: [port]}]\n", "n.yaml");
    ASSERT_FALSE(config.ok()) << name << " was accepted";
    EXPECT_THAT(std::string(config.status().message()), HasSubstr("n.yaml:2:18: metric name \"" + name + "\""));
  }
  EXPECT_TRUE(
      LoadConfigFromString("inputs: [{name: a, stdin: true}]\nmetrics: [{name: fwlog_scans_by_port_total}]\n", "n.yaml")
          .ok());
}

TEST(ConfigTest, DuplicateInputNamesAreRejected) {
  auto config = LoadConfigFromString("inputs: [{name: a, stdin: true}, {name: a, path: /x}]\n", "d.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(std::string(config.status().message()), HasSubstr("duplicate input name"));
}

TEST(ConfigTest, EveryPresetIsAFormatAndNoPatternsName) {
  for (const std::string& name : PresetNames()) {
    SCOPED_TRACE(name);
    auto config = LoadConfigFromString("inputs: [{name: a, stdin: true, format: " + name + "}]\n", "f.yaml");
    ASSERT_TRUE(config.ok()) << config.status();
    EXPECT_EQ(config->inputs[0].format, name);
    auto pattern = LoadConfigFromString(
        "patterns: [{name: " + name + ", regex: 'x'}]\ninputs: [{name: a, stdin: true}]\n", "p.yaml");
    EXPECT_FALSE(pattern.ok());
  }
  EXPECT_TRUE(IsPresetOrAuto("auto"));
  EXPECT_FALSE(IsPresetOrAuto("cisco"));
}

TEST(ConfigTest, PathDashMeansStdin) {
  auto config = LoadConfigFromString("inputs: [{name: a, path: '-'}]\n", "d.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->inputs[0].kind, InputKind::kStdin);
}

// A config in one folder, loaded while the working directory is another that
// holds files of the same names: every relative path is the config folder's,
// whether or not the file exists yet (a glob, a state file to be written).
TEST(ConfigTest, RelativePathsResolveAgainstTheConfigFilesFolder) {
  namespace fs = std::filesystem;
  const fs::path top = fs::path(::testing::TempDir()) / "relative_paths";
  fs::remove_all(top);
  const fs::path conf_dir = top / "etc" / "fwlog";
  const fs::path elsewhere = top / "cwd";
  fs::create_directories(conf_dir / "ranges");
  fs::create_directories(elsewhere / "ranges");
  std::ofstream(elsewhere / "services.csv") << "decoy\n";
  std::ofstream(conf_dir / "config.yml") << "state_file: state/fwlog.state\n"
                                            "inputs:\n"
                                            "  - {name: router, path: logs/*.log}\n"
                                            "  - {name: abs, path: /var/log/router.log}\n"
                                            "  - {name: pipe, path: '-'}\n"
                                            "ranges: [ranges, ../more-ranges]\n"
                                            "services: services.csv\n"
                                            "country: {database: geo/country.mmdb}\n";
  const fs::path before = fs::current_path();
  fs::current_path(elsewhere);
  auto config = LoadConfig("../etc/fwlog/config.yml");
  fs::current_path(before);
  ASSERT_TRUE(config.ok()) << config.status();
  const std::string dir = "../etc/fwlog/";
  EXPECT_EQ(config->state_file, dir + "state/fwlog.state");
  ASSERT_EQ(config->inputs.size(), 3u);
  EXPECT_EQ(config->inputs[0].path, dir + "logs/*.log");
  EXPECT_EQ(config->inputs[1].path, "/var/log/router.log");
  EXPECT_EQ(config->inputs[2].kind, InputKind::kStdin);
  EXPECT_THAT(config->ranges, ::testing::ElementsAre(dir + "ranges", "../etc/more-ranges"));
  EXPECT_EQ(config->services_file, dir + "services.csv");
  EXPECT_EQ(config->country_database, dir + "geo/country.mmdb");
}

TEST(ConfigTest, ConfigInTheWorkingDirectoryKeepsPlainRelativePaths) {
  auto config = LoadConfigFromString("inputs: [{name: a, path: router.log}]\nranges: [./ranges]\n", "c.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->inputs[0].path, "router.log");
  EXPECT_THAT(config->ranges, ::testing::ElementsAre("ranges"));
}

TEST(ConfigTest, RoutersAreReadPerInputWithTheirBound) {
  auto config = LoadConfigFromString(R"(max_routers: 12
inputs:
  - {name: home, path: a.log}
  - {name: office, path: b.log, router: gw-office}
  - {name: lan, syslog: {listen: "127.0.0.1:0"}, router: from_host}
)",
                                     "r.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->max_routers, 12u);
  EXPECT_EQ(config->inputs[0].router, "");  // its name is its router
  EXPECT_FALSE(config->inputs[0].router_from_host);
  EXPECT_EQ(config->inputs[1].router, "gw-office");
  EXPECT_TRUE(config->inputs[2].router_from_host);
  EXPECT_EQ(LoadConfigFromString("inputs: [{name: a, path: a.log}]\n", "r.yaml")->max_routers, 100u);
}

TEST(ConfigTest, ReservedRouterNamesAreRefused) {
  struct Case {
    const char* yaml;
    const char* message;
  };
  const Case cases[] = {
      {"inputs: [{name: a, path: a.log, router: other}]\n", "the router name \"other\" is reserved"},
      {"inputs: [{name: a, path: a.log, router: unknown}]\n", "the router name \"unknown\" is reserved"},
      {"inputs: [{name: a, path: a.log, router: ''}]\n", "router must not be empty"},
      {"max_routers: 0\ninputs: [{name: a, path: a.log}]\n", "out of range [1, 100000]"},
      {"inputs: [{name: other, path: a.log}, {name: b, syslog: {}, router: from_host}]\n",
       "input \"other\" needs a router: name"},
  };
  for (const auto& c : cases) {
    auto config = LoadConfigFromString(c.yaml, "r.yaml");
    ASSERT_FALSE(config.ok()) << c.yaml;
    EXPECT_THAT(std::string(config.status().message()), HasSubstr(c.message)) << c.yaml;
  }
  // Without a from_host input nothing takes hosts' names: an input may be
  // called "other".
  EXPECT_TRUE(LoadConfigFromString("inputs: [{name: other, path: a.log}]\n", "r.yaml").ok());
}

TEST(ConfigTest, EveryDefaultMetricCarriesTheRouter) {
  for (const auto& m : DefaultMetrics()) EXPECT_THAT(m.labels, ::testing::Contains(Field::kRouter)) << m.name;
}

}  // namespace
}  // namespace fwlog
