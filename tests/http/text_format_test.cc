// The text format writer: exact text where the format fixes it (escapes,
// special values, histogram and summary lines), and agreement with
// prometheus-cpp's TextSerializer, which it replaced, on what a scraper reads:
// both outputs parsed by a small reader into (name, labels) -> value and
// compared numerically (prometheus-cpp prints 16 significant digits, so values
// agree to 1e-15 relative, while ours read back exactly).
#include "http/text_format.h"

#include <gtest/gtest.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/summary.h>
#include <prometheus/text_serializer.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "http/metrics_server.h"

namespace fwlog {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string Write(const std::vector<MetricFamily>& families) {
  std::string out;
  AppendTextFormat(families, out);
  return out;
}

std::string Value(double v) {
  std::string out;
  AppendSampleValue(v, out);
  return out;
}

std::string Serialized(const std::vector<MetricFamily>& families) {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, families);
  return out.str();
}

double ReadNumber(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  EXPECT_EQ(*end, '\0') << "not a number: " << text;
  return v;
}

// What a scraper reads from the text: per "name{sorted labels}" its value
// and timestamp; per family its HELP (unescaped) and TYPE. le and quantile
// label values are read as numbers, so "1" and "1.0" are the same bucket.
struct Exposition {
  struct Sample {
    double value = 0;
    std::int64_t timestamp_ms = 0;
  };
  std::map<std::string, Sample> samples;
  std::map<std::string, std::string> help, type;
};

Exposition Read(const std::string& text) {
  Exposition e;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
      const auto space = line.find(' ', 7);
      const std::string name = line.substr(7, space - 7);
      std::string value;
      for (std::size_t i = space + 1; i < line.size(); ++i) {
        if (line[i] == '\\' && i + 1 < line.size()) {
          ++i;
          value.push_back(line[i] == 'n' ? '\n' : line[i]);
        } else {
          value.push_back(line[i]);
        }
      }
      (line[2] == 'H' ? e.help : e.type)[name] = value;
      continue;
    }
    std::size_t i = line.find_first_of("{ ");
    std::string key = line.substr(0, i);
    std::map<std::string, std::string> labels;
    if (line[i] == '{') {
      ++i;
      while (line[i] != '}') {
        const auto eq = line.find('=', i);
        const std::string label = line.substr(i, eq - i);
        EXPECT_EQ(line[eq + 1], '"') << line;
        std::string value;
        for (i = eq + 2; line[i] != '"'; ++i) {
          if (line[i] == '\\') {
            ++i;
            value.push_back(line[i] == 'n' ? '\n' : line[i]);
          } else {
            value.push_back(line[i]);
          }
        }
        ++i;
        if (line[i] == ',') ++i;
        if (label == "le" || label == "quantile") {
          char buf[32];
          value.assign(buf, std::to_chars(buf, buf + sizeof buf, ReadNumber(value)).ptr);
        }
        labels[label] = value;
      }
      ++i;
    }
    for (const auto& [name, value] : labels) key += "|" + name + "=" + value;
    EXPECT_EQ(line[i], ' ') << line;
    const auto value_end = line.find(' ', i + 1);
    Exposition::Sample sample;
    sample.value = ReadNumber(line.substr(i + 1, value_end - i - 1));
    if (value_end != std::string::npos) sample.timestamp_ms = std::stoll(line.substr(value_end + 1));
    EXPECT_TRUE(e.samples.emplace(key, sample).second) << "duplicate " << key;
  }
  return e;
}

void ExpectSameAsPrometheusCpp(const std::vector<MetricFamily>& families) {
  const std::string ours = Write(families);
  const std::string theirs = Serialized(families);
  const Exposition a = Read(ours), b = Read(theirs);
  EXPECT_EQ(a.help, b.help);
  EXPECT_EQ(a.type, b.type);
  ASSERT_EQ(a.samples.size(), b.samples.size()) << ours << "\n---\n" << theirs;
  for (const auto& [key, sample] : b.samples) {
    const auto it = a.samples.find(key);
    ASSERT_NE(it, a.samples.end()) << key << " missing from\n" << ours;
    const double x = it->second.value, y = sample.value;
    if (std::isnan(y)) {
      EXPECT_TRUE(std::isnan(x)) << key;
    } else if (std::isinf(y) || y == 0) {
      EXPECT_EQ(x, y) << key;
    } else {
      EXPECT_NEAR(x, y, std::fabs(y) * 1e-15) << key;
    }
    EXPECT_EQ(it->second.timestamp_ms, sample.timestamp_ms) << key;
  }
}

