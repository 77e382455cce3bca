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

}  // namespace
}  // namespace fwlog
