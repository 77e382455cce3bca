// Micro-benchmarks, one per pipeline stage, on a generated log
// (bench/gen_logs.py; FWLOG_BENCH_LOG=FILE to use another), plus the
// reference scanners the issue quotes (memmem key scan, RE2 without and with
// captures), so their figures are re-measured on the same machine.
//
// Each benchmark reports items_per_second = lines (or events, or lookups) per
// second of the benchmark thread's CPU time. docs/performance.md has the
// figures and how they add up.
#include <benchmark/benchmark.h>
#include <prometheus/counter.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>
#include <re2/re2.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "app/pipeline.h"
#include "config/config.h"
#include "enrich/country/country_db.h"
#include "enrich/enricher.h"
#include "enrich/hour_of_day.h"
#include "enrich/range_table.h"
#include "enrich/service_registry.h"
#include "http/gzip.h"
#include "http/metrics_server.h"
#include "http/text_format.h"
#include "input/input_runner.h"
#include "metrics/counter_set.h"
#include "parse/parser.h"

namespace fwlog {
namespace {

constexpr const char* kCountryDb = "/var/lib/location/database.db";
constexpr std::int64_t kNow = 1543000000;  // 2018-11-23, after the generated stamps

std::string LogPath() {
  const char* env = std::getenv("FWLOG_BENCH_LOG");
  return env && *env ? env : FWLOG_BENCH_DEFAULT_LOG;
}

// The log's lines, read once.
const std::vector<std::string>& Lines() {
  static const std::vector<std::string> lines = [] {
    std::vector<std::string> out;
    std::ifstream in(LogPath());
    if (!in) {
      std::cerr << "fwlog_bench: cannot read " << LogPath() << "\n";
      std::exit(2);
    }
    for (std::string line; std::getline(in, line);) out.push_back(std::move(line));
    return out;
  }();
  return lines;
}

absl::TimeZone Tokyo() {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone("Asia/Tokyo", &zone)) std::abort();
  return zone;
}

TimeContext Context() {
  TimeContext ctx;
  ctx.zone = Tokyo();
  ctx.now = kNow;
  return ctx;
}

// What the enrich benchmarks need of a parsed line.
struct Packet {
  IpAddress src;
  std::int64_t time = 0;
  std::uint16_t port = 0;
  bool has_port = false;
  std::string proto;
};

const std::vector<Packet>& Packets() {
  static const std::vector<Packet> packets = [] {
    auto parser = Parser::Build("netfilter", nullptr);
    const TimeContext ctx = Context();
    std::vector<Packet> out;
    Event event;
    for (const auto& text : Lines()) {
      LogLine line;
      line.text = text;
      line.receive_time = kNow;
      event.Clear();
      if (!parser->Parse(line, ctx, event).matched()) continue;
      out.push_back({event.src_address, event.time, event.port_number, event.has_port, std::string(event.proto)});
    }
    return out;
  }();
  return packets;
}

ServiceRegistry LoadServices() {
  auto s = ServiceRegistry::LoadIanaCsv(std::string(FWLOG_CONFIG_DIR) + "/iana/service-names-port-numbers.csv");
  if (!s.ok()) std::abort();
  return *std::move(s);
}
RangeTable LoadRanges() {
  auto r = RangeTable::Load({std::string(FWLOG_CONFIG_DIR) + "/ranges"});
  if (!r.ok()) std::abort();
  return *std::move(r);
}
std::unique_ptr<CountryDb> LoadCountries() {
  auto db = OpenCountryDb(kCountryDb);
  if (!db.ok()) return NullCountryDb();
  return *std::move(db);
}

// ---- input: cutting lines ----------------------------------------------

class CountingSink : public LineSink {
 public:
  void OnLine(const LogLine& line) override {
    ++lines;
    benchmark::DoNotOptimize(line.text.data());
  }
  long lines = 0;
};

void BM_Input_ReadWholeFile(benchmark::State& state) {
  CountingSink sink;
  InputStats stats;
  for (auto _ : state) {
    const auto error = ReadWholeFile(LogPath(), 0, 16384, sink, stats);
    if (!error.ok()) state.SkipWithError(std::string(error.message()).c_str());
  }
  state.SetItemsProcessed(sink.lines);
}
BENCHMARK(BM_Input_ReadWholeFile)->Unit(benchmark::kMillisecond);

// ---- parse ---------------------------------------------------------------

void BM_Parse_Netfilter(benchmark::State& state) {
  auto parser = Parser::Build("netfilter", nullptr);
  const TimeContext ctx = Context();
  const auto& lines = Lines();
  Event event;
  std::size_t i = 0;
  for (auto _ : state) {
    LogLine line;
    line.text = lines[i];
    line.receive_time = kNow;
    event.Clear();
    benchmark::DoNotOptimize(parser->Parse(line, ctx, event));
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Parse_Netfilter);

void BM_Parse_Envelope(benchmark::State& state) {
  const TimeContext ctx = Context();
  const auto& lines = Lines();
  ParseState parse_state;
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ReadEnvelope(lines[i], ctx, parse_state));
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Parse_Envelope);

void BM_Event_Clear(benchmark::State& state) {
  Event event;
  for (auto _ : state) {
    event.Clear();
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Event_Clear);

// The issue's reference scanners, on the same lines.
void BM_Ref_MemmemKeyScan(benchmark::State& state) {
  const auto& lines = Lines();
  std::size_t i = 0;
  auto value = [](std::string_view line, std::string_view key) -> std::string_view {
    const void* at = memmem(line.data(), line.size(), key.data(), key.size());
    if (at == nullptr) return {};
    const auto from = static_cast<std::size_t>(static_cast<const char*>(at) - line.data()) + key.size();
    const auto to = line.find(' ', from);
    return line.substr(from, to == std::string_view::npos ? std::string_view::npos : to - from);
  };
  for (auto _ : state) {
    const std::string_view line = lines[i];
    benchmark::DoNotOptimize(value(line, " SRC="));
    benchmark::DoNotOptimize(value(line, " PROTO="));
    benchmark::DoNotOptimize(value(line, " DPT="));
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ref_MemmemKeyScan);

void BM_Ref_Re2NoCaptures(benchmark::State& state) {
  const RE2 re(R"(IN=\S* .*SRC=[0-9a-fA-F.:]+ .*PROTO=\w+)");
  const auto& lines = Lines();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(RE2::PartialMatch(lines[i], re));
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ref_Re2NoCaptures);

void BM_Ref_Re2ThreeCaptures(benchmark::State& state) {
  const RE2 re(R"(SRC=([0-9a-fA-F.:]+) .*PROTO=(\w+) (?:.*DPT=(\d+))?)");
  const auto& lines = Lines();
  std::size_t i = 0;
  re2::StringPiece src, proto, port;
  for (auto _ : state) {
    benchmark::DoNotOptimize(RE2::PartialMatch(lines[i], re, &src, &proto, &port));
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ref_Re2ThreeCaptures);

// ---- enrich ----------------------------------------------------------------

void BM_Enrich_Country(benchmark::State& state) {
  auto db = LoadCountries();
  const auto& packets = Packets();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(db->Lookup(packets[i].src));
    if (++i == packets.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(db->Describe());
}
BENCHMARK(BM_Enrich_Country);

// Every lookup a new global address: the back-end's own cost (a cache miss).
void BM_Enrich_CountryMiss(benchmark::State& state) {
  auto db = LoadCountries();
  std::uint32_t a = 0x01000001;
  for (auto _ : state) {
    a = a * 1664525u + 1013904223u;
    const std::uint32_t v4 = 0x01000000u + a % 0xDEFFFFFFu;  // 1.0.0.0 .. 223.255.255.255
    benchmark::DoNotOptimize(db->Lookup(IpAddress::FromV4(v4)));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Enrich_CountryMiss);

void BM_Enrich_IsGlobal(benchmark::State& state) {
  const auto& packets = Packets();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(packets[i].src.IsGlobal());
    if (++i == packets.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Enrich_IsGlobal);

void BM_Enrich_Range(benchmark::State& state) {
  const RangeTable ranges = LoadRanges();
  const auto& packets = Packets();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ranges.Lookup(packets[i].src, true));
    if (++i == packets.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Enrich_Range);

// The same lookups through the per-length probes alone (the flat IPv4
// layout's reference, RangeTable::MatchReference).
void BM_Enrich_RangeReference(benchmark::State& state) {
  const RangeTable ranges = LoadRanges();
  const auto& packets = Packets();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ranges.MatchReference(packets[i].src, true).range.data());
    if (++i == packets.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Enrich_RangeReference);

// Sources in the /16s the shipped catalog touches (the /16 bitmap lets
// them through to the search): a scanner-heavy log. Arg 0: flat layout;
// 1: per-length probes.
void BM_Enrich_RangeNearScanners(benchmark::State& state) {
  const RangeTable ranges = LoadRanges();
  std::vector<IpAddress> sources;
  std::mt19937 rng(18);
  for (std::uint32_t sixteen = 0; sixteen < 65536; ++sixteen) {
    const IpAddress probe = IpAddress::FromV4(sixteen << 16);
    // A /16 is touched when some address in it is named; sample a few.
    for (int k = 0; k < 64; ++k) {
      const IpAddress a = IpAddress::FromV4(sixteen << 16 | (static_cast<std::uint32_t>(rng()) & 0xffff));
      if (ranges.MatchReference(a, true).range != "other") {
        for (int j = 0; j < 8; ++j)
          sources.push_back(IpAddress::FromV4(sixteen << 16 | (static_cast<std::uint32_t>(rng()) & 0xffff)));
        sources.push_back(a);
        break;
      }
    }
    benchmark::DoNotOptimize(probe);
  }
  std::shuffle(sources.begin(), sources.end(), rng);
  const bool reference = state.range(0) == 1;
  std::size_t i = 0;
  for (auto _ : state) {
    const auto hit = reference ? ranges.MatchReference(sources[i], true) : ranges.Match(sources[i], true);
    benchmark::DoNotOptimize(hit.range.data());
    if (++i == sources.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Enrich_RangeNearScanners)->Arg(0)->Arg(1);

void BM_Enrich_Service(benchmark::State& state) {
  const ServiceRegistry services = LoadServices();
  const auto& packets = Packets();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(services.Lookup(packets[i].port, packets[i].proto));
    if (++i == packets.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Enrich_Service);

void BM_Enrich_Hour(benchmark::State& state) {
  HourOfDay hours(Tokyo());
  const auto& packets = Packets();
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(hours.At(packets[i].time));
    if (++i == packets.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Enrich_Hour);

void BM_Enrich_All(benchmark::State& state) {
  Enricher enricher(LoadRanges(), LoadServices(), LoadCountries(), Tokyo());
  const auto& packets = Packets();
  Event event;
  std::size_t i = 0;
  for (auto _ : state) {
    const Packet& p = packets[i];
    event.src_address = p.src;
    event.time = p.time;
    event.port_number = p.port;
    event.has_port = p.has_port;
    event.proto = p.proto;
    enricher.Enrich(event);
    benchmark::DoNotOptimize(event.country.data());
    if (++i == packets.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Enrich_All);

// ---- count -------------------------------------------------------------------

// Fully parsed and enriched events: the first 4096 matched lines (an Event is
// ~700 bytes; the pipeline reuses one, hot in cache, so the benchmark keeps
// its events few enough to stay in cache too).
const std::vector<Event>& Events() {
  static const std::vector<Event> events = [] {
    auto parser = Parser::Build("netfilter", nullptr);
    // Kept for good: the events' range and service are views of its tables.
    static Enricher enricher(LoadRanges(), LoadServices(), LoadCountries(), Tokyo());
    const TimeContext ctx = Context();
    std::vector<Event> out;
    Event event;
    for (const auto& text : Lines()) {
      LogLine line;
      line.text = text;
      line.receive_time = kNow;
      event.Clear();
      if (!parser->Parse(line, ctx, event).matched()) continue;
      event.input = "replay";
      enricher.Enrich(event);
      out.push_back(event);
      if (out.size() == 4096) break;
    }
    return out;
  }();
  return events;
}

void BM_Count_DefaultMetrics(benchmark::State& state) {
  prometheus::Registry registry;
  auto& overflow = prometheus::BuildCounter().Name("fwlog_series_overflow_total").Help("h").Register(registry);
  CounterSet counters(registry, DefaultMetrics(), overflow);
  const auto& events = Events();
  // Series exist for every event: the steady state. (The count benchmark's
  // series come from the first 4096 events; the whole file's distribution
  // is in BM_Pipeline_OnLine.)
  for (const auto& e : events) counters.Count(e);
  std::size_t i = 0;
  for (auto _ : state) {
    counters.Count(events[i]);
    if (++i == events.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Count_DefaultMetrics);

// What the value updates of one event cost (7 metrics: 5 counters, 2
// gauges): prometheus-cpp's Counter::Increment is a compare-and-swap loop on
// an atomic double; a single-writer counter (the pipeline thread) read by
// scrapes needs only a relaxed load and store of an integer.
void BM_CountPart_PrometheusIncrements(benchmark::State& state) {
  prometheus::Registry registry;
  auto& family = prometheus::BuildCounter().Name("c").Help("h").Register(registry);
  std::vector<prometheus::Counter*> counters;
  for (int k = 0; k < 7; ++k) counters.push_back(&family.Add({{"k", std::to_string(k)}}));
  for (auto _ : state) {
    for (auto* c : counters) c->Increment();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CountPart_PrometheusIncrements);

void BM_Proposal_SingleWriterIncrements(benchmark::State& state) {
  std::vector<std::atomic<std::uint64_t>> values(7);
  for (auto _ : state) {
    for (auto& v : values) v.store(v.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Proposal_SingleWriterIncrements);

// ---- expose ------------------------------------------------------------------

std::shared_ptr<prometheus::Registry> RegistryOf(int n) {
  auto registry = std::make_shared<prometheus::Registry>();
  auto& family = prometheus::BuildCounter()
                     .Name("fwlog_packets_by_port_total")
                     .Help("Logged packets by protocol, destination port and its IANA service name.")
                     .Register(*registry);
  for (int k = 0; k < n; ++k) {
    family.Add({{"proto", k % 2 ? "udp" : "tcp"}, {"port", std::to_string(k / 2 + 1)}, {"service", "unknown"}})
        .Increment(k);
  }
  return registry;
}

// /metrics text for a registry of `n` series (proto, port, service), as the
// HTTP handler and `replay` render it: Collect() and exporter/http's text
// format writer (RenderCollectables).
void BM_Serialize(benchmark::State& state) {
  const auto n = static_cast<int>(state.range(0));
  auto registry = RegistryOf(n);
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = RenderCollectables({registry});
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_Serialize)->Arg(1000)->Arg(10000)->Arg(50000)->Unit(benchmark::kMillisecond);

// The same through prometheus-cpp's TextSerializer (std::ostream,
// locale-aware number formatting), which RenderCollectables used before.
void BM_Serialize_PrometheusCppTextSerializer(benchmark::State& state) {
  const auto n = static_cast<int>(state.range(0));
  auto registry = RegistryOf(n);
  for (auto _ : state) {
    std::ostringstream out;
    prometheus::TextSerializer().Serialize(out, registry->Collect());
    const std::string text = out.str();
    benchmark::DoNotOptimize(text.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_Serialize_PrometheusCppTextSerializer)->Arg(1000)->Arg(10000)->Arg(50000)->Unit(benchmark::kMillisecond);

// The part of BM_Serialize that is prometheus-cpp's Collect() (copying every
// series into MetricFamily/ClientMetric objects).
void BM_SerializePart_Collect(benchmark::State& state) {
  const auto n = static_cast<int>(state.range(0));
  auto registry = RegistryOf(n);
  for (auto _ : state) benchmark::DoNotOptimize(registry->Collect());
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_SerializePart_Collect)->Arg(10000)->Unit(benchmark::kMillisecond);

// The part that is the writer alone (families collected once).
void BM_SerializePart_Write(benchmark::State& state) {
  const auto n = static_cast<int>(state.range(0));
  const auto families = RegistryOf(n)->Collect();
  for (auto _ : state) {
    std::string text;
    text.reserve(TextFormatSizeHint(families));
    AppendTextFormat(families, text);
    benchmark::DoNotOptimize(text.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_SerializePart_Write)->Arg(10000)->Unit(benchmark::kMillisecond);

// Gzip of the 10 k-series text at zlib level 1 (what /metrics uses when the
// client accepts gzip) and at cpp-httplib's level 6; "ratio" = text / gzip.
void BM_SerializePart_Gzip(benchmark::State& state) {
  const std::string text = RenderCollectables({RegistryOf(10000)});
  std::string gz;
  for (auto _ : state) {
    Gzip(text, static_cast<int>(state.range(0)), gz);
    benchmark::DoNotOptimize(gz.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
  state.counters["ratio"] = static_cast<double>(text.size()) / static_cast<double>(gz.size());
}
BENCHMARK(BM_SerializePart_Gzip)->Arg(1)->Arg(6)->Unit(benchmark::kMillisecond);

// ---- the whole pipeline ----------------------------------------------------------

std::unique_ptr<Pipeline> BuildPipeline(std::shared_ptr<prometheus::Registry> registry) {
  Config config = DefaultConfig();
  config.timezone = "Asia/Tokyo";
  InputSpec in;
  in.name = "replay";
  in.kind = InputKind::kStdin;
  in.format = "netfilter";
  config.inputs = {in};
  auto p = Pipeline::Build(config, std::move(registry), {{"bench", "bench"}, false});
  if (!p.ok()) {
    std::cerr << p.status() << "\n";
    std::abort();
  }
  return *std::move(p);
}

void BM_Pipeline_OnLine(benchmark::State& state) {
  auto pipeline = BuildPipeline(std::make_shared<prometheus::Registry>());
  const auto& lines = Lines();
  std::size_t i = 0;
  LogLine line;
  line.receive_time = kNow;
  for (auto _ : state) {
    line.text = lines[i];
    pipeline->OnLine(line);
    if (++i == lines.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Pipeline_OnLine);

}  // namespace
}  // namespace fwlog

BENCHMARK_MAIN();
