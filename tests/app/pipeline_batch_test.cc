// Pipeline::OnLines parses a batch of lines ahead of enriching and counting
// them: these tests hold it to the results of one line at a time (OnLine, a
// batch of one), on every preset's fixture lines mixed with junk, in batches
// of every size.
#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "app/pipeline.h"
#include "support/registry_values.h"

namespace fwlog {
namespace {

struct Line {
  std::string text;
  bool cut = false;
};

// Every fixture log's lines (all presets, several envelopes), junk that must
// be counted as invalid or unmatched, and repeats, shuffled; then a scanner.
std::vector<Line> MixedLines() {
  std::vector<Line> lines;
  for (const char* name :
       {"asus.log",        "edgeos.log",      "firewalld.log", "generic-iptables.log", "journald.log",
        "mikrotik-v6.log", "mikrotik-v7.log", "mixed.log",     "nftables.log",         "openwrt.log",
        "pf-opnsense.log", "pf-pfsense.log",  "proxmox.log",   "synology.log",         "ufw.log",
        "fortigate.log",   "sophos-utm.log",  "sophos-xg.log", "sonicwall.log",        "checkpoint.log",
        "juniper-srx.log"}) {
    std::ifstream in(std::string(FWLOG_CONFIG_DIR) + "/../tests/fixtures/logs/" + name);
    EXPECT_TRUE(in) << name;
    for (std::string text; std::getline(in, text);) lines.push_back({text});
  }
  EXPECT_GT(lines.size(), 100u);
  lines.push_back({std::string("\x01\x02\x7f binary", 10)});
  lines.push_back({""});
  lines.push_back(
      {"2018-11-16T00:12:34+09:00 router kernel: DROP IN=ppp0 OUT= SRC=999.1.1.1 DST=203.0.113.7 PROTO=TCP "
       "SPT=1 DPT=22"});
  lines.push_back(
      {"2018-11-16T00:12:34+09:00 router kernel: DROP IN=ppp0 OUT= SRC=1.2.3.4 DST=203.0.113.7 PROTO=TCP "
       "SPT=1 DPT=70000"});
  lines.push_back({"2018-11-16T00:12:34+09:00 router kernel: DROP IN=ppp0 OUT= SRC=1.2.3.4 DST=2", true});
  const std::size_t n = lines.size();
  for (std::size_t i = 0; i < n; i += 7) lines.push_back(lines[i]);  // repeats, for deduplication
  std::mt19937 rng(7);
  std::vector<Line> out;
  for (int round = 0; round < 3; ++round) {
    std::shuffle(lines.begin(), lines.end(), rng);
    out.insert(out.end(), lines.begin(), lines.end());
    for (int port = 20; port < 30; ++port)  // a scanner, within one window
      out.push_back({"2030-01-0" + std::to_string(round + 1) +
                     "T00:00:00+09:00 router kernel: DROP IN=ppp0 OUT= MAC= SRC=198.51.100.9 DST=203.0.113.7 LEN=40 "
                     "PROTO=TCP SPT=4000 DPT=" +
                     std::to_string(port)});
  }
  return out;
}

std::unique_ptr<Pipeline> Build(const std::shared_ptr<prometheus::Registry>& registry, bool deduplicate) {
  Config config = DefaultConfig();
  config.timezone = "Asia/Tokyo";
  config.deduplicate.enabled = deduplicate;
  config.scan_detection.ports = 3;  // so that the fixtures' sources become scanners
  config.scan_detection.max_sources = 50;
  InputSpec in;
  in.name = "mixed";
  in.kind = InputKind::kStdin;
  in.format = "auto";
  config.inputs = {in};
  auto built = Pipeline::Build(config, registry, {{"test", "test"}, false});
  EXPECT_TRUE(built.ok()) << built.status();
  return built.ok() ? std::move(*built) : nullptr;
}

std::vector<LogLine> AsLogLines(const std::vector<Line>& lines) {
  std::vector<LogLine> out;
  for (const auto& l : lines) {
    LogLine line;
    line.text = l.text;
    line.receive_time = 1542294754;
    line.cut = l.cut;
    out.push_back(line);
  }
  return out;
}

std::map<std::string, double> LineByLine(const std::vector<LogLine>& lines, bool deduplicate) {
  auto registry = std::make_shared<prometheus::Registry>();
  auto pipeline = Build(registry, deduplicate);
  if (!pipeline) return {};
  for (const auto& line : lines) pipeline->OnLine(line);
  pipeline->Flush();
  return testing::RegistryValues(*registry);
}

std::map<std::string, double> InBatches(const std::vector<LogLine>& lines, bool deduplicate, std::size_t batch) {
  auto registry = std::make_shared<prometheus::Registry>();
  auto pipeline = Build(registry, deduplicate);
  if (!pipeline) return {};
  std::span<const LogLine> rest(lines);
  while (!rest.empty()) {
    const std::size_t n = std::min(batch, rest.size());
    pipeline->OnLines(rest.first(n));
    rest = rest.subspan(n);
  }
  pipeline->Flush();
  return testing::RegistryValues(*registry);
}

// The sum of the series whose name starts with `prefix`.
double Sum(const std::map<std::string, double>& values, const std::string& prefix) {
  double sum = 0;
  for (const auto& [key, value] : values)
    if (key.starts_with(prefix)) sum += value;
  return sum;
}

TEST(PipelineBatchTest, BatchesOfAnySizeCountWhatLineByLineCounts) {
  const auto texts = MixedLines();
  const auto lines = AsLogLines(texts);
  const auto expected = LineByLine(lines, false);
  // The mix exercises what it claims to.
  ASSERT_GT(Sum(expected, "fwlog_packets_total{"), 100);
  ASSERT_GT(Sum(expected, "fwlog_lines_unmatched_total{"), 0);
  ASSERT_GT(Sum(expected, "fwlog_lines_invalid_total{input=mixed,reason=binary,}"), 0);
  ASSERT_GT(Sum(expected, "fwlog_lines_invalid_total{input=mixed,reason=too_long,}"), 0);
  ASSERT_GT(Sum(expected, "fwlog_scanners_detected_total{"), 0);
  ASSERT_GT(Sum(expected, "fwlog_scan_sources_evicted_total{"), 0);
  for (std::size_t batch : {std::size_t{1}, std::size_t{2}, std::size_t{5}, Pipeline::kBatch - 1, Pipeline::kBatch,
                            Pipeline::kBatch + 1, std::size_t{37}, lines.size()}) {
    EXPECT_EQ(InBatches(lines, false, batch), expected) << "batches of " << batch;
  }
}

TEST(PipelineBatchTest, WithDeduplicationBatchesCountWhatLineByLineCounts) {
  const auto texts = MixedLines();
  const auto lines = AsLogLines(texts);
  const auto expected = LineByLine(lines, true);
  ASSERT_GT(Sum(expected, "fwlog_lines_duplicate_total{"), 0);
  for (std::size_t batch : {std::size_t{3}, Pipeline::kBatch, std::size_t{50}})
    EXPECT_EQ(InBatches(lines, true, batch), expected) << "batches of " << batch;
}

}  // namespace
}  // namespace fwlog
