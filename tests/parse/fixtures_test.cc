// Golden test over the project fixtures (tests/fixtures/logs/README.md): every
// dialect's file parsed with its preset and with `auto` must give the
// expectation in <name>.log.golden, line by line. UPDATE_GOLDEN=1 rewrites the
// golden files instead of comparing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "parse_helper.h"

namespace fwlog {
namespace {

const std::filesystem::path kDir = FWLOG_FIXTURE_LOGS_DIR;

// Which preset reads each fixture; "auto" only for mixed.log.
const std::map<std::string, std::string>& Formats() {
  static const std::map<std::string, std::string> formats = {
      {"asus.log", "netfilter"},
      {"ufw.log", "netfilter"},
      {"firewalld.log", "netfilter"},
      {"openwrt.log", "netfilter"},
      {"nftables.log", "netfilter"},
      {"edgeos.log", "netfilter"},
      {"proxmox.log", "netfilter"},
      {"synology.log", "netfilter"},
      {"generic-iptables.log", "netfilter"},
      {"journald.log", "netfilter"},
      {"pf-pfsense.log", "pf"},
      {"pf-opnsense.log", "pf"},
      {"mikrotik-v6.log", "mikrotik"},
      {"mikrotik-v7.log", "mikrotik"},
      {"mixed.log", "auto"},
      {"fortigate.log", "fortigate"},
      {"sophos-utm.log", "sophos"},
      {"sophos-xg.log", "sophos"},
      {"sonicwall.log", "sonicwall"},
      {"checkpoint.log", "checkpoint"},
      {"juniper-srx.log", "juniper-srx"},
      {"cisco-asa.log", "cisco-asa"},
      {"panos.log", "panos"},
      {"zyxel.log", "zyxel"},
      {"windows-firewall.log", "windows-firewall"},
  };
  return formats;
}

TimeContext FixtureTime() {
  TimeContext ctx;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Berlin", &ctx.zone));
  ctx.now = kReceiveTime;
  return ctx;
}

std::string Describe(int number, const ParseResult& result, const Event& e) {
  std::ostringstream out;
  out << number << " ";
  if (result.status == ParseResult::Status::kUnmatched) return out.str() + "unmatched";
  if (result.status == ParseResult::Status::kInvalid)
    return out.str() + "invalid " + std::string(InvalidReasonName(result.reason));
  out << e.matched_by << " time=";
  if (e.time_from_line)
    out << absl::FormatTime("%Y-%m-%dT%H:%M:%E*SZ", absl::FromUnixSeconds(e.time) + absl::Nanoseconds(e.time_nanos),
                            absl::UTCTimeZone());
  else
    out << "receive";
  for (Field f : {Field::kHost, Field::kAction, Field::kRule, Field::kIn, Field::kOut, Field::kFamily, Field::kProto,
                  Field::kSrc, Field::kSport, Field::kDst, Field::kPort, Field::kTcpFlags})
    out << " " << FieldName(f) << "=\"" << e.Get(f) << "\"";
  return out.str();
}

std::string ParseFile(const std::filesystem::path& path, const std::string& format) {
  auto parser = Parser::Build(format, nullptr);
  EXPECT_TRUE(parser.ok());
  std::ifstream in(path);
  std::string text, out;
  int number = 0;
  Event event;
  const TimeContext ctx = FixtureTime();
  while (std::getline(in, text)) {
    event.Clear();
    LogLine line;
    line.text = text;
    line.receive_time = ctx.now;
    out += Describe(++number, parser->Parse(line, ctx, event), event) + "\n";
  }
  return out;
}

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class FixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureTest, MatchesGolden) {
  const std::string& name = GetParam();
  const std::string& format = Formats().at(name);
  const auto path = kDir / name;
  const auto golden_path = kDir / (name + ".golden");
  const std::string got = ParseFile(path, format);
  if (const char* update = std::getenv("UPDATE_GOLDEN"); update != nullptr && std::string(update) == "1") {
    std::ofstream(golden_path) << got;
    GTEST_SKIP() << "rewrote " << golden_path;
  }
  ASSERT_TRUE(std::filesystem::exists(golden_path)) << golden_path << " missing; run with UPDATE_GOLDEN=1";
  EXPECT_EQ(got, ReadAll(golden_path)) << "expected " << golden_path << ", then observed";
  if (format != "auto") {
    EXPECT_EQ(ParseFile(path, "auto"), got) << "auto reads " << name << " differently";
  }
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string out;
  bool upper = true;
  for (char c : info.param.substr(0, info.param.size() - 4)) {  // without ".log"
    if (c == '-') {
      upper = true;
      continue;
    }
    out.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    upper = false;
  }
  return out;
}

std::vector<std::string> Names() {
  std::vector<std::string> names;
  for (const auto& [name, format] : Formats()) names.push_back(name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureTest, ::testing::ValuesIn(Names()), TestName);

TEST(FixtureSetTest, EveryLogFileHasAFormat) {
  for (const auto& entry : std::filesystem::directory_iterator(kDir)) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() == ".log") {
      EXPECT_TRUE(Formats().count(name)) << name << " is not in Formats()";
    }
  }
}

}  // namespace
}  // namespace fwlog
