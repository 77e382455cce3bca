#include "enrich/port_purposes.h"

#include <regex>
#include <string>

#include "enrich/service_registry.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fwlog {
namespace {

using ::testing::HasSubstr;

constexpr char kHeader[] = "port,protocol,purpose,source,note\n";

std::string ParseError(const std::string& body) {
  auto purposes = ParsePortPurposes(kHeader + body, "purposes.csv");
  return purposes.ok() ? "(loaded)" : std::string(purposes.status().message());
}

std::string ShippedPath() { return std::string(FWLOG_CONFIG_DIR) + "/ports/purposes.csv"; }

TEST(PortPurposesTest, WellFormedEntriesLoad) {
  auto purposes = ParsePortPurposes(std::string(kHeader) +
                                        "5555,tcp,android-adb,https://developer.android.com/tools/adb,adb over TCP\n"
                                        "37215,tcp,huawei-hg532-upnp,CVE-2017-17215,\"quoted, with a comma\"\n"
                                        "11211,udp,memcached,CVE-2018-1000115,\n",
                                    "purposes.csv");
  ASSERT_TRUE(purposes.ok()) << purposes.status();
  ASSERT_EQ(purposes->size(), 3u);
  EXPECT_EQ((*purposes)[0].port, 5555);
  EXPECT_EQ((*purposes)[0].purpose, "android-adb");
  EXPECT_EQ((*purposes)[1].note, "quoted, with a comma");
  EXPECT_EQ((*purposes)[1].line, 3);
  EXPECT_EQ((*purposes)[2].protocol, "udp");
}

TEST(PortPurposesTest, ColumnsAreFoundByHeaderName) {
  auto purposes = ParsePortPurposes(
      "note,source,purpose,protocol,port\nadb,https://developer.android.com/tools/adb,"
      "android-adb,tcp,5555\n",
      "purposes.csv");
  ASSERT_TRUE(purposes.ok()) << purposes.status();
  EXPECT_EQ((*purposes)[0].port, 5555);
}

TEST(PortPurposesTest, BadEntriesAreRefusedWithFileAndLine) {
  const struct {
    const char* name;
    std::string body;
    const char* message;
  } cases[] = {
      {"missing source", "5555,tcp,android-adb,,adb\n", "purposes.csv:2: no source"},
      {"blank source", "5555,tcp,android-adb,  ,adb\n", "purposes.csv:2: no source"},
      {"source neither CVE nor https", "5555,tcp,android-adb,see the web,adb\n", "purposes.csv:2: bad source"},
      {"plain http source", "5555,tcp,android-adb,http://example.com/adb,adb\n", "bad source"},
      {"CVE with a short number", "5555,tcp,android-adb,CVE-2017-172,adb\n", "bad source"},
      {"lower-case cve", "5555,tcp,android-adb,cve-2017-17215,adb\n", "bad source"},
      {"port not a number", "ssh,tcp,x,CVE-2017-17215,\n", "purposes.csv:2: bad port \"ssh\""},
      {"port above 65535", "65536,tcp,x,CVE-2017-17215,\n", "bad port \"65536\""},
      {"port zero", "0,tcp,x,CVE-2017-17215,\n", "bad port \"0\""},
      {"port range", "1-2,tcp,x,CVE-2017-17215,\n", "bad port \"1-2\""},
      {"protocol not tcp or udp", "5555,sctp,x,CVE-2017-17215,\n", "bad protocol \"sctp\""},
      {"protocol upper case", "5555,TCP,x,CVE-2017-17215,\n", "bad protocol \"TCP\""},
      {"purpose not label-safe", "5555,tcp,Android ADB,CVE-2017-17215,\n", "bad purpose"},
      {"purpose unknown", "5555,tcp,unknown,CVE-2017-17215,\n", "bad purpose"},
      {"purpose empty", "5555,tcp,,CVE-2017-17215,\n", "bad purpose"},
      {"duplicate port and protocol",
       "5555,tcp,android-adb,CVE-2017-17215,\n9200,tcp,elasticsearch,CVE-2015-1427,\n5555,tcp,adb,CVE-2017-17215,\n",
       "purposes.csv:4: duplicate entry for 5555/tcp (first at line 2)"},
      {"short record", "5555,tcp,android-adb\n", "purposes.csv:2: expected 5 fields"},
  };
  for (const auto& c : cases) EXPECT_THAT(ParseError(c.body), HasSubstr(c.message)) << c.name;
}

TEST(PortPurposesTest, SamePortOnTheOtherProtocolIsNoDuplicate) {
  EXPECT_EQ(ParseError("123,udp,ntp-monlist,CVE-2013-5211,\n123,tcp,ntp,CVE-2013-5211,\n"), "(loaded)");
}

TEST(PortPurposesTest, MissingHeaderColumnIsRefused) {
  auto purposes = ParsePortPurposes("port,protocol,purpose,note\n5555,tcp,android-adb,x\n", "purposes.csv");
  ASSERT_FALSE(purposes.ok());
  EXPECT_THAT(std::string(purposes.status().message()), HasSubstr("purposes.csv:1: missing column \"source\""));
}

TEST(PortPurposesTest, MissingFileIsNotFound) {
  auto purposes = LoadPortPurposes("/nonexistent/purposes.csv");
  ASSERT_FALSE(purposes.ok());
  EXPECT_EQ(purposes.status().code(), absl::StatusCode::kNotFound);
}

// --- The table the exporter ships (config/ports/purposes.csv). ---

TEST(PortPurposesTest, ShippedTableLoadsAndEveryRowCitesASource) {
  auto purposes = LoadPortPurposes(ShippedPath());
  ASSERT_TRUE(purposes.ok()) << purposes.status();
  EXPECT_GE(purposes->size(), 15u);
  EXPECT_LE(purposes->size(), 40u);
  const std::regex source(R"(CVE-\d{4}-\d{4,}|https://[^\s]+)");
  for (const auto& p : *purposes) {
    EXPECT_TRUE(std::regex_match(p.source, source)) << p.port << "/" << p.protocol << ": " << p.source;
    EXPECT_FALSE(p.note.empty()) << p.port << "/" << p.protocol;
  }
}

TEST(PortPurposesTest, ShippedTableNamesTheIssuesPorts) {
  auto services = ServiceRegistry::LoadIanaCsv(std::string(FWLOG_CONFIG_DIR) + "/iana/service-names-port-numbers.csv");
  ASSERT_TRUE(services.ok()) << services.status();
  auto purposes = LoadPortPurposes(ShippedPath());
  ASSERT_TRUE(purposes.ok()) << purposes.status();
  ASSERT_TRUE(services->SetPurposes(*purposes).ok());
  const struct {
    int port;
    const char* proto;
    const char* service;
    const char* purpose;
  } cases[] = {
      {5555, "tcp", "personal-agent", "android-adb"},
      {9200, "tcp", "wap-wsp", "elasticsearch"},
      {37215, "tcp", "unknown", "huawei-hg532-upnp"},
      {52869, "tcp", "unknown", "realtek-sdk-upnp"},
      {22, "tcp", "ssh", "ssh"},                          // no entry: the service name
      {23023, "tcp", "unknown", "unknown"},               // no entry, no service
      {5555, "udp", "personal-agent", "personal-agent"},  // entries are per protocol
  };
  for (const auto& c : cases) {
    const auto names = services->Names(static_cast<std::uint16_t>(c.port), c.proto);
    EXPECT_EQ(names.service, c.service) << c.port << "/" << c.proto;
    EXPECT_EQ(names.purpose, c.purpose) << c.port << "/" << c.proto;
    EXPECT_EQ(services->Lookup(static_cast<std::uint16_t>(c.port), c.proto), c.service);
  }
}

}  // namespace
}  // namespace fwlog
