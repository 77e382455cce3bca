#include "metrics/series_index.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

namespace fwlog {
namespace {

// Stands in for CounterSet: numbers the series it is asked to make and
// remembers what it was given.
class Maker {
 public:
  std::uint32_t operator()(const std::vector<std::string>& values, bool overflow) {
    made.push_back(values);
    overflows.push_back(overflow);
    return static_cast<std::uint32_t>(made.size() - 1);
  }
  std::vector<std::vector<std::string>> made;  // by id
  std::vector<bool> overflows;                 // by id
};

// The fields are views (event.h): callers pass text that outlives the event.
Event Packet(std::string_view proto, std::string_view port) {
  Event e;
  e.action = Action::kDrop;
  e.proto = proto;
  e.port = port;
  e.range = "other";
  e.service = "unknown";
  return e;
}

std::uint32_t Find(SeriesIndex& index, const Event& event, Maker& maker, bool* made_out = nullptr) {
  bool made = false;
  const std::uint32_t id = index.Find(
      event, [&maker](const auto& v, bool o) { return maker(v, o); }, made);
  if (made_out != nullptr) *made_out = made;
  return id;
}

std::uint32_t FindValues(SeriesIndex& index, const std::vector<std::string>& values, Maker& maker, bool& made) {
  return index.FindValues(
      values, [&maker](const auto& v, bool o) { return maker(v, o); }, made);
}

// Whichever step finds a tuple (numbers, the last key, words, texts), one
// tuple of label texts has one id, made once with those texts, and two
// tuples never share one. The label sets take every step: numbered labels
// (hour, country, and action/proto/range until a label meets a 17th value),
// words (short texts, identities, the action), long texts without identity;
// the router label (numbered by blocks until it meets a 17th router).
TEST(SeriesIndexTest, OneIdPerTupleOfTextsWhicheverStepFindsIt) {
  static const std::vector<std::string> hours = {"00", "09", "13", "23", "24", "7", "2a", ""};
  static const std::vector<std::string> countries = {"JP", "US", "ZA", "private", "unknown", "jp", "[Z"};
  static const std::vector<std::string> protos = {"tcp", "udp", "icmp", "gre"};
  static const std::vector<std::string> ports = {"8", "80", "800", "8000", "80000000", "8000000", "8001", "800000000"};
  static const std::vector<std::string> rules = {"DROP", "a-rule-name-longer-than-eight",
                                                 "a-rule-name-longer-than-nine"};
  static const std::vector<std::string> copies = {"a-long-range-name", "a-long-range-name"};  // two copies, one text
  std::vector<std::string> ranges = {"other", "private", "nict-notice"};
  std::vector<std::string> routers = {"gw", "a-router-named-at-length"};
  for (int i = 0; i < 20; ++i) routers.push_back("r" + std::to_string(i));
  for (int i = 0; i < 30; ++i) ranges.push_back("range-" + std::to_string(i));
  const Action actions[] = {Action::kNone, Action::kDrop, Action::kReject, Action::kAccept};
  const std::vector<std::vector<Field>> label_sets = {
      {Field::kHour, Field::kCountry, Field::kAction},
      {Field::kProto, Field::kRange},
      {Field::kProto, Field::kPort, Field::kService},
      {Field::kRange, Field::kProto, Field::kPort, Field::kRule},
      {Field::kAction, Field::kProto, Field::kRange, Field::kPort, Field::kHour, Field::kRule},  // more than a FastKey
      {Field::kHour, Field::kRouter},
      {Field::kCountry, Field::kRouter},
      {Field::kRange, Field::kProto, Field::kPort, Field::kService, Field::kRouter},
  };
  for (const auto& labels : label_sets) {
    SeriesIndex index(labels, 0);
    Maker maker;
    std::map<std::vector<std::string>, std::uint32_t> want;
    std::mt19937 rng(7);
    for (int i = 0; i < 20000; ++i) {
      Event e;
      e.hour = hours[rng() % hours.size()];
      e.country = countries[rng() % countries.size()];
      e.action = actions[rng() % 4];
      e.proto = protos[rng() % protos.size()];
      e.port = ports[rng() % ports.size()];
      e.rule = rules[rng() % rules.size()];
      // The first half of the events meet few ranges, the rest all of them,
      // some from a table (with an identity), some not.
      const std::string& range = rng() % 5 == 0 ? copies[rng() % 2] : ranges[rng() % (i < 10000 ? 3 : ranges.size())];
      e.range = range;
      e.range_identity = rng() % 3 == 0 ? nullptr : range.data();
      e.service = "unknown";
      // Few routers at first, then more than a block can number.
      const std::string& router = routers[rng() % (i < 10000 ? 3 : routers.size())];
      e.router = router;
      e.router_identity = rng() % 4 == 0 ? nullptr : router.data();
      std::vector<std::string> texts;
      for (const Field f : labels) texts.emplace_back(f == Field::kAction ? ActionName(e.action) : e.Get(f));
      bool made = false;
      const std::uint32_t id = Find(index, e, maker, &made);
      const auto [it, inserted] = want.emplace(texts, id);
      ASSERT_EQ(made, inserted) << "event " << i;
      ASSERT_EQ(id, it->second) << "event " << i;
      ASSERT_EQ(maker.made[id], texts);
    }
    EXPECT_EQ(maker.made.size(), want.size());
    EXPECT_EQ(index.size(), want.size());
  }
}

// The AS labels as the enricher fills them (AsNames: ordinals, identities),
// more ASes than DenseLabel numbers, some routers, a cap: the dense path by
// ordinal, the hash path beyond it and the overflow all agree with a plain
// map of label texts to ids.
TEST(SeriesIndexTest, AsLabelsByOrdinalAgreeWithTheirTexts) {
  // What the enricher's AsNames hands out: per AS its number and name texts
  // (kept in one place: their identities) and an ordinal, 0 unknown, 1
  // private, then 2, 3, ... (event.h). Names repeat across ASes.
  struct As {
    std::string number, name;
    std::uint32_t ordinal;
  };
  std::vector<As> table = {{"unknown", "unknown", 0}, {"private", "private", 1}};
  // More ASes than DenseLabel numbers.
  const std::uint32_t ases = DenseLabel::kAsnDomain + 4000;
  for (std::uint32_t asn = 1; asn <= ases; ++asn)
    table.push_back({std::to_string(asn), asn % 7 == 0 ? "unknown" : "AS-NAME-" + std::to_string(asn % 50),
                     static_cast<std::uint32_t>(table.size())});
  const std::vector<std::string> routers = {"gw", "r2", "r3"};
  for (const auto& labels : std::vector<std::vector<Field>>{{Field::kAsn, Field::kAsOrg, Field::kRouter},
                                                            {Field::kAsn, Field::kRouter},
                                                            {Field::kAsOrg, Field::kRouter}}) {
    for (const std::size_t cap : {std::size_t{0}, std::size_t{500}}) {
      SeriesIndex index(labels, cap);
      Maker maker;
      std::map<std::vector<std::string>, std::uint32_t> want;
      std::mt19937 rng(398324);
      for (int i = 0; i < 120000; ++i) {
        Event e;
        // Heavy-tailed over all the ASes, some private.
        const std::size_t at = rng() % 20 == 0 ? 1 : 2 + rng() % (rng() % 3 == 0 ? ases : 60);
        const As& as = table[at];
        e.asn = as.number;
        e.as_org = as.name;
        e.asn_identity = as.number.data();
        e.as_org_identity = as.name.data();
        e.asn_ordinal = as.ordinal;
        const std::string& router = routers[rng() % routers.size()];
        e.router = router;
        e.router_identity = router.data();
        std::vector<std::string> texts;
        for (const Field f : labels) texts.emplace_back(e.Get(f));
        bool made = false;
        const std::uint32_t id = Find(index, e, maker, &made);
        if (maker.overflows[id]) {
          ASSERT_GT(cap, 0u);
          continue;
        }
        const auto [it, inserted] = want.emplace(texts, id);
        ASSERT_EQ(made, inserted) << "event " << i;
        ASSERT_EQ(id, it->second) << "event " << i;
        ASSERT_EQ(maker.made[id], texts);
      }
      if (cap == 0) {
        EXPECT_EQ(index.size(), want.size());
      } else {
        EXPECT_LE(want.size(), cap * routers.size());
      }
    }
  }
}

TEST(SeriesIndexTest, AtMaxSeriesNewTuplesGoToOneOverflowSeriesMadeOnce) {
  SeriesIndex index({Field::kProto, Field::kPort}, 2);
  Maker maker;
  const std::uint32_t first = Find(index, Packet("tcp", "1"), maker);
  const std::uint32_t second = Find(index, Packet("tcp", "2"), maker);
  bool made = false;
  const std::uint32_t overflow = Find(index, Packet("tcp", "3"), maker, &made);
  EXPECT_TRUE(made);
  EXPECT_TRUE(maker.overflows[overflow]);
  EXPECT_EQ(maker.made[overflow], (std::vector<std::string>{"other", "other"}));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Find(index, Packet("tcp", "3"), maker, &made), overflow);
    EXPECT_FALSE(made);
    EXPECT_EQ(Find(index, Packet("udp", std::to_string(10 + i)), maker), overflow);
  }
  EXPECT_EQ(Find(index, Packet("tcp", "1"), maker), first);
  EXPECT_EQ(Find(index, Packet("tcp", "2"), maker), second);
  EXPECT_EQ(maker.made.size(), 3u);
  EXPECT_EQ(index.size(), 2u);
}

