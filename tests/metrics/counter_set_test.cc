#include "metrics/counter_set.h"

#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fwlog {
namespace {

class CounterSetTest : public ::testing::Test {
 protected:
  std::unique_ptr<CounterSet> Make(std::vector<MetricSpec> specs, const std::vector<std::string>& routers = {}) {
    overflow_ = &prometheus::BuildCounter().Name("fwlog_series_overflow_total").Help("h").Register(*registry_);
    auto set = std::make_unique<CounterSet>(*registry_, specs, *overflow_, routers);
    made_.push_back(set.get());
    return set;
  }
  // What a scrape sees once the sets made so far have published.
  std::string Text() {
    for (CounterSet* set : made_) set->Publish();
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(out, registry_->Collect());
    return out.str();
  }
  // The fields are views (event.h): callers pass text that outlives the event.
  static Event Packet(std::string_view proto, std::string_view port, std::string_view range = "other") {
    Event e;
    e.action = Action::kDrop;
    e.proto = proto;
    e.port = port;
    e.range = range;
    e.service = "unknown";
    return e;
  }
  static MetricSpec Spec(std::string name, std::vector<Field> labels, std::size_t max_series = 0) {
    MetricSpec s;
    s.name = std::move(name);
    s.help = "h";
    s.labels = std::move(labels);
    s.max_series = max_series;
    return s;
  }
  // A fresh registry, as after a restart; the old one stays alive for the
  // CounterSets still pointing at it.
  void NewRegistry() {
    made_.clear();  // the sets of the old registry are gone or retired
    retired_.push_back(registry_);
    registry_ = std::make_shared<prometheus::Registry>();
  }
  std::shared_ptr<prometheus::Registry> registry_ = std::make_shared<prometheus::Registry>();
  std::vector<std::shared_ptr<prometheus::Registry>> retired_;
  prometheus::Family<prometheus::Counter>* overflow_ = nullptr;
  std::vector<CounterSet*> made_;
};

TEST_F(CounterSetTest, CountsOnePerEventPerLabelTuple) {
  auto set = Make({Spec("p_total", {Field::kProto, Field::kPort})});
  set->Count(Packet("tcp", "22"));
  set->Count(Packet("tcp", "22"));
  set->Count(Packet("udp", "53"));
  const auto text = Text();
  EXPECT_NE(text.find("p_total{port=\"22\",proto=\"tcp\"} 2"), std::string::npos) << text;
  EXPECT_NE(text.find("p_total{port=\"53\",proto=\"udp\"} 1"), std::string::npos) << text;
}

TEST_F(CounterSetTest, MaxSeriesOverflowsIntoOtherAndIsCounted) {
  auto set = Make({Spec("p_total", {Field::kProto, Field::kPort}, 2)});
  set->Count(Packet("tcp", "1"));
  set->Count(Packet("tcp", "2"));
  set->Count(Packet("tcp", "3"));
  set->Count(Packet("tcp", "4"));
  set->Count(Packet("tcp", "1"));  // an existing series still counts normally
  const auto text = Text();
  EXPECT_NE(text.find("p_total{overflow=\"true\",port=\"other\",proto=\"other\"} 2"), std::string::npos) << text;
  EXPECT_NE(text.find("p_total{port=\"1\",proto=\"tcp\"} 2"), std::string::npos) << text;
  EXPECT_NE(text.find("fwlog_series_overflow_total{metric=\"p_total\"} 2"), std::string::npos) << text;
}

TEST_F(CounterSetTest, MatchAndExcludeFilterEvents) {
  auto spec = Spec("r_total", {Field::kRange});
  spec.match.push_back({Field::kAction, {"drop", "reject"}});
  spec.exclude.push_back({Field::kRange, {"other", "private"}});
  auto set = Make({spec});
  set->Count(Packet("tcp", "22", "nict-notice"));
  set->Count(Packet("tcp", "22", "other"));
  auto accepted = Packet("tcp", "22", "nict-notice");
  accepted.action = Action::kAccept;
  set->Count(accepted);
  const auto text = Text();
  EXPECT_NE(text.find("r_total{range=\"nict-notice\"} 1"), std::string::npos) << text;
  EXPECT_EQ(text.find("range=\"other\""), std::string::npos) << text;
}

TEST_F(CounterSetTest, MetricsWithTheSameFiltersEachCountWhatTheirOwnFiltersAccept) {
  // a and c have the same lists (c takes a's answer per event); b differs
  // from them in one value, d has no exclude list: each must count exactly
  // what its own lists accept.
  auto a = Spec("a_total", {Field::kPort});
  a.match.push_back({Field::kProto, {"tcp"}});
  a.exclude.push_back({Field::kRange, {"other"}});
  auto b = Spec("b_total", {Field::kPort});
  b.match.push_back({Field::kProto, {"udp"}});
  b.exclude.push_back({Field::kRange, {"other"}});
  auto c = Spec("c_total", {Field::kPort});
  c.match = a.match;
  c.exclude = a.exclude;
  auto d = Spec("d_total", {Field::kPort});
  d.match.push_back({Field::kProto, {"tcp"}});
  auto set = Make({a, b, c, d});
  set->Count(Packet("tcp", "22", "nict-notice"));
  set->Count(Packet("udp", "53", "nict-notice"));
  set->Count(Packet("tcp", "23", "other"));
  set->Count(Packet("tcp", "80", "nict-notice"));
  const auto text = Text();
  for (const char* metric : {"a_total", "c_total"}) {
    EXPECT_NE(text.find(std::string(metric) + "{port=\"22\"} 1"), std::string::npos) << text;
    EXPECT_NE(text.find(std::string(metric) + "{port=\"80\"} 1"), std::string::npos) << text;
    EXPECT_EQ(text.find(std::string(metric) + "{port=\"53\"}"), std::string::npos) << text;
    EXPECT_EQ(text.find(std::string(metric) + "{port=\"23\"}"), std::string::npos) << text;
  }
  EXPECT_NE(text.find("b_total{port=\"53\"} 1"), std::string::npos) << text;
  EXPECT_EQ(text.find("b_total{port=\"22\"}"), std::string::npos) << text;
  EXPECT_NE(text.find("d_total{port=\"23\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("d_total{port=\"22\"} 1"), std::string::npos) << text;
  EXPECT_EQ(text.find("d_total{port=\"53\"}"), std::string::npos) << text;
}

TEST_F(CounterSetTest, FirstAndLastSeenKeepTheExtremes) {
  auto first = Spec("first_seen_seconds", {Field::kRange});
  first.kind = MetricKind::kFirstSeen;
  auto last = Spec("last_seen_seconds", {Field::kRange});
  last.kind = MetricKind::kLastSeen;
  auto set = Make({first, last});
  for (std::int64_t t : {200, 100, 300}) {
    auto e = Packet("tcp", "22", "nict-notice");
    e.time = t;
    set->Count(e);
  }
  const auto text = Text();
  EXPECT_NE(text.find("first_seen_seconds{range=\"nict-notice\"} 100"), std::string::npos) << text;
  EXPECT_NE(text.find("last_seen_seconds{range=\"nict-notice\"} 300"), std::string::npos) << text;
}

TEST_F(CounterSetTest, HourCounterStartsWithAllHoursAtZero) {
  auto set = Make({Spec("h_total", {Field::kHour})});
  const auto text = Text();
  EXPECT_NE(text.find("h_total{hour=\"00\"} 0"), std::string::npos) << text;
  EXPECT_NE(text.find("h_total{hour=\"23\"} 0"), std::string::npos) << text;
  auto e = Packet("tcp", "22");
  e.hour = "04";
  set->Count(e);
  EXPECT_NE(Text().find("h_total{hour=\"04\"} 1"), std::string::npos);
}

// By hour and router: the 24 hours of each router named at the start, and
// of a router first met later as soon as it has a series.
TEST_F(CounterSetTest, HourAndRouterCounterHasAllHoursOfEachRouter) {
  auto set = Make({Spec("h_total", {Field::kHour, Field::kRouter})}, {"home"});
  auto text = Text();
  EXPECT_NE(text.find("h_total{hour=\"00\",router=\"home\"} 0"), std::string::npos) << text;
  EXPECT_NE(text.find("h_total{hour=\"23\",router=\"home\"} 0"), std::string::npos) << text;
  EXPECT_EQ(text.find("router=\"gw-b\""), std::string::npos) << text;
  auto e = Packet("tcp", "22");
  e.hour = "04";
  e.router = "gw-b";
  set->Count(e);
  text = Text();
  EXPECT_NE(text.find("h_total{hour=\"04\",router=\"gw-b\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("h_total{hour=\"05\",router=\"gw-b\"} 0"), std::string::npos) << text;
  EXPECT_NE(text.find("h_total{hour=\"04\",router=\"home\"} 0"), std::string::npos) << text;
}

TEST_F(CounterSetTest, LabelValuesAreSanitised) {
  auto set = Make({Spec("rule_total", {Field::kRule})});
  auto e = Packet("tcp", "22");
  e.rule = "bad\xff";
  set->Count(e);
  EXPECT_NE(Text().find("rule_total{rule=\"bad\xEF\xBF\xBD\"} 1"), std::string::npos);
}

TEST_F(CounterSetTest, SnapshotRestoresIntoAnUnchangedDefinitionOnly) {
  auto spec = Spec("p_total", {Field::kProto, Field::kPort}, 1);
  std::vector<MetricCheckpoint> saved;
  {
    auto set = Make({spec});
    set->Count(Packet("tcp", "22"));
    set->Count(Packet("tcp", "22"));
    set->Count(Packet("udp", "53"));  // overflow
    saved = set->Snapshot();
  }
  NewRegistry();
  auto set = Make({spec});
  EXPECT_EQ(set->Restore(saved), 1u);
  set->Count(Packet("tcp", "22"));
  auto text = Text();
  EXPECT_NE(text.find("p_total{port=\"22\",proto=\"tcp\"} 3"), std::string::npos) << text;
  EXPECT_NE(text.find("p_total{overflow=\"true\",port=\"other\",proto=\"other\"} 1"), std::string::npos) << text;

  NewRegistry();
  auto changed = Spec("p_total", {Field::kProto}, 1);
  auto other = Make({changed});
  EXPECT_EQ(other->Restore(saved), 0u);
}

TEST_F(CounterSetTest, EveryOverflowingEventIsCountedAsOverflowAgain) {
  auto set = Make({Spec("p_total", {Field::kProto, Field::kPort}, 1)});
  set->Count(Packet("tcp", "1"));
  for (int i = 0; i < 5; ++i) set->Count(Packet("tcp", "2"));  // the same overflowing tuple, seen again
  const auto text = Text();
  EXPECT_NE(text.find("p_total{overflow=\"true\",port=\"other\",proto=\"other\"} 5"), std::string::npos) << text;
  EXPECT_NE(text.find("fwlog_series_overflow_total{metric=\"p_total\"} 5"), std::string::npos) << text;
}

// Range "other" is a real value (a source in no catalog range); the overflow
// series is told apart by its own label, in the registry and in the state.
TEST_F(CounterSetTest, ARealTupleOfOthersAndTheOverflowAreSeparateSeries) {
  auto spec = Spec("r_total", {Field::kRange}, 1);
  std::vector<MetricCheckpoint> saved;
  {
    auto set = Make({spec});
    set->Count(Packet("tcp", "22", "other"));
    set->Count(Packet("tcp", "22", "other"));
    for (int i = 0; i < 3; ++i) set->Count(Packet("tcp", "22", "nict-notice"));  // over the cap
    const auto text = Text();
    EXPECT_NE(text.find("r_total{range=\"other\"} 2"), std::string::npos) << text;
    EXPECT_NE(text.find("r_total{overflow=\"true\",range=\"other\"} 3"), std::string::npos) << text;
    EXPECT_NE(text.find("fwlog_series_overflow_total{metric=\"r_total\"} 3"), std::string::npos) << text;
    saved = set->Snapshot();
  }
  NewRegistry();
  auto set = Make({spec});
  EXPECT_EQ(set->Restore(saved), 1u);
  set->Count(Packet("tcp", "22", "other"));
  set->Count(Packet("tcp", "22", "private"));
  const auto text = Text();
  EXPECT_NE(text.find("r_total{range=\"other\"} 3"), std::string::npos) << text;
  EXPECT_NE(text.find("r_total{overflow=\"true\",range=\"other\"} 4"), std::string::npos) << text;
}

// Before the overflow label, the overflow series was saved as a tuple of
// "other"s; such a state (its digest without the overflow suffix) restores
// it as the overflow series.
TEST_F(CounterSetTest, RestoresAnUnmarkedTupleOfOthersAsTheOverflow) {
  auto spec = Spec("p_total", {Field::kProto, Field::kPort}, 1);
  MetricCheckpoint cp;
  cp.metric = "p_total";
  cp.definition = CounterSet::Definition(spec);
  const std::string suffix = ";overflow=marked";
  ASSERT_TRUE(cp.definition.ends_with(suffix)) << cp.definition;
  cp.definition.resize(cp.definition.size() - suffix.size());  // as the earlier versions wrote it
  cp.samples.push_back({"p_total", {{"proto", "tcp"}, {"port", "22"}}, 5});
  cp.samples.push_back({"p_total", {{"proto", "other"}, {"port", "other"}}, 7});
  auto set = Make({spec});
  EXPECT_EQ(set->Restore({cp}), 1u);
  set->Count(Packet("udp", "53"));
  const auto text = Text();
  EXPECT_NE(text.find("p_total{port=\"22\",proto=\"tcp\"} 5"), std::string::npos) << text;
  EXPECT_NE(text.find("p_total{overflow=\"true\",port=\"other\",proto=\"other\"} 8"), std::string::npos) << text;
}

// A state from before the router label (the same definition without it, or
// also without the overflow suffix) restores under the configuration's one
// router; with no one router, not at all.
TEST_F(CounterSetTest, RestoresAStateFromBeforeTheRouterLabelUnderTheOnlyRouter) {
  auto before = Spec("p_total", {Field::kProto, Field::kPort}, 1);
  auto first = before;
  first.kind = MetricKind::kFirstSeen;
  first.name = "first_seconds";
  first.labels = {Field::kPort};
  first.max_series = 0;
  MetricCheckpoint counted{"p_total", CounterSet::Definition(before), {}};
  counted.samples.push_back({"p_total", {{"proto", "tcp"}, {"port", "22"}}, 5});
  counted.samples.push_back({"p_total", {{"overflow", "true"}, {"proto", "other"}, {"port", "other"}}, 7});
  MetricCheckpoint seen{"first_seconds", CounterSet::Definition(first), {}};
  seen.samples.push_back({"first_seconds", {{"port", "22"}}, 100});
  auto now = before;
  now.labels.push_back(Field::kRouter);
  auto first_now = first;
  first_now.labels.push_back(Field::kRouter);
  {
    auto set = Make({now, first_now}, {"home"});
    EXPECT_EQ(set->Restore({counted, seen}, "home"), 2u);
    auto e = Packet("udp", "53");
    e.router = "home";
    e.time = 50;
    set->Count(e);
    const auto text = Text();
    EXPECT_NE(text.find("p_total{port=\"22\",proto=\"tcp\",router=\"home\"} 5"), std::string::npos) << text;
    EXPECT_NE(text.find("p_total{overflow=\"true\",port=\"other\",proto=\"other\",router=\"home\"} 8"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("first_seconds{port=\"22\",router=\"home\"} 100"), std::string::npos) << text;
  }
  NewRegistry();
  auto unmarked = counted;
  unmarked.definition.resize(unmarked.definition.size() - std::string(";overflow=marked").size());
  unmarked.samples[1].labels = {{"proto", "other"}, {"port", "other"}};
  {
    auto set = Make({now});
    EXPECT_EQ(set->Restore({unmarked}, "home"), 1u);
    const auto text = Text();
    EXPECT_NE(text.find("p_total{overflow=\"true\",port=\"other\",proto=\"other\",router=\"home\"} 7"),
              std::string::npos)
        << text;
  }
  NewRegistry();
  auto set = Make({now});
  EXPECT_EQ(set->Restore({counted}), 0u);  // no one router to put them under
}

TEST_F(CounterSetTest, GaugeOverflowIsCountedToo) {
  auto spec = Spec("last_seen_seconds", {Field::kRange}, 1);
  spec.kind = MetricKind::kLastSeen;
  auto set = Make({spec});
  for (std::int64_t t : {100, 300, 200}) {
    auto a = Packet("tcp", "22", "range-a");
    a.time = t;
    set->Count(a);
    auto b = Packet("tcp", "22", "range-b");
    b.time = t + 1;
    set->Count(b);
  }
  const auto text = Text();
  EXPECT_NE(text.find("last_seen_seconds{range=\"range-a\"} 300"), std::string::npos) << text;
  EXPECT_NE(text.find("last_seen_seconds{overflow=\"true\",range=\"other\"} 301"), std::string::npos) << text;
  EXPECT_NE(text.find("fwlog_series_overflow_total{metric=\"last_seen_seconds\"} 3"), std::string::npos) << text;
}

TEST_F(CounterSetTest, ExcludeListsMatchWholeValuesOnly) {
  auto spec = Spec("r_total", {Field::kRange});
  spec.exclude.push_back({Field::kRange, {"other", "private"}});
  auto set = Make({spec});
  for (const char* range : {"other", "othe", "others", "private", "privat", "private-lab", "Other"})
    set->Count(Packet("tcp", "22", range));
  const auto text = Text();
  for (const char* kept : {"othe", "others", "privat", "private-lab", "Other"})
    EXPECT_NE(text.find("r_total{range=\"" + std::string(kept) + "\"} 1"), std::string::npos) << kept << text;
  EXPECT_EQ(text.find("range=\"other\""), std::string::npos) << text;
  EXPECT_EQ(text.find("range=\"private\""), std::string::npos) << text;
}

// A range filter remembers its last answer by the range's identity (the
// enricher's table entry); an event without an identity, or with another
// one, is looked at again.
TEST_F(CounterSetTest, AFilterAnswersEachEventWhateverItsIdentity) {
  auto spec = Spec("r_total", {Field::kRange});
  spec.exclude.push_back({Field::kRange, {"other", "private"}});
  auto set = Make({spec});
  static const std::string kNict = "nict-notice", kOther = "other", kPrivate = "private";
  std::mt19937 rng(2);
  int nict = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string* range = i % 3 == 0 ? &kNict : i % 3 == 1 ? &kOther : &kPrivate;
    if (rng() % 2) range = rng() % 2 ? &kNict : &kOther;
    auto e = Packet("tcp", "22", *range);
    e.range_identity = rng() % 4 == 0 ? nullptr : range->data();
    set->Count(e);
    nict += range == &kNict;
  }
  const auto text = Text();
  EXPECT_NE(text.find("r_total{range=\"nict-notice\"} " + std::to_string(nict)), std::string::npos) << text;
  EXPECT_EQ(text.find("range=\"other\""), std::string::npos) << text;
  EXPECT_EQ(text.find("range=\"private\""), std::string::npos) << text;
}

// Hours, country codes and the values of small label sets find their series
// by number (DenseLabel); texts without a number ("private", "7", "jp") and
// values past an interned label's capacity take the hashed path. Whatever
// the path, every label tuple has its own count, and an overflowing tuple
// stays overflow.
TEST_F(CounterSetTest, NumberedLabelsCountAsTheirTextsDo) {
  auto by_time = Spec("t_total", {Field::kHour, Field::kCountry, Field::kAction});
  auto by_range = Spec("r_total", {Field::kProto, Field::kRange});
  auto capped = Spec("c_total", {Field::kCountry}, 5);
  auto set = Make({by_time, by_range, capped});

  const std::vector<std::string> hours = {"00", "09", "13", "23", "24", "7", "2a", "ab", ""};
  const std::vector<std::string> countries = {"JP", "US", "ZA", "AZ", "private", "unknown", "jp", "J", "[Z"};
  const std::vector<std::string> protos = {"tcp", "udp", "icmp", "gre"};
  std::vector<std::string> ranges;  // more than an interned label numbers
  for (int i = 0; i < 40; ++i) ranges.push_back("range-" + std::to_string(i));
  const Action actions[] = {Action::kNone, Action::kDrop, Action::kReject, Action::kAccept};

  std::map<std::string, int> want;
  std::set<std::string> capped_series;
  int overflowed = 0;
  std::mt19937 rng(5);
  for (int i = 0; i < 20000; ++i) {
    Event e;
    e.hour = hours[rng() % hours.size()];
    e.country = countries[rng() % countries.size()];
    e.action = actions[rng() % 4];
    e.proto = protos[rng() % protos.size()];
    // The first half of the events meet few ranges, the rest all of them.
    e.range = ranges[rng() % (i < 10000 ? 3 : ranges.size())];
    set->Count(e);
    ++want["t_total{action=\"" + std::string(ActionName(e.action)) + "\",country=\"" + std::string(e.country) +
           "\",hour=\"" + std::string(e.hour) + "\"}"];
    ++want["r_total{proto=\"" + std::string(e.proto) + "\",range=\"" + std::string(e.range) + "\"}"];
    const std::string c = "c_total{country=\"" + std::string(e.country) + "\"}";
    if (capped_series.count(c) || capped_series.size() < 5) {
      capped_series.insert(c);
      ++want[c];
    } else {
      ++overflowed;
    }
  }
  want["c_total{country=\"other\",overflow=\"true\"}"] = overflowed;
  want["fwlog_series_overflow_total{metric=\"c_total\"}"] = overflowed;
  ASSERT_GT(overflowed, 0);

  std::map<std::string, int> got;
  std::istringstream lines(Text());
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.rfind(' ');
    const int value = std::stoi(line.substr(space + 1));
    if (value != 0) got[line.substr(0, space)] = value;
  }
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace fwlog