ClientMetric Metric(std::vector<ClientMetric::Label> labels) {
  ClientMetric m;
  m.label = std::move(labels);
  return m;
}

TEST(TextFormatTest, AgreesWithPrometheusCppOnCountersGaugesAndUntyped) {
  const std::vector<double> values = {
      0,    1,  42,         1e15,   9007199254740993.0,         1e16, 1e21,  0.1, 0.25, 1e-4, 1.5e-5, 1.0 / 3,
      -2.5, -7, 1700000000, 5e-324, 1.7976931348623157e308 / 2, kInf, -kInf, kNaN};
  std::vector<MetricFamily> families(3);
  families[0].name = "c_total";
  families[0].help = "A counter.";
  families[0].type = MetricType::Counter;
  families[1].name = "g";
  families[1].help = "A gauge.";
  families[1].type = MetricType::Gauge;
  families[2].name = "u";
  families[2].type = MetricType::Untyped;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string k = std::to_string(i);
    auto m = Metric({{"k", k}, {"path", "C:\\dir \"x\"\nnext"}});
    m.counter.value = m.gauge.value = m.untyped.value = values[i];
    if (i % 3 == 0) m.timestamp_ms = 1700000000123 + static_cast<std::int64_t>(i);
    for (auto& f : families) f.metric.push_back(m);
  }
  for (auto& f : families) f.metric.push_back(Metric({}));  // no labels at all
  ExpectSameAsPrometheusCpp(families);

  // Ours read back exactly.
  const Exposition e = Read(Write(families));
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double v = e.samples.at("g|k=" + std::to_string(i) + "|path=C:\\dir \"x\"\nnext").value;
    if (std::isnan(values[i])) {
      EXPECT_TRUE(std::isnan(v));
    } else {
      EXPECT_EQ(std::memcmp(&v, &values[i], sizeof v), 0) << values[i];
    }
  }
}

TEST(TextFormatTest, AgreesWithPrometheusCppOnHistogramsAndSummaries) {
  prometheus::Registry registry;
  auto& histograms = prometheus::BuildHistogram().Name("h_seconds").Help("A histogram.").Register(registry);
  auto& h1 =
      histograms.Add({{"route", "/a\"b"}}, prometheus::Histogram::BucketBoundaries{0.0001, 0.005, 0.1, 1, 2.5e6});
  auto& h2 = histograms.Add({}, prometheus::Histogram::BucketBoundaries{1, 10});
  for (const double v : {0.00005, 0.003, 0.05, 0.05, 0.7, 3.0, 1e7}) {
    h1.Observe(v);
    h2.Observe(v);
  }
  auto& summaries = prometheus::BuildSummary().Name("s_bytes").Help("A summary.").Register(registry);
  auto& s1 = summaries.Add({{"dir", "in"}}, prometheus::Summary::Quantiles{{0.5, 0.05}, {0.9, 0.01}, {0.99, 0.001}});
  auto& s2 = summaries.Add({}, prometheus::Summary::Quantiles{{0.5, 0.05}});
  for (int i = 1; i <= 1000; ++i) {
    s1.Observe(i * 1.5);
    s2.Observe(i);
  }
  prometheus::BuildCounter().Name("c_total").Help("A counter.").Register(registry).Add({}).Increment(3);
  ExpectSameAsPrometheusCpp(registry.Collect());
}

TEST(TextFormatTest, EscapesBackslashAndNewlineInHelp) {
  MetricFamily f;
  f.name = "m";
  f.help = "C:\\path \"quoted\"\nsecond line";
  f.type = MetricType::Gauge;
  EXPECT_EQ(Write({f}), "# HELP m C:\\\\path \"quoted\"\\nsecond line\n# TYPE m gauge\n");
}

TEST(TextFormatTest, EscapesBackslashQuoteAndNewlineInLabelValues) {
  MetricFamily f;
  f.name = "m";
  f.type = MetricType::Counter;
  f.metric.push_back(Metric({{"a", "C:\\x \"y\"\nz"}, {"b", ""}, {"c", "\\"}}));
  f.metric.back().counter.value = 1;
  EXPECT_EQ(Write({f}), "# TYPE m counter\nm{a=\"C:\\\\x \\\"y\\\"\\nz\",b=\"\",c=\"\\\\\"} 1\n");
}

// The pieces backfill's OpenMetrics writer shares with /metrics: one escaper.
struct HelpCase {
  TextDialect dialect;
  std::string help, line;
};