// With a router label, each router has max_series series of its own and an
// overflow series of its own, which keeps the router's name.
TEST(SeriesIndexTest, EachRouterHasItsOwnCapAndOverflowSeries) {
  SeriesIndex index({Field::kPort, Field::kRouter}, 2);
  Maker maker;
  auto at = [](std::string_view router, std::string_view port) {
    Event e = Packet("tcp", port);
    e.router = router;
    return e;
  };
  for (const char* router : {"gw-a", "gw-b"}) {
    Find(index, at(router, "1"), maker);
    Find(index, at(router, "2"), maker);
  }
  EXPECT_EQ(index.size(), 4u);
  bool made = false;
  const std::uint32_t overflow_a = Find(index, at("gw-a", "3"), maker, &made);
  EXPECT_TRUE(made);
  EXPECT_TRUE(maker.overflows[overflow_a]);
  EXPECT_EQ(maker.made[overflow_a], (std::vector<std::string>{"other", "gw-a"}));
  const std::uint32_t overflow_b = Find(index, at("gw-b", "4"), maker, &made);
  EXPECT_TRUE(made);
  EXPECT_NE(overflow_a, overflow_b);
  EXPECT_EQ(maker.made[overflow_b], (std::vector<std::string>{"other", "gw-b"}));
  EXPECT_EQ(Find(index, at("gw-a", "5"), maker), overflow_a);
  // A third router still has room for its own two series.
  EXPECT_FALSE(maker.overflows[Find(index, at("gw-c", "3"), maker)]);
  EXPECT_FALSE(maker.overflows[Find(index, at("gw-c", "4"), maker)]);
  EXPECT_TRUE(maker.overflows[Find(index, at("gw-c", "5"), maker)]);
  EXPECT_EQ(index.size(), 6u);
  EXPECT_EQ(index.Overflow(
                "gw-b", [&maker](const auto& v, bool o) { return maker(v, o); }, made),
            overflow_b);
  EXPECT_FALSE(made);
}

