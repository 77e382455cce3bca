// ScanDetector: threshold (ports, addresses), window, the source cap and
// eviction, the opt-in top sources. Time is injected through event times.
#include "detect/scan_detector.h"

#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <map>
#include <string>

#include "support/registry_values.h"

namespace fwlog {
namespace {

class ScanDetectorTest : public ::testing::Test {
 protected:
  void Make(ScanDetectionSpec spec) {
    registry_ = std::make_shared<prometheus::Registry>();
    detector_ = std::make_unique<ScanDetector>(spec, *registry_);
  }
  void Packet(const std::string& src, int port, std::int64_t time, const std::string& dst = "203.0.113.7",
              const std::string& range = "other", const std::string& country = "JP") {
    Event e;
    e.time = time;
    e.src = src;
    e.src_address = *IpAddress::Parse(src);
    e.dst = dst;
    e.has_dst_address = true;
    e.dst_address = *IpAddress::Parse(dst);
    const std::string port_text = std::to_string(port);  // the event's fields are views (event.h)
    e.port = port_text;
    e.port_number = static_cast<std::uint16_t>(port);
    e.has_port = true;
    e.range = range;
    e.country = country;
    detector_->Observe(e);
  }
  // name{label=value,...} -> value, from the registry.
  std::map<std::string, double> Series() const {
    detector_->Publish();
    return testing::RegistryValues(*registry_);
  }
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<ScanDetector> detector_;
};

ScanDetectionSpec Spec(std::size_t ports, std::size_t addresses, std::int64_t window, std::size_t max_sources,
                       std::size_t top = 0) {
  ScanDetectionSpec s;
  s.ports = ports;
  s.addresses = addresses;
  s.window_seconds = window;
  s.max_sources = max_sources;
  s.top_sources = top;
  return s;
}

const IpAddress kScanner = *IpAddress::Parse("198.51.100.1");

TEST_F(ScanDetectorTest, DefaultsFollowCrowdSecAndAreDocumented) {
  const ScanDetectionSpec d;
  EXPECT_TRUE(d.enabled);
  EXPECT_EQ(d.ports, 15u);
  EXPECT_EQ(d.addresses, 10u);
  EXPECT_EQ(d.window_seconds, 300);
  EXPECT_EQ(d.max_sources, 10000u);
  EXPECT_EQ(d.top_sources, 0u);
}

TEST_F(ScanDetectorTest, BecomesAScannerAtTheNthDistinctPort) {
  Make(Spec(5, 100, 300, 100));
  for (int i = 0; i < 4; ++i) Packet("198.51.100.1", 1000 + i, 1000 + i);
  // Repeating a port is not a new port.
  for (int i = 0; i < 10; ++i) Packet("198.51.100.1", 1000, 1010 + i);
  EXPECT_FALSE(detector_->IsScanner(kScanner));
  EXPECT_EQ(detector_->detected(), 0u);
  Packet("198.51.100.1", 2000, 1030);
  EXPECT_TRUE(detector_->IsScanner(kScanner));
  EXPECT_EQ(detector_->detected(), 1u);
  EXPECT_EQ(detector_->active(), 1u);
  // More ports from the same scanner: still one detection.
  for (int i = 0; i < 20; ++i) Packet("198.51.100.1", 3000 + i, 1040 + i);
  EXPECT_EQ(detector_->detected(), 1u);
  const auto series = Series();
  EXPECT_EQ(series.at("fwlog_scanners_detected_total{country=JP,range=other,}"), 1);
  EXPECT_EQ(series.at("fwlog_scanners_active{range=other,}"), 1);
  EXPECT_EQ(series.count("fwlog_scan_top_source_packets{}"), 0u);  // off by default
}

TEST_F(ScanDetectorTest, BecomesAScannerAtTheMthDistinctAddress) {
  Make(Spec(100, 3, 300, 100));
  Packet("198.51.100.1", 23, 1000, "203.0.113.1");
  Packet("198.51.100.1", 23, 1001, "203.0.113.2");
  EXPECT_FALSE(detector_->IsScanner(kScanner));
  Packet("198.51.100.1", 23, 1002, "203.0.113.3");
  EXPECT_TRUE(detector_->IsScanner(kScanner));
}

TEST_F(ScanDetectorTest, PortsSpreadWiderThanTheWindowAreNoScan) {
  Make(Spec(5, 100, 60, 100));
  // One new port every 20 s: at most 3 within any 60 s window.
  for (int i = 0; i < 30; ++i) Packet("198.51.100.1", 1000 + i, 1000 + 20 * i);
  EXPECT_FALSE(detector_->IsScanner(kScanner));
  EXPECT_EQ(detector_->detected(), 0u);
  // The same five ports within 60 s are a scan.
  for (int i = 0; i < 5; ++i) Packet("198.51.100.1", 5000 + i, 2000 + 10 * i);
  EXPECT_TRUE(detector_->IsScanner(kScanner));
}

TEST_F(ScanDetectorTest, ActiveEndsAfterAWindowOfSilenceAndAReturnCountsAgain) {
  Make(Spec(3, 100, 60, 100));
  for (int i = 0; i < 3; ++i) Packet("198.51.100.1", 1000 + i, 1000 + i);
  EXPECT_EQ(detector_->active(), 1u);
  // Another source's packet moves the clock: 59 s later the scanner is still active.
  Packet("192.0.2.9", 80, 1061);
  EXPECT_EQ(detector_->active(), 1u);
  Packet("192.0.2.9", 80, 1063);
  EXPECT_EQ(detector_->active(), 0u);
  EXPECT_EQ(Series().at("fwlog_scanners_active{range=other,}"), 0);
  for (int i = 0; i < 3; ++i) Packet("198.51.100.1", 1000 + i, 1100 + i);
  EXPECT_EQ(detector_->detected(), 2u);
  EXPECT_EQ(detector_->active(), 1u);
}

TEST_F(ScanDetectorTest, TracksAtMostMaxSourcesEvictingTheLeastRecentlySeen) {
  Make(Spec(3, 100, 3600, 4));
  for (int i = 1; i <= 4; ++i) Packet("192.0.2." + std::to_string(i), 80, 1000 + i);
  EXPECT_EQ(detector_->tracked(), 4u);
  Packet("192.0.2.1", 81, 1010);  // .1 is now the most recent; .2 the least
  Packet("192.0.2.5", 80, 1011);
  EXPECT_EQ(detector_->tracked(), 4u);
  EXPECT_EQ(detector_->evicted(), 1u);
  // .1 kept its two ports: one more makes it a scanner.
  Packet("192.0.2.1", 82, 1012);
  EXPECT_TRUE(detector_->IsScanner(*IpAddress::Parse("192.0.2.1")));
  // .2 was evicted and starts from scratch.
  Packet("192.0.2.2", 81, 1013);
  Packet("192.0.2.2", 82, 1014);
  EXPECT_FALSE(detector_->IsScanner(*IpAddress::Parse("192.0.2.2")));
  const auto series = Series();
  EXPECT_EQ(series.at("fwlog_scan_sources_evicted_total{}"), detector_->evicted());
  EXPECT_EQ(series.at("fwlog_scan_sources_tracked{}"), 4);
}

TEST_F(ScanDetectorTest, EvictingAnActiveScannerLowersActive) {
  Make(Spec(2, 100, 3600, 2));
  Packet("198.51.100.1", 1, 1000);
  Packet("198.51.100.1", 2, 1001);
  EXPECT_EQ(detector_->active(), 1u);
  Packet("192.0.2.1", 80, 1002);
  Packet("192.0.2.2", 80, 1003);  // evicts the scanner, the least recently seen
  EXPECT_EQ(detector_->active(), 0u);
  EXPECT_EQ(Series().at("fwlog_scanners_active{range=other,}"), 0);
}

TEST_F(ScanDetectorTest, ManySourcesStayWithinTheCap) {
  Make(Spec(15, 10, 300, 1000));
  for (int i = 0; i < 50000; ++i) {
    const std::string src =
        std::to_string(10 + i / 65536) + "." + std::to_string((i / 256) % 256) + "." + std::to_string(i % 256) + ".1";
    Packet(src, 23, 1000 + i / 100);
  }
  EXPECT_LE(detector_->tracked(), 1000u);
  EXPECT_EQ(detector_->detected(), 0u);
  EXPECT_GT(detector_->evicted(), 0u);
}

TEST_F(ScanDetectorTest, TopSourcesKeepsTheNoisiest) {
  Make(Spec(100, 100, 3600, 100, 2));
  for (int i = 0; i < 5; ++i) Packet("192.0.2.1", 23, 1000 + i);
  for (int i = 0; i < 3; ++i) Packet("192.0.2.2", 23, 1010 + i);
  Packet("192.0.2.3", 23, 1020);
  auto series = Series();
  EXPECT_EQ(series.at("fwlog_scan_top_source_packets{country=JP,range=other,src=192.0.2.1,}"), 5);
  EXPECT_EQ(series.at("fwlog_scan_top_source_packets{country=JP,range=other,src=192.0.2.2,}"), 3);
  EXPECT_EQ(series.count("fwlog_scan_top_source_packets{country=JP,range=other,src=192.0.2.3,}"), 0u);
  for (int i = 0; i < 4; ++i) Packet("192.0.2.3", 23, 1030 + i);
  series = Series();
  EXPECT_EQ(series.at("fwlog_scan_top_source_packets{country=JP,range=other,src=192.0.2.3,}"), 5);
  EXPECT_EQ(series.count("fwlog_scan_top_source_packets{country=JP,range=other,src=192.0.2.2,}"), 0u);
}

TEST_F(ScanDetectorTest, DisabledDoesNothing) {
  auto spec = Spec(2, 2, 60, 10);
  spec.enabled = false;
  Make(spec);
  for (int i = 0; i < 10; ++i) Packet("198.51.100.1", i + 1, 1000 + i);
  EXPECT_EQ(detector_->tracked(), 0u);
  EXPECT_EQ(detector_->detected(), 0u);
}

TEST(ScanDetectionConfigTest, ReadsTheKeys) {
  auto config = LoadConfigFromString(
      "inputs: [{name: a, stdin: true}]\n"
      "scan_detection: {ports: 20, addresses: 5, window: 2m, max_sources: 500, top_sources: 10}\n",
      "t.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->scan_detection.ports, 20u);
  EXPECT_EQ(config->scan_detection.addresses, 5u);
  EXPECT_EQ(config->scan_detection.window_seconds, 120);
  EXPECT_EQ(config->scan_detection.max_sources, 500u);
  EXPECT_EQ(config->scan_detection.top_sources, 10u);
  EXPECT_TRUE(config->scan_detection.enabled);
}

TEST(ScanDetectionConfigTest, ErrorsPointAtTheValue) {
  const std::string head = "inputs: [{name: a, stdin: true}]\nscan_detection:\n";
  auto bad = LoadConfigFromString(head + "  window: 5 minutes\n", "t.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(std::string(bad.status().message()).rfind("t.yaml:3:11: ", 0), 0u) << bad.status();
  bad = LoadConfigFromString(head + "  ports: 1\n", "t.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(std::string(bad.status().message()).rfind("t.yaml:3:10: ", 0), 0u) << bad.status();
  bad = LoadConfigFromString(head + "  port: 10\n", "t.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.status().message()).find("unknown key \"port\""), std::string::npos);
  auto off = LoadConfigFromString(head + "  enabled: false\n", "t.yaml");
  ASSERT_TRUE(off.ok()) << off.status();
  EXPECT_FALSE(off->scan_detection.enabled);
}

}  // namespace
}  // namespace fwlog
