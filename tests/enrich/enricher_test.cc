#include "enrich/enricher.h"

#include <string>

#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fwlog {
namespace {

IpAddress Ip(const char* text) { return IpAddress::Parse(text).value_or(IpAddress()); }

absl::TimeZone Zone(const char* name) {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone(name, &zone)) << name;
  return zone;
}

std::int64_t UtcSeconds(int y, int mo, int d, int h, int mi, int s) {
  return absl::ToUnixSeconds(absl::FromCivil(absl::CivilSecond(y, mo, d, h, mi, s), absl::UTCTimeZone()));
}

// Answers "JP" for every global address, so the tests see what Enrich() copies.
class JapanOnlyDb : public CountryDb {
 public:
  std::string_view Lookup(const IpAddress& address) override { return address.IsGlobal() ? "JP" : "private"; }
  std::optional<std::int64_t> BuildTime() const override { return 42; }
  std::string Describe() const override { return "japan-only"; }
};

ServiceRegistry Services() {
  auto registry = ServiceRegistry::ParseIanaCsv(
      "Service Name,Port Number,Transport Protocol\nssh,22,tcp\ntelnet,23,tcp\ndomain,53,udp\n", "t.csv");
  EXPECT_TRUE(registry.ok()) << registry.status();
  return registry.ok() ? *std::move(registry) : ServiceRegistry();
}

RangeTable Ranges() {
  RangeTable ranges;
  ranges.Add(*Cidr::Parse("210.150.186.238/32"), "nict-notice");
  return ranges;
}

Enricher MakeEnricher(const char* zone = "UTC") {
  return Enricher(Ranges(), Services(), std::make_unique<JapanOnlyDb>(), Zone(zone));
}

Event Packet(const char* src, const char* proto, int port, std::int64_t time = 0) {
  Event event;
  event.src_address = Ip(src);
  event.proto = proto;
  event.has_port = port >= 0;
  event.port_number = static_cast<std::uint16_t>(port < 0 ? 0 : port);
  event.time = time;
  return event;
}

TEST(EnricherTest, FillsRangeServiceAndCountryFromThePacket) {
  auto enricher = MakeEnricher();
  auto event = Packet("210.150.186.238", "tcp", 23);
  enricher.Enrich(event);
  EXPECT_EQ(event.range, "nict-notice");
  EXPECT_EQ(event.service, "telnet");
  EXPECT_EQ(event.country, "JP");
}

TEST(EnricherTest, PrivateSourceIsPrivateRangeAndCountry) {
  auto enricher = MakeEnricher();
  auto event = Packet("192.168.1.20", "udp", 53);
  enricher.Enrich(event);
  EXPECT_EQ(event.range, "private");
  EXPECT_EQ(event.country, "private");
  EXPECT_EQ(event.service, "domain");
}

TEST(EnricherTest, GlobalSourceInNoRangeIsOther) {
  auto enricher = MakeEnricher();
  auto event = Packet("8.8.8.8", "tcp", 22);
  enricher.Enrich(event);
  EXPECT_EQ(event.range, "other");
}

// The category comes from the same search as the range; the identity of
// both is the table's one copy of the text (a fast key for counting).
TEST(EnricherTest, CategoryIsTheRangesCategory) {
  RangeTable ranges;
  ranges.Add(*Cidr::Parse("210.150.186.238/32"), "nict-notice");
  ranges.SetCategory("nict-notice", "government-survey");
  ranges.Add(*Cidr::Parse("162.142.125.0/24"), "censys-uncategorised");
  ranges.Flatten();
  Enricher enricher(std::move(ranges), Services(), std::make_unique<JapanOnlyDb>(), Zone("UTC"));
  struct Case {
    const char* src;
    const char* range;
    const char* category;
  };
  for (const Case& c : {
           Case{"210.150.186.238", "nict-notice", "government-survey"},
           Case{"162.142.125.1", "censys-uncategorised", "unknown"},
           Case{"8.8.8.8", "other", "other"},
           Case{"192.168.1.20", "private", "private"},
           Case{"fd00::1", "private", "private"},
       }) {
    auto event = Packet(c.src, "tcp", 22);
    enricher.Enrich(event);
    EXPECT_EQ(event.range, c.range) << c.src;
    EXPECT_EQ(event.category, c.category) << c.src;
    EXPECT_EQ(event.category_identity, event.category.data()) << c.src;
    EXPECT_EQ(event.Get(Field::kCategory), c.category) << c.src;
  }
}

TEST(EnricherTest, EventWithoutPortHasUnknownService) {
  auto enricher = MakeEnricher();
  auto event = Packet("8.8.8.8", "icmp", -1);
  enricher.Enrich(event);
  EXPECT_EQ(event.service, "unknown");
}

TEST(EnricherTest, PortWithoutRegistryNameHasUnknownService) {
  auto enricher = MakeEnricher();
  auto event = Packet("8.8.8.8", "tcp", 23023);
  enricher.Enrich(event);
  EXPECT_EQ(event.service, "unknown");
}

TEST(EnricherTest, ReusedEventIsOverwritten) {
  auto enricher = MakeEnricher();
  auto event = Packet("210.150.186.238", "tcp", 22);
  enricher.Enrich(event);
  event.src_address = Ip("10.0.0.1");
  event.has_port = false;
  enricher.Enrich(event);
  EXPECT_EQ(event.range, "private");
  EXPECT_EQ(event.service, "unknown");
  EXPECT_EQ(event.country, "private");
}

TEST(EnricherTest, NullCountryDbIsUsedWhenNoneIsGiven) {
  Enricher enricher(Ranges(), Services(), nullptr, absl::UTCTimeZone());
  auto event = Packet("210.150.186.238", "tcp", 22);
  enricher.Enrich(event);
  EXPECT_EQ(event.country, "unknown");
  EXPECT_EQ(enricher.countries().Describe(), "none");
}

TEST(EnricherTest, HourIsTheLocalHourOfTheConfiguredZone) {
  // 2018-11-16T00:12:34+09:00, the contract's example.
  const auto time = UtcSeconds(2018, 11, 15, 15, 12, 34);
  auto tokyo = MakeEnricher("Asia/Tokyo");
  auto utc = MakeEnricher("UTC");
  auto event = Packet("8.8.8.8", "tcp", 22, time);
  tokyo.Enrich(event);
  EXPECT_EQ(event.hour, "00");
  utc.Enrich(event);
  EXPECT_EQ(event.hour, "15");
}

TEST(EnricherTest, HourFollowsTheEventTimeFromEventToEvent) {
  auto enricher = MakeEnricher("Asia/Tokyo");
  auto event = Packet("8.8.8.8", "tcp", 22, UtcSeconds(2018, 11, 15, 15, 59, 59));
  enricher.Enrich(event);
  EXPECT_EQ(event.hour, "00");
  event.time += 1;
  enricher.Enrich(event);
  EXPECT_EQ(event.hour, "01");
}

}  // namespace
}  // namespace fwlog
