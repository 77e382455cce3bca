#include "enrich/enricher.h"

#include <random>
#include <string>
#include <vector>

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

// Answers "JP" for every global address, so the tests see what Enrich()
// copies; the network of 210.0.0.0/8 is AS 64500 "EXAMPLE-NET", 203.0.113.0/24
// AS 64501 (nameless) and drop-listed, and others have no AS. Counts how
// often it is asked for an AS's name.
class JapanOnlyDb : public CountryDb {
 public:
  Origin Find(const IpAddress& address) override {
    if (!address.IsGlobal()) return CountryCode::Private();
    const CountryCode jp = CountryCode::FromText("JP");
    if (address.is_v4() && address.v4() >> 24 == 210) return Origin(jp, 64500, false);
    if (address.is_v4() && address.v4() >> 8 == 0x2d2120) return Origin(jp, 64501, true);
    return jp;
  }
  std::string AsName(std::uint32_t asn) override {
    ++names_asked;
    return asn == 64500 ? "EXAMPLE-NET" : "";
  }
  std::optional<std::int64_t> BuildTime() const override { return 42; }
  std::string Describe() const override { return "japan-only"; }
  int names_asked = 0;
};

ServiceRegistry Services() {
  auto registry = ServiceRegistry::ParseIanaCsv(
      "Service Name,Port Number,Transport Protocol\nssh,22,tcp\ntelnet,23,tcp\ndomain,53,udp\n"
      "personal-agent,5555,tcp\n",
      "t.csv");
  EXPECT_TRUE(registry.ok()) << registry.status();
  if (!registry.ok()) return ServiceRegistry();
  auto purposes = ParsePortPurposes(
      "port,protocol,purpose,source,note\n5555,tcp,android-adb,https://developer.android.com/tools/adb,\n"
      "52869,tcp,realtek-sdk-upnp,CVE-2014-8361,\n",
      "p.csv");
  EXPECT_TRUE(purposes.ok()) << purposes.status();
  if (purposes.ok()) {
    EXPECT_TRUE(registry->SetPurposes(*purposes).ok());
  }
  return *std::move(registry);
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

TEST(EnricherTest, FillsTheSourceNetworksAsAndDropListFlag) {
  const struct {
    const char* src;
    const char* asn;
    const char* as_org;
    const char* drop_listed;
  } cases[] = {
      {"210.150.186.238", "64500", "EXAMPLE-NET", "no"},
      {"45.33.32.9", "64501", "unknown", "yes"},  // an AS the database has no name for
      {"8.8.8.8", "unknown", "unknown", "no"},    // no AS
      {"192.168.1.20", "private", "private", "no"},
  };
  auto enricher = MakeEnricher();
  for (const auto& c : cases) {
    auto event = Packet(c.src, "tcp", 22);
    enricher.Enrich(event);
    EXPECT_EQ(event.asn, c.asn) << c.src;
    EXPECT_EQ(event.as_org, c.as_org) << c.src;
    EXPECT_EQ(event.drop_listed, c.drop_listed) << c.src;
  }
}

TEST(EnricherTest, AnAsIsNamedOnceAndKeepsItsIdentity) {
  auto db = std::make_unique<JapanOnlyDb>();
  JapanOnlyDb* raw = db.get();
  Enricher enricher(Ranges(), Services(), std::move(db), absl::UTCTimeZone());
  auto first = Packet("210.1.2.3", "tcp", 22), second = Packet("210.9.9.9", "tcp", 23);
  enricher.Enrich(first);
  enricher.Enrich(second);
  EXPECT_EQ(raw->names_asked, 1);
  EXPECT_EQ(first.asn_identity, second.asn_identity);
  EXPECT_EQ(first.as_org_identity, second.as_org_identity);
  EXPECT_EQ(std::string_view(second.as_org_identity, second.as_org.size()), "EXAMPLE-NET");
}

// A database whose answers vary with the address (country, AS number and
// drop flag from its bits), for comparing the memo with the plain path.
class VaryingDb : public CountryDb {
 public:
  Origin Find(const IpAddress& address) override {
    if (!address.IsGlobal()) return CountryCode::Private();
    const std::uint32_t h = address.is_v4() ? address.v4() >> 12 : address.bytes()[5];
    static constexpr const char* kCodes[] = {"JP", "US", "DE", "??", "CN", "NL"};
    return Origin(CountryCode::FromText(kCodes[h % 6]), h % 5 == 0 ? 0 : 64496 + h % 3000, h % 11 == 0);
  }
  std::string AsName(std::uint32_t asn) override { return asn % 4 == 0 ? "" : "NET-" + std::to_string(asn); }
  std::optional<std::int64_t> BuildTime() const override { return std::nullopt; }
  std::string Describe() const override { return "varying"; }
};

// The memo of recent IPv4 sources is a fast path: with it and without it,
// every source field is the same, for sources that come back, sources that
// share a memo slot, private ones, IPv6 ones and the two ends of IPv4.
TEST(EnricherTest, RemembersSourcesExactlyAsThePlainPathAnswers) {
  RangeTable ranges;
  ranges.Add(*Cidr::Parse("210.150.186.0/24"), "nict-notice");
  ranges.Add(*Cidr::Parse("45.0.0.0/8"), "wide");
  ranges.Add(*Cidr::Parse("2001:db8::/32"), "doc6");
  Enricher memo(ranges, Services(), std::make_unique<VaryingDb>(), absl::UTCTimeZone(), {.memo = true});
  Enricher plain(ranges, Services(), std::make_unique<VaryingDb>(), absl::UTCTimeZone(), {.memo = false});
  std::vector<IpAddress> sources = {Ip("0.0.0.0"),     Ip("255.255.255.255"), Ip("192.168.1.20"),
                                    Ip("2001:db8::7"), Ip("2a00:1450::1"),    Ip("210.150.186.238")};
  std::mt19937 rng(20181116);
  for (int i = 0; i < 40000; ++i) sources.push_back(IpAddress::FromV4(static_cast<std::uint32_t>(rng())));
  for (int i = 0; i < 2000; ++i) sources.push_back(IpAddress::FromV4(0x2d000000u | (rng() & 0xffffff)));
  for (int i = 0; i < 300000; ++i) {
    // Mostly a few hundred busy sources, the rest from all of them.
    const std::size_t at = rng() % 2 == 0 ? rng() % 300 : rng() % sources.size();
    Event a = Packet("0.0.0.0", "tcp", 22), b = a;
    a.src_address = b.src_address = sources[at];
    memo.Enrich(a);
    plain.Enrich(b);
    for (const Field f :
         {Field::kCountry, Field::kAsn, Field::kAsOrg, Field::kDropListed, Field::kRange, Field::kCategory})
      ASSERT_EQ(a.Get(f), b.Get(f)) << FieldName(f) << " of " << sources[at].ToString() << ", event " << i;
    ASSERT_EQ(a.asn_ordinal, b.asn_ordinal) << sources[at].ToString();
    ASSERT_EQ(a.range_identity, a.range.data());
    ASSERT_EQ(a.asn_identity, a.asn.data());
    ASSERT_EQ(a.as_org_identity, a.as_org.data());
  }
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

TEST(EnricherTest, PurposeIsTheCuratedOneElseTheService) {
  auto enricher = MakeEnricher();
  const struct {
    const char* proto;
    int port;
    const char* service;
    const char* purpose;
  } cases[] = {
      {"tcp", 5555, "personal-agent", "android-adb"},  // IANA's name is misleading
      {"tcp", 52869, "unknown", "realtek-sdk-upnp"},   // IANA has none
      {"tcp", 22, "ssh", "ssh"},                       // no entry: the service
      {"tcp", 23023, "unknown", "unknown"},            // neither
      {"udp", 5555, "unknown", "unknown"},             // the entry is tcp's only
      {"icmp", -1, "unknown", "unknown"},              // no port
  };
  for (const auto& c : cases) {
    auto event = Packet("8.8.8.8", c.proto, c.port);
    enricher.Enrich(event);
    EXPECT_EQ(event.service, c.service) << c.proto << " " << c.port;
    EXPECT_EQ(event.purpose, c.purpose) << c.proto << " " << c.port;
    EXPECT_EQ(event.Get(Field::kPurpose), c.purpose);
    EXPECT_EQ(event.purpose_identity, event.purpose.data());
  }
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