TEST(TextFormatTest, EscapesHelpAsEachDialectReadsItBack) {
  const std::vector<HelpCase> cases = {
      {TextDialect::kPrometheus004, "C:\\x \"q\"\nz", "# HELP m C:\\\\x \"q\"\\nz\n"},
      {TextDialect::kOpenMetrics, "C:\\x \"q\"\nz", "# HELP m C:\\\\x \\\"q\\\"\\nz\n"},
      {TextDialect::kPrometheus004, "", ""},
      {TextDialect::kOpenMetrics, "", ""},
  };
  for (const auto& c : cases) {
    std::string out;
    AppendHelpLine("m", c.help, c.dialect, out);
    EXPECT_EQ(out, c.line) << c.help;
  }
}

TEST(TextFormatTest, WritesOneLabelWithItsValueEscaped) {
  std::string out = "x{";
  AppendLabel("a", "C:\\x \"y\"\nz", out);
  out.push_back(',');
  AppendLabel("b", "", out);
  out.push_back('}');
  EXPECT_EQ(out, "x{a=\"C:\\\\x \\\"y\\\"\\nz\",b=\"\"}");
}

TEST(TextFormatTest, WritesTheTypeLine) {
  std::string out;
  AppendTypeLine("fwlog_packets", "counter", out);
  EXPECT_EQ(out, "# TYPE fwlog_packets counter\n");
}

TEST(TextFormatTest, WritesAnEmptyLabelSetWithoutBracesAndOmitsEmptyHelp) {
  MetricFamily f;
  f.name = "up";
  f.type = MetricType::Gauge;
  f.metric.push_back(Metric({}));
  f.metric.back().gauge.value = 1;
  EXPECT_EQ(Write({f}), "# TYPE up gauge\nup 1\n");
}

TEST(TextFormatTest, WritesTimestampsOnlyWhenSet) {
  MetricFamily f;
  f.name = "u";
  f.help = "h";
  f.type = MetricType::Untyped;
  f.metric.push_back(Metric({{"k", "a"}}));
  f.metric.back().untyped.value = 2;
  f.metric.back().timestamp_ms = 1700000000123;
  f.metric.push_back(Metric({{"k", "b"}}));
  f.metric.back().untyped.value = 3;
  f.metric.push_back(Metric({}));
  f.metric.back().timestamp_ms = -5;
  EXPECT_EQ(Write({f}), "# HELP u h\n# TYPE u untyped\nu{k=\"a\"} 2 1700000000123\nu{k=\"b\"} 3\nu 0 -5\n");
}

TEST(TextFormatTest, WritesHistogramBucketsThenSumAndCount) {
  MetricFamily f;
  f.name = "h";
  f.help = "h";
  f.type = MetricType::Histogram;
  f.metric.push_back(Metric({{"k", "v"}}));
  f.metric.back().histogram = {3, 4.25, {{1, 0.5}, {2, 1}, {3, kInf}}};
  f.metric.push_back(Metric({}));
  f.metric.back().histogram = {0, 0, {{0, 1e-5}, {0, kInf}}};
  EXPECT_EQ(Write({f}),
            "# HELP h h\n# TYPE h histogram\n"
            "h_bucket{k=\"v\",le=\"0.5\"} 1\nh_bucket{k=\"v\",le=\"1\"} 2\nh_bucket{k=\"v\",le=\"+Inf\"} 3\n"
            "h_sum{k=\"v\"} 4.25\nh_count{k=\"v\"} 3\n"
            "h_bucket{le=\"1e-05\"} 0\nh_bucket{le=\"+Inf\"} 0\nh_sum 0\nh_count 0\n");
}

TEST(TextFormatTest, AddsTheInfBucketWhenAHistogramLacksIt) {
  MetricFamily f;
  f.name = "h";
  f.type = MetricType::Histogram;
  f.metric.push_back(Metric({}));
  f.metric.back().histogram = {5, 12, {{2, 1}}};
  f.metric.back().timestamp_ms = 7;
  EXPECT_EQ(Write({f}),
            "# TYPE h histogram\nh_bucket{le=\"1\"} 2 7\nh_bucket{le=\"+Inf\"} 5 7\nh_sum 12 7\nh_count 5 7\n");
}