// The overflow series is not a tuple: a real tuple of "other"s gets its own
// series, before the cap and after the overflow series exists.
TEST(SeriesIndexTest, ATupleOfOthersIsNotTheOverflowSeries) {
  SeriesIndex index({Field::kRange}, 2);
  Maker maker;
  bool made = false;
  const std::uint32_t overflow = index.Overflow(
      "", [&maker](const auto& v, bool o) { return maker(v, o); }, made);
  EXPECT_TRUE(made);
  Event e = Packet("tcp", "22");
  e.range = "other";
  const std::uint32_t other = Find(index, e, maker, &made);
  EXPECT_TRUE(made);
  EXPECT_NE(other, overflow);
  EXPECT_FALSE(maker.overflows[other]);
  EXPECT_EQ(FindValues(index, {"other"}, maker, made), other);
  e.range = "nict-notice";
  EXPECT_NE(Find(index, e, maker), overflow);  // the second series
  e.range = "private";
  EXPECT_EQ(Find(index, e, maker), overflow);  // the third: over the cap
}

TEST(SeriesIndexTest, FindValuesAndFindAgree) {
  SeriesIndex index({Field::kProto, Field::kPort}, 0);
  Maker maker;
  bool made = false;
  const std::uint32_t restored = FindValues(index, {"tcp", "22"}, maker, made);
  EXPECT_TRUE(made);
  EXPECT_EQ(Find(index, Packet("tcp", "22"), maker, &made), restored);
  EXPECT_FALSE(made);
  const std::uint32_t counted = Find(index, Packet("udp", "53"), maker);
  EXPECT_EQ(FindValues(index, {"udp", "53"}, maker, made), counted);
  EXPECT_FALSE(made);
}

