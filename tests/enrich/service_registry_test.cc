#include "enrich/service_registry.h"

#include <chrono>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fwlog {
namespace {

using ::testing::HasSubstr;

constexpr char kHeader[] =
    "Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,"
    "Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\n";

ServiceRegistry LoadFixture(const std::string& name) {
  auto registry = ServiceRegistry::LoadIanaCsv(std::string(FWLOG_TEST_DATA_DIR) + "/iana/" + name);
  EXPECT_TRUE(registry.ok()) << registry.status();
  return registry.ok() ? *std::move(registry) : ServiceRegistry();
}

std::string ParseError(const std::string& body) {
  auto registry = ServiceRegistry::ParseIanaCsv(kHeader + body, "bad.csv");
  return registry.ok() ? "(loaded)" : std::string(registry.status().message());
}

const ServiceRegistry& RealRegistry() {
  static const ServiceRegistry registry = [] {
    auto loaded = ServiceRegistry::LoadIanaCsv(std::string(FWLOG_CONFIG_DIR) + "/iana/service-names-port-numbers.csv");
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? *std::move(loaded) : ServiceRegistry();
  }();
  return registry;
}

// --- The IANA file's quirks, one small fixture each. ---

TEST(ServiceRegistryTest, QuotedMultiLineRecordIsOneRow) {
  const auto registry = LoadFixture("quoted-multiline.csv");
  EXPECT_EQ(registry.Lookup(22, "tcp"), "ssh");
  EXPECT_EQ(registry.Lookup(23, "tcp"), "telnet");
  EXPECT_EQ(registry.name_count(), 2u);
}

TEST(ServiceRegistryTest, DoubledQuotesAndQuotedCommasKeepColumnsInPlace) {
  const auto registry = LoadFixture("doubled-quotes.csv");
  EXPECT_EQ(registry.Lookup(7001, "tcp"), "quoted\"name");
  EXPECT_EQ(registry.Lookup(7002, "tcp"), "after");
}

TEST(ServiceRegistryTest, CrlfRecordsWithLfInsideQuotesLoad) {
  const auto registry = LoadFixture("crlf.csv");
  EXPECT_EQ(registry.Lookup(22, "tcp"), "ssh");
  EXPECT_EQ(registry.Lookup(23, "tcp"), "telnet");
  EXPECT_EQ(registry.Lookup(80, "tcp"), "http");
}

TEST(ServiceRegistryTest, PortRangesAreExpanded) {
  const auto registry = LoadFixture("port-ranges.csv");
  EXPECT_EQ(registry.Lookup(6000, "tcp"), "x11");
  EXPECT_EQ(registry.Lookup(6031, "tcp"), "x11");
  EXPECT_EQ(registry.Lookup(6063, "udp"), "x11");
  EXPECT_EQ(registry.Lookup(6064, "tcp"), "unknown");
  EXPECT_EQ(registry.Lookup(6667, "tcp"), "ircu");
  EXPECT_EQ(registry.Lookup(6667, "udp"), "unknown");
}

TEST(ServiceRegistryTest, BlankNamesAreUnknown) {
  const auto registry = LoadFixture("blank-name.csv");
  EXPECT_EQ(registry.Lookup(0, "tcp"), "unknown");
  EXPECT_EQ(registry.Lookup(1, "tcp"), "tcpmux");
  EXPECT_EQ(registry.Lookup(230, "udp"), "unknown");
  EXPECT_EQ(registry.Lookup(1024, "tcp"), "unknown");
  EXPECT_EQ(registry.name_count(), 1u);
}

TEST(ServiceRegistryTest, BlankProtocolAppliesToEveryProtocol) {
  const auto registry = LoadFixture("blank-protocol.csv");
  for (const char* proto : {"tcp", "udp", "sctp", "dccp"}) {
    EXPECT_EQ(registry.Lookup(3322, proto), "active-net") << proto;
    EXPECT_EQ(registry.Lookup(3325, proto), "active-net") << proto;
  }
  EXPECT_EQ(registry.Lookup(3322, "icmp"), "unknown");
}

TEST(ServiceRegistryTest, FirstNamedRowWins) {
  const auto registry = LoadFixture("first-row-wins.csv");
  EXPECT_EQ(registry.Lookup(80, "tcp"), "http");
  EXPECT_EQ(registry.Lookup(49000, "tcp"), "matahari");  // a Reserved row before it does not count
}

TEST(ServiceRegistryTest, NamesAreStoredOnceAndAliasesThatWinNothingAreDropped) {
  const auto registry = LoadFixture("first-row-wins.csv");
  EXPECT_EQ(registry.name_count(), 2u);  // http, matahari; not www, www-http, rdp
}

TEST(ServiceRegistryTest, RowsWithoutPortAreSkipped) {
  const auto registry = LoadFixture("first-row-wins.csv");  // holds "rdp" with no port
  for (int port = 0; port < 65536; ++port) {
    ASSERT_NE(registry.Lookup(static_cast<std::uint16_t>(port), "tcp"), "rdp") << port;
  }
}

TEST(ServiceRegistryTest, OverlappingRangesKeepEarlierRowsPortsAndFillTheGaps) {
  auto registry = ServiceRegistry::ParseIanaCsv(std::string(kHeader) +
                                                    "a,10-20,tcp\n"
                                                    "b,5-30,tcp\n"
                                                    "c,15,tcp\n"
                                                    "d,0-65535,\n"
                                                    "e,100-200,udp\n",
                                                "overlap.csv");
  ASSERT_TRUE(registry.ok()) << registry.status();
  EXPECT_EQ(registry->Lookup(10, "tcp"), "a");
  EXPECT_EQ(registry->Lookup(15, "tcp"), "a");
  EXPECT_EQ(registry->Lookup(20, "tcp"), "a");
  EXPECT_EQ(registry->Lookup(5, "tcp"), "b");
  EXPECT_EQ(registry->Lookup(9, "tcp"), "b");
  EXPECT_EQ(registry->Lookup(21, "tcp"), "b");
  EXPECT_EQ(registry->Lookup(30, "tcp"), "b");
  EXPECT_EQ(registry->Lookup(4, "tcp"), "d");
  EXPECT_EQ(registry->Lookup(31, "tcp"), "d");
  EXPECT_EQ(registry->Lookup(65535, "tcp"), "d");
  EXPECT_EQ(registry->Lookup(150, "udp"), "d");
  EXPECT_EQ(registry->Lookup(0, "dccp"), "d");
  EXPECT_EQ(registry->name_count(), 3u);  // c and e win no port
}

TEST(ServiceRegistryTest, ManyRowsNamingEveryPortLoadQuickly) {
  std::string csv = kHeader;
  for (int i = 0; i < 20000; ++i) csv.append("s").append(std::to_string(i)).append(",0-65535,\n");
  const auto t0 = std::chrono::steady_clock::now();
  auto registry = ServiceRegistry::ParseIanaCsv(csv, "hostile.csv");
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(registry.ok()) << registry.status();
  EXPECT_EQ(registry->Lookup(1234, "sctp"), "s0");
  EXPECT_EQ(registry->name_count(), 1u);
  EXPECT_LT(took, std::chrono::seconds(2));  // each port is written once, not once per row (5e9 steps)
}

TEST(ServiceRegistryTest, UnassignedPortsAndPortlessProtocolsAreUnknown) {
  const auto registry = LoadFixture("unknown.csv");
  EXPECT_EQ(registry.Lookup(22, "tcp"), "ssh");
  EXPECT_EQ(registry.Lookup(22, "sctp"), "unknown");
  EXPECT_EQ(registry.Lookup(23, "tcp"), "unknown");
  EXPECT_EQ(registry.Lookup(22, "icmp"), "unknown");
  EXPECT_EQ(registry.Lookup(22, ""), "unknown");
}

TEST(ServiceRegistryTest, ProtocolNumbersAreAccepted) {
  const auto registry = LoadFixture("unknown.csv");
  EXPECT_EQ(registry.Lookup(22, "6"), "ssh");
  EXPECT_EQ(registry.Lookup(22, "17"), "ssh");
  EXPECT_EQ(registry.Lookup(22, "1"), "unknown");
}

TEST(ServiceRegistryTest, EmptyRegistryAnswersUnknown) {
  const ServiceRegistry registry;
  EXPECT_EQ(registry.Lookup(22, "tcp"), "unknown");
  EXPECT_EQ(registry.name_count(), 0u);
}

TEST(ServiceRegistryTest, ColumnsAreFoundByHeaderName) {
  auto registry = ServiceRegistry::ParseIanaCsv("Transport Protocol,Service Name,Extra,Port Number\ntcp,ssh,x,22\n",
                                                "reordered.csv");
  ASSERT_TRUE(registry.ok()) << registry.status();
  EXPECT_EQ(registry->Lookup(22, "tcp"), "ssh");
}

TEST(ServiceRegistryTest, ByteOrderMarkIsIgnored) {
  auto registry = ServiceRegistry::ParseIanaCsv(std::string("\xEF\xBB\xBF") + kHeader + "ssh,22,tcp\n", "bom.csv");
  ASSERT_TRUE(registry.ok()) << registry.status();
  EXPECT_EQ(registry->Lookup(22, "tcp"), "ssh");
}

// --- Malformed files: file:line: message. ---

TEST(ServiceRegistryTest, UnterminatedQuoteIsReportedWithFileAndLine) {
  EXPECT_THAT(ParseError("ssh,22,tcp,ok\ntelnet,23,tcp,\"never closed\n"),
              HasSubstr("bad.csv:3: unterminated quoted field"));
}

TEST(ServiceRegistryTest, NonNumericPortIsReportedWithFileAndLine) {
  EXPECT_THAT(ParseError("ssh,22,tcp\nodd,twenty,tcp\n"), HasSubstr("bad.csv:3: bad port number \"twenty\""));
}

TEST(ServiceRegistryTest, PortAbove65535IsReported) {
  EXPECT_THAT(ParseError("big,70000,tcp\n"), HasSubstr("bad.csv:2: bad port number \"70000\""));
}

TEST(ServiceRegistryTest, BackwardsRangeIsReported) {
  EXPECT_THAT(ParseError("back,10-5,tcp\n"), HasSubstr("bad.csv:2: bad port number \"10-5\""));
}

TEST(ServiceRegistryTest, ShortRecordIsReported) {
  EXPECT_THAT(ParseError("ssh,22,tcp\nlonely\n"), HasSubstr("bad.csv:3: expected at least 3 fields, found 1"));
}

TEST(ServiceRegistryTest, MissingHeaderColumnIsReported) {
  auto registry = ServiceRegistry::ParseIanaCsv("Service Name,Port\nssh,22\n", "hdr.csv");
  ASSERT_FALSE(registry.ok());
  EXPECT_THAT(registry.status().message(), HasSubstr("hdr.csv:1: missing column \"Port Number\""));
}

TEST(ServiceRegistryTest, MissingFileIsNotFound) {
  auto registry = ServiceRegistry::LoadIanaCsv("/nonexistent/services.csv");
  ASSERT_FALSE(registry.ok());
  EXPECT_EQ(registry.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(registry.status().message(), HasSubstr("/nonexistent/services.csv"));
}

// --- The registry the exporter ships (config/iana/). ---

TEST(ServiceRegistryTest, RealRegistryAnswersTheContractLookups) {
  const auto& registry = RealRegistry();
  EXPECT_EQ(registry.Lookup(22, "tcp"), "ssh");
  EXPECT_EQ(registry.Lookup(23, "tcp"), "telnet");
  EXPECT_EQ(registry.Lookup(80, "tcp"), "http");
  EXPECT_EQ(registry.Lookup(5555, "tcp"), "personal-agent");
  EXPECT_EQ(registry.Lookup(8000, "tcp"), "irdmi");
  EXPECT_EQ(registry.Lookup(8080, "tcp"), "http-alt");
  EXPECT_EQ(registry.Lookup(23023, "tcp"), "unknown");
  EXPECT_EQ(registry.Lookup(52869, "tcp"), "unknown");
}

TEST(ServiceRegistryTest, RealRegistryFollowsTheQuirkRules) {
  const auto& registry = RealRegistry();
  EXPECT_EQ(registry.Lookup(6000, "tcp"), "x11");  // named range
  EXPECT_EQ(registry.Lookup(6063, "udp"), "x11");
  EXPECT_EQ(registry.Lookup(3322, "dccp"), "active-net");  // blank protocol
  EXPECT_EQ(registry.Lookup(42, "tcp"), "name");           // first of name/nameserver
  EXPECT_EQ(registry.Lookup(113, "tcp"), "ident");         // first of ident/auth
  EXPECT_EQ(registry.Lookup(66, "tcp"), "sql-net");        // not sql*net
  EXPECT_EQ(registry.Lookup(49000, "tcp"), "matahari");    // named beats Reserved
  EXPECT_EQ(registry.Lookup(53, "udp"), "domain");
  EXPECT_EQ(registry.Lookup(0, "tcp"), "unknown");  // Reserved
}

// Counts computed independently from the same file with Python's csv module
// and the rules in service_registry.h.
TEST(ServiceRegistryTest, RealRegistryNamesTheExpectedNumberOfPorts) {
  const auto& registry = RealRegistry();
  const auto named = [&](const char* proto) {
    int count = 0;
    for (int port = 0; port < 65536; ++port) {
      count += registry.Lookup(static_cast<std::uint16_t>(port), proto) != "unknown" ? 1 : 0;
    }
    return count;
  };
  EXPECT_EQ(named("tcp"), 6142);
  EXPECT_EQ(named("udp"), 5747);
  EXPECT_EQ(named("sctp"), 278);
  EXPECT_EQ(named("dccp"), 199);
  EXPECT_EQ(registry.name_count(), 6211u);
}

}  // namespace
}  // namespace fwlog
