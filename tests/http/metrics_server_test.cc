// MetricsServer under concurrency (also run under ThreadSanitizer): scrapes
// on the server's threads while another thread counts and a third swaps the
// served registry, as a reload does.
#include "http/metrics_server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <prometheus/counter.h>
#include <prometheus/registry.h>

#include <atomic>
#include <thread>
#include <vector>

namespace fwlog {
namespace {

TEST(MetricsServerTest, ScrapesWhileCountingAndSwappingRegistries) {
  auto registry = std::make_shared<prometheus::Registry>();
  auto& counter = prometheus::BuildCounter().Name("t_total").Help("t").Register(*registry).Add({{"k", "v"}});
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  MetricsServer server(options, {registry});
  ASSERT_TRUE(server.Start().ok());

  std::atomic<bool> done{false};
  std::thread counting([&] {
    while (!done) counter.Increment();
  });
  std::thread swapping([&] {
    for (int i = 0; i < 50 && !done; ++i) {
      auto next = std::make_shared<prometheus::Registry>();
      prometheus::BuildCounter().Name("t_total").Help("t").Register(*next).Add({{"k", "v"}}).Increment(i);
      server.SetCollectables({i % 2 ? next : registry});
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  std::vector<std::thread> scrapers;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t)
    scrapers.emplace_back([&] {
      httplib::Client client("127.0.0.1", server.port());
      for (int i = 0; i < 25; ++i) {
        auto res = client.Get("/metrics");
        if (res && res->status == 200 && res->body.find("t_total{k=\"v\"}") != std::string::npos) ++ok;
      }
    });
  for (auto& t : scrapers) t.join();
  done = true;
  counting.join();
  swapping.join();
  server.Stop();
  EXPECT_EQ(ok.load(), 100);
}

TEST(MetricsServerTest, ReloadEndpointAnswersTheHandlersError) {
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  MetricsServer server(options, {std::make_shared<prometheus::Registry>()});
  server.SetReloadHandler([] { return std::string("cfg.yml:3:5: unknown key \"x\""); });
  ASSERT_TRUE(server.Start().ok());
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Post("/-/reload");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500);
  EXPECT_EQ(res->body, "cfg.yml:3:5: unknown key \"x\"\n");
  EXPECT_EQ(client.Get("/-/reload")->status, 404);  // only POST reloads
}

TEST(MetricsServerTest, GzipsMetricsOnlyForClientsThatAcceptIt) {
  auto registry = std::make_shared<prometheus::Registry>();
  auto& family = prometheus::BuildCounter().Name("t_total").Help("t").Register(*registry);
  for (int i = 0; i < 2000; ++i) family.Add({{"k", std::to_string(i)}}).Increment(i);
  ServerOptions options;
  options.listen_address = "127.0.0.1:0";
  MetricsServer server(options, {registry});
  ASSERT_TRUE(server.Start().ok());
  const std::string text = server.Render();
  httplib::Client client("127.0.0.1", server.port());
  client.set_decompress(false);

  // Prometheus, a browser, curl --compressed: gzip (never brotli).
  for (const char* accept : {"gzip", "gzip, deflate, br", "br;q=1, gzip;q=0.5"}) {
    auto res = client.Get("/metrics", {{"Accept-Encoding", accept}});
    ASSERT_TRUE(res) << accept;
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip") << accept;
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
    EXPECT_LT(res->body.size(), text.size() / 3);
    EXPECT_EQ(std::stoul(res->get_header_value("Content-Length")), res->body.size());
  }
  // Decompressed by cpp-httplib's client, the same text.
  httplib::Client decompressing("127.0.0.1", server.port());
  auto gzipped = decompressing.Get("/metrics", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(gzipped);
  EXPECT_EQ(gzipped->body.substr(0, 100), text.substr(0, 100));
  EXPECT_EQ(gzipped->body.size(), text.size());

  // Identity otherwise, brotli included.
  for (const char* accept : {"", "identity", "br", "gzip;q=0"}) {
    auto res = client.Get("/metrics", {{"Accept-Encoding", accept}});
    ASSERT_TRUE(res) << accept;
    EXPECT_FALSE(res->has_header("Content-Encoding")) << accept << ": " << res->get_header_value("Content-Encoding");
    EXPECT_EQ(res->body.size(), text.size()) << accept;
    EXPECT_EQ(res->body.substr(0, 100), text.substr(0, 100)) << accept;
  }
  // An empty registry: an empty body.
  server.SetCollectables({std::make_shared<prometheus::Registry>()});
  auto empty = client.Get("/metrics", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 200);
  EXPECT_EQ(empty->body, "");
}

}  // namespace
}  // namespace fwlog
