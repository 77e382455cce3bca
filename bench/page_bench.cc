// The page at `/` and /api/summary with a full history and a large registry
// (issue 17: "served in under 20 ms median with 10 000 series and 400 days
// of history; the history costs at most 8 MiB"): every history series made
// (64 ranges, 1 000 ports, 300 countries) and counted on each of 400 days,
// and a registry of 10 000 fwlog_packets_by_port_total series.
//
//   BM_SummaryMake    SummarySource::Make() alone (history read, registry walk)
//   BM_PageRender     Make() and RenderSummaryPage()
//   BM_JsonRender     Make() and RenderSummaryJson()
//   BM_PageServed     GET / from a MetricsServer on 127.0.0.1 (cpp-httplib
//                     client, keep-alive), wall time
//
// The counters give history_bytes (EventHistory::MemoryBytes) and page_bytes.
// docs/page.md has the figures.
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <prometheus/counter.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>

#include "app/summary_source.h"
#include "config/config.h"
#include "http/metrics_server.h"
#include "http/summary.h"
#include "metrics/event_history.h"

namespace fwlog {
namespace {

constexpr int kDays = 400;
constexpr int kSeries = 10000;

struct Fixture {
  std::shared_ptr<EventHistory> history = std::make_shared<EventHistory>();
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  std::unique_ptr<SummarySource> source;

  Fixture() {
    EventHistory& h = *history;
    const int tcp = h.ProtocolId("tcp");
    std::vector<int> ranges, ports, countries;
    const auto limits = h.limits();
    for (std::size_t i = 0; i < limits.ranges; ++i) ranges.push_back(h.RangeSeries("range-" + std::to_string(i)));
    for (std::size_t i = 0; i < limits.ports; ++i)
      ports.push_back(h.PortSeries(tcp, true, static_cast<std::uint16_t>(i + 1), "service-" + std::to_string(i)));
    for (std::size_t i = 0; i < limits.countries; ++i) {
      const std::string code{static_cast<char>('A' + i / 26), static_cast<char>('A' + i % 26)};
      countries.push_back(h.CountrySeries(code));
    }
    // From day 17800 (2018-09-26) on: every series counted on each day, in
    // one of its hours, so every day bucket of every series is non-zero.
    const std::int64_t first_hour = std::int64_t{17800} * 24;
    for (int day = 0; day < kDays; ++day) {
      for (std::size_t i = 0; i < ports.size(); ++i) {
        const std::int64_t hour = first_hour + day * 24 + static_cast<std::int64_t>(i % 24);
        const std::size_t r = i % ranges.size();
        h.Count(hour * 3600, hour, 0, ranges[r], ports[i], countries[i % countries.size()],
                EventHistory::PortKey(tcp, true, static_cast<std::uint16_t>(r + 1)), "service");
      }
    }
    auto& family = prometheus::BuildCounter().Name("fwlog_packets_by_port_total").Help("x").Register(*registry);
    for (int i = 0; i < kSeries; ++i)
      family.Add({{"proto", "tcp"}, {"port", std::to_string(i)}, {"service", "s"}}).Increment(i);
    Config config;
    InputSpec input;
    input.name = "router";
    input.path = "/var/log/router.log";
    config.inputs.push_back(input);
    source = std::make_unique<SummarySource>(history, "/metrics");
    source->Use(config, absl::UTCTimeZone(), registry);
  }
};

Fixture& Shared() {
  static Fixture* fixture = new Fixture();  // built once for every benchmark
  return *fixture;
}

void Counters(benchmark::State& state, std::size_t bytes) {
  state.counters["history_bytes"] = static_cast<double>(Shared().history->MemoryBytes());
  state.counters["body_bytes"] = static_cast<double>(bytes);
}

void BM_SummaryMake(benchmark::State& state) {
  Fixture& f = Shared();
  std::size_t days = 0;
  for (auto _ : state) {
    Summary s = f.source->Make();
    days = s.days.size();
    benchmark::DoNotOptimize(s);
  }
  state.counters["days"] = static_cast<double>(days);
  Counters(state, 0);
}
BENCHMARK(BM_SummaryMake)->Unit(benchmark::kMillisecond);

void BM_PageRender(benchmark::State& state) {
  Fixture& f = Shared();
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string page = RenderSummaryPage(f.source->Make());
    bytes = page.size();
    benchmark::DoNotOptimize(page);
  }
  Counters(state, bytes);
}
BENCHMARK(BM_PageRender)->Unit(benchmark::kMillisecond);

void BM_JsonRender(benchmark::State& state) {
  Fixture& f = Shared();
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string json = RenderSummaryJson(f.source->Make());
    bytes = json.size();
    benchmark::DoNotOptimize(json);
  }
  Counters(state, bytes);
}
BENCHMARK(BM_JsonRender)->Unit(benchmark::kMillisecond);

void BM_PageServed(benchmark::State& state) {
  Fixture& f = Shared();
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  MetricsServer server(options, {f.registry});
  server.SetSummarySource([&f] { return f.source->Make(); });
  if (!server.Start().ok()) {
    state.SkipWithError("cannot start the server");
    return;
  }
  httplib::Client client("127.0.0.1", server.port());
  client.set_keep_alive(true);
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto res = client.Get("/");
    if (!res || res->status != 200) {
      state.SkipWithError("GET / failed");
      break;
    }
    bytes = res->body.size();
  }
  server.Stop();
  Counters(state, bytes);
}
BENCHMARK(BM_PageServed)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace fwlog