TEST(TextFormatTest, WritesSummaryQuantilesThenSumAndCount) {
  MetricFamily f;
  f.name = "s";
  f.help = "s";
  f.type = MetricType::Summary;
  f.metric.push_back(Metric({{"k", "v"}}));
  f.metric.back().summary = {4, 10.5, {{0.5, 2}, {0.99, kNaN}}};
  f.metric.push_back(Metric({}));
  f.metric.back().summary = {1, 0.125, {{0.5, 0.125}}};
  EXPECT_EQ(Write({f}),
            "# HELP s s\n# TYPE s summary\n"
            "s{k=\"v\",quantile=\"0.5\"} 2\ns{k=\"v\",quantile=\"0.99\"} NaN\ns_sum{k=\"v\"} 10.5\ns_count{k=\"v\"} 4\n"
            "s{quantile=\"0.5\"} 0.125\ns_sum 0.125\ns_count 1\n");
}

TEST(TextFormatTest, SpellsSpecialValuesAsTheFormatSays) {
  EXPECT_EQ(Value(kNaN), "NaN");
  EXPECT_EQ(Value(-kNaN), "NaN");
  EXPECT_EQ(Value(kInf), "+Inf");
  EXPECT_EQ(Value(-kInf), "-Inf");
  EXPECT_EQ(Value(-0.0), "-0");
  EXPECT_EQ(Value(0.0), "0");
}

TEST(TextFormatTest, WritesIntegralValuesAsIntegers) {
  EXPECT_EQ(Value(1), "1");
  EXPECT_EQ(Value(-42), "-42");
  EXPECT_EQ(Value(1700000000), "1700000000");
  EXPECT_EQ(Value(1e6), "1000000");
  EXPECT_EQ(Value(9007199254740993.0), "9007199254740992");
  EXPECT_EQ(Value(9999999999999998), "9999999999999998");
  EXPECT_EQ(Value(1e16), "1e+16");
  EXPECT_EQ(Value(-1e300), "-1e+300");
}

TEST(TextFormatTest, WritesOtherValuesAsTheShortestTextThatReadsBack) {
  EXPECT_EQ(Value(0.1), "0.1");
  EXPECT_EQ(Value(0.30000000000000004), "0.30000000000000004");
  EXPECT_EQ(Value(0.0001), "0.0001");
  EXPECT_EQ(Value(0.00001), "1e-05");
  EXPECT_EQ(Value(-2.5), "-2.5");
  EXPECT_EQ(Value(123456789012.5), "123456789012.5");
  EXPECT_EQ(Value(5e-324), "5e-324");
  EXPECT_EQ(Value(1.7976931348623157e308), "1.7976931348623157e+308");

  // Any double, by its bits.
  std::mt19937_64 random(7);
  for (int i = 0; i < 200000; ++i) {
    const std::uint64_t bits = random();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    if (std::isnan(v)) continue;
    const double back = ReadNumber(Value(v));
    ASSERT_EQ(std::memcmp(&back, &v, sizeof v), 0) << Value(v);
  }
}

TEST(TextFormatTest, SizeHintCoversTheOutputWithoutEscapes) {
  prometheus::Registry registry;
  auto& counters = prometheus::BuildCounter().Name("fwlog_packets_by_port_total").Help("By port.").Register(registry);
  for (int i = 0; i < 1000; ++i)
    counters.Add({{"proto", i % 2 ? "udp" : "tcp"}, {"port", std::to_string(i)}, {"service", "unknown"}})
        .Increment(i * 1000);
  auto& histograms = prometheus::BuildHistogram().Name("h").Help("h").Register(registry);
  histograms.Add({{"k", "v"}}, prometheus::Histogram::BucketBoundaries{0.001, 0.01, 0.1, 1}).Observe(0.3);
  const auto families = registry.Collect();
  const std::size_t hint = TextFormatSizeHint(families);
  const std::size_t size = Write(families).size();
  EXPECT_GE(hint, size);
  EXPECT_LT(hint, size * 3 / 2);
}

TEST(TextFormatTest, RenderCollectablesWritesEachCollectableInOrder) {
  auto a = std::make_shared<prometheus::Registry>();
  auto b = std::make_shared<prometheus::Registry>();
  prometheus::BuildGauge().Name("b").Help("B.").Register(*b).Add({}).Set(0.5);
  prometheus::BuildCounter().Name("a_total").Help("A.").Register(*a).Add({{"k", "v"}}).Increment(2);
  EXPECT_EQ(RenderCollectables({b, a}),
            "# HELP b B.\n# TYPE b gauge\nb 0.5\n# HELP a_total A.\n# TYPE a_total counter\na_total{k=\"v\"} 2\n");
}

}  // namespace
}  // namespace fwlog
