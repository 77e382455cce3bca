// The exporter's own registry, as `serve` builds it (the default metrics,
// self-metrics, process_* metrics) after the bundled sample log, rendered by
// RenderCollectables and checked by `promtool check metrics` (Prometheus's
// own parser and linter). Skipped when promtool is not installed.
#include <gtest/gtest.h>
#include <prometheus/registry.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "app/pipeline.h"
#include "config/config.h"
#include "http/metrics_server.h"
#include "metrics/process_collector.h"

namespace fwlog {
namespace {

bool HavePromtool() { return std::system("command -v promtool > /dev/null 2>&1") == 0; }

TEST(ExpositionPromtoolTest, PromtoolAcceptsTheExportersMetrics) {
  if (!HavePromtool()) GTEST_SKIP() << "promtool is not installed (Debian package prometheus)";

  Config config = DefaultConfig();
  config.timezone = "Asia/Tokyo";
  InputSpec in;
  in.name = "sample \"router\"";  // a label value that needs escapes
  in.kind = InputKind::kStdin;
  in.format = "netfilter";
  config.inputs = {in};
  auto registry = std::make_shared<prometheus::Registry>();
  auto pipeline = Pipeline::Build(config, registry, {{"0.1.0", "c:\\build\nrev"}, false});
  ASSERT_TRUE(pipeline.ok()) << pipeline.status();
  std::ifstream log(std::string(FWLOG_CONFIG_DIR) + "/sample/router.log");
  ASSERT_TRUE(log);
  int lines = 0;
  for (std::string text; std::getline(log, text); ++lines) {
    LogLine line;
    line.text = text;
    line.receive_time = 1543000000;
    (*pipeline)->OnLine(line);
  }
  ASSERT_GT(lines, 100);

  const std::string text = RenderCollectables({registry, std::make_shared<ProcessCollector>()});
  ASSERT_NE(text.find("fwlog_packets_total{"), std::string::npos) << text;
  ASSERT_NE(text.find("process_cpu_seconds_total"), std::string::npos) << text;
  ASSERT_NE(text.find("input=\"sample \\\"router\\\"\""), std::string::npos) << text;

  char path[] = "/tmp/fwlog_exposition_XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  close(fd);
  const std::string report = std::string(path) + ".out";
  const int status = std::system(("promtool check metrics < " + std::string(path) + " > " + report + " 2>&1").c_str());
  std::stringstream out;
  out << std::ifstream(report).rdbuf();
  std::remove(path);
  std::remove(report.c_str());
  EXPECT_EQ(status, 0) << out.str() << "\n--- rendered:\n" << text;
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace fwlog