TEST(SeriesIndexTest, FindValuesPastTheCapGivesTheOverflowSeries) {
  SeriesIndex index({Field::kPort}, 1);
  Maker maker;
  bool made = false;
  FindValues(index, {"22"}, maker, made);
  const std::uint32_t overflow = FindValues(index, {"23"}, maker, made);
  EXPECT_TRUE(made);
  EXPECT_TRUE(maker.overflows[overflow]);
  EXPECT_EQ(Find(index, Packet("tcp", "24"), maker), overflow);
}

// Short texts are packed into a word; texts that share bytes but differ in
// length or in their last byte are different keys.
TEST(SeriesIndexTest, ShortTextsThatDifferOnlyInLengthOrLastByteAreDistinct) {
  SeriesIndex index({Field::kProto, Field::kPort}, 0);
  Maker maker;
  std::map<std::string, std::uint32_t> ids;
  for (int round = 0; round < 2; ++round) {
    for (const char* port : {"8", "80", "800", "8000", "80000000", "8000000", "8001", "80000001", "800000000"}) {
      const std::uint32_t id = Find(index, Packet("tcp", port), maker);
      if (round == 0) ids[port] = id;
      EXPECT_EQ(ids[port], id) << port;
    }
  }
  EXPECT_EQ(maker.made.size(), 9u);
}

// The same text with the enricher's identity, with another copy's identity
// and with none: one series.
TEST(SeriesIndexTest, EqualTextsShareASeriesWhateverTheirIdentity) {
  SeriesIndex index({Field::kRange, Field::kService}, 0);
  Maker maker;
  static const std::string kCatalog = "a-long-range-name";  // as a table's copy
  static const std::string kOtherCopy = "a-long-range-name";
  auto from_table = Packet("tcp", "22");
  from_table.range = kCatalog;
  from_table.service = "personal-agent";
  from_table.range_identity = kCatalog.data();
  auto other_copy = from_table;
  other_copy.range_identity = kOtherCopy.data();
  auto no_identity = from_table;
  no_identity.range_identity = nullptr;
  const std::uint32_t id = Find(index, from_table, maker);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Find(index, other_copy, maker), id);
    EXPECT_EQ(Find(index, no_identity, maker), id);
    EXPECT_EQ(Find(index, from_table, maker), id);
  }
  EXPECT_EQ(maker.made.size(), 1u);
}

}  // namespace
}  // namespace fwlog
