// Checks the enrich stage's promise that a warm Enricher allocates nothing per
// event, by counting calls to the global operator new in this test binary.
#include "enrich/enricher.h"
#include "gtest/gtest.h"
#include "support/allocation_counter.h"

namespace fwlog {
namespace {

TEST(EnricherAllocationTest, WarmEnricherAllocatesNothingPerEvent) {
  auto services = ServiceRegistry::LoadIanaCsv(std::string(FWLOG_CONFIG_DIR) + "/iana/service-names-port-numbers.csv");
  ASSERT_TRUE(services.ok()) << services.status();
  auto ranges = RangeTable::Load({std::string(FWLOG_CONFIG_DIR) + "/ranges"});
  ASSERT_TRUE(ranges.ok()) << ranges.status();
  auto countries = OpenCountryDb(std::string(FWLOG_TEST_DATA_DIR) + "/mmdb/GeoIP2-Country-Test.mmdb");
  ASSERT_TRUE(countries.ok()) << countries.status();
  absl::TimeZone zone;
  ASSERT_TRUE(absl::LoadTimeZone("America/New_York", &zone));
  Enricher enricher(*std::move(ranges), *std::move(services), *std::move(countries), zone);

  const char* sources[] = {"210.150.186.238", "2.125.160.216", "8.8.8.8", "192.168.1.1", "2001:218::1"};
  const char* protos[] = {"tcp", "udp", "icmp", "sctp"};
  Event event;
  const auto run = [&](std::int64_t start) {
    for (int i = 0; i < 2000; ++i) {
      event.src_address = *IpAddress::Parse(sources[i % 5]);
      event.proto = protos[i % 4];
      event.has_port = i % 4 != 2;
      event.port_number = static_cast<std::uint16_t>(i * 37);
      event.time = start + i * 61;
      enricher.Enrich(event);
    }
  };
  run(1636257600);  // warm-up: strings grow, the country cache fills
  const std::size_t before = testing::AllocationCount();
  run(1636257600 + 2000 * 61);  // crosses a DST change (2021-11-07) and many hours
  EXPECT_EQ(testing::AllocationCount() - before, 0u);
}

}  // namespace
}  // namespace fwlog
