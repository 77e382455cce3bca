// ARCHITECTURE.md: "The hot path (one line) allocates nothing once series
// exist". This test holds the whole pipeline to it: Pipeline::OnLine (parse,
// enrich with the default ranges, services, libloc country database and
// hour, count into every default metric, self-metrics) on a warm stream of
// realistic lines, counting every call of the global operator new in this
// test binary.
//
// The stream has what the generated benchmark log has: RFC 3339 and RFC 3164
// envelopes, IPv4 and IPv6, ICMP errors quoting an inner packet, GRE, NICT's
// survey addresses, private sources, noise lines (unmatched), masked
// addresses and missing ports (invalid), and more distinct ports than the
// port metrics keep (so their overflow series are exercised too).
#include <prometheus/registry.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "app/pipeline.h"
#include "gtest/gtest.h"
#include "support/allocation_counter.h"

namespace fwlog {
namespace {

std::vector<std::string> Stream() {
  std::mt19937 rng(20181114);
  auto pick = [&rng](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const char* nict[] = {"210.150.186.238", "122.1.4.87", "122.1.4.88", "150.249.227.170"};
  std::vector<std::string> lines;
  char buf[600];
  for (int i = 0; i < 12000; ++i) {
    const int minute = i / 40;
    char stamp[80];
    if (i % 4 == 0) {
      std::snprintf(stamp, sizeof stamp, "Nov 14 %02d:%02d:%02d kernel:", (minute / 60) % 24, minute % 60, i % 60);
    } else {
      std::snprintf(stamp, sizeof stamp, "2018-11-14T%02d:%02d:%02d+09:00 router.asus.com kernel:", (minute / 60) % 24,
                    minute % 60, i % 60);
    }
    char src[64];
    const int kind = pick(100);
    if (kind < 5) {
      std::snprintf(src, sizeof src, "%s", nict[pick(4)]);
    } else if (kind < 8) {
      std::snprintf(src, sizeof src, "192.168.1.%d", 2 + pick(250));
    } else if (kind < 11) {
      std::snprintf(src, sizeof src, "2001:470:%x:%x::%x", pick(65536), pick(65536), 1 + pick(65535));
    } else {
      std::snprintf(src, sizeof src, "%d.%d.%d.%d", 1 + pick(222), pick(256), pick(256), 1 + pick(254));
    }
    const int port = i % 3 == 0 ? 1 + pick(65535) : (i % 3 == 1 ? 23 : 22);
    const int what = pick(100);
    if (what < 4) {
      std::snprintf(buf, sizeof buf, "%.20s dnsmasq-dhcp[412]: DHCPACK(br0) 192.168.1.%d aa:bb:cc:dd:ee:ff phone",
                    stamp, pick(250));
    } else if (what < 5) {
      std::snprintf(buf, sizeof buf,
                    "%s DROP IN=ppp0 OUT= MAC= SRC=X.X.X.X DST=203.0.113.7 LEN=40 PROTO=TCP SPT=1 DPT=23 SYN ", stamp);
    } else if (what < 6) {
      std::snprintf(buf, sizeof buf, "%s DROP IN=ppp0 OUT= MAC= SRC=%s DST=203.0.113.7 LEN=40 PROTO=TCP SPT=1 SYN ",
                    stamp, src);
    } else if (what < 70) {
      std::snprintf(buf, sizeof buf,
                    "%s DROP IN=ppp0 OUT= MAC= SRC=%s DST=203.0.113.7 LEN=40 TOS=0x00 PREC=0x00 TTL=%d ID=%d "
                    "PROTO=TCP SPT=%d DPT=%d SEQ=%u ACK=0 WINDOW=1024 RES=0x00 SYN URGP=0 ",
                    stamp, src, 40 + pick(200), pick(65536), 1024 + pick(60000), port, static_cast<unsigned>(rng()));
    } else if (what < 88) {
      std::snprintf(buf, sizeof buf,
                    "%s %s IN=ppp0 OUT= MAC= SRC=%s DST=203.0.113.7 LEN=68 TTL=50 ID=1 DF PROTO=UDP SPT=%d DPT=%d "
                    "LEN=48 ",
                    stamp, what < 80 ? "DROP" : "ACCEPT", src, 1024 + pick(60000), port);
    } else if (what < 95) {
      std::snprintf(buf, sizeof buf,
                    "%s REJECT IN=ppp0 OUT= MAC= SRC=%s DST=203.0.113.7 LEN=96 PROTO=ICMP TYPE=3 CODE=3 "
                    "[SRC=203.0.113.7 DST=%s LEN=68 PROTO=UDP SPT=%d DPT=%d LEN=48 ] ",
                    stamp, src, src, 1024 + pick(60000), port);
    } else {
      std::snprintf(buf, sizeof buf, "%s DROP IN=ppp0 OUT= MAC= SRC=%s DST=203.0.113.7 LEN=64 TTL=50 PROTO=47 ", stamp,
                    src);
    }
    lines.emplace_back(buf);
  }
  return lines;
}

// Scan detection (exporter/detect/, on by default) sizes its source table
// once and reuses a slot, with its capacity, for each newly tracked source;
// a slot is created (and its small lists sized) only the first time it is
// used, at most max_sources times in the process's life. The test caps the
// table below the stream's number of sources, so the warm-up fills every
// slot and the measured passes run the steady state of a busy router:
// eviction of the least recently seen source and reuse of its slot.
//
// `batched`: lines go through Pipeline::OnLines in batches, as the file
// readers deliver them, rather than one by one through OnLine.
void RunWarm(bool scan_detection, bool batched, long& allocated, bool& port_overflowed) {
  Config config = DefaultConfig();
  config.scan_detection.enabled = scan_detection;
  config.scan_detection.max_sources = 1000;
  config.timezone = "Asia/Tokyo";
  InputSpec in;
  in.name = "replay";
  in.kind = InputKind::kStdin;
  in.format = "netfilter";
  config.inputs = {in};
  auto registry = std::make_shared<prometheus::Registry>();
  auto pipeline = Pipeline::Build(config, registry, {{"test", "test"}, false});
  ASSERT_TRUE(pipeline.ok()) << pipeline.status();
  const std::vector<std::string> lines = Stream();

  std::vector<LogLine> log_lines(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    log_lines[i].text = lines[i];
    log_lines[i].receive_time = 1543000000;
  }
  const auto feed = [&] {
    if (!batched) {
      for (const auto& line : log_lines) (*pipeline)->OnLine(line);
      return;
    }
    for (std::size_t at = 0; at < log_lines.size(); at += Pipeline::kBatch)
      (*pipeline)->OnLines(
          std::span<const LogLine>(log_lines).subspan(at, std::min(Pipeline::kBatch, log_lines.size() - at)));
  };
  // Warm-up: every series is created, the port metrics overflow, strings
  // reach their longest values, the country caches fill.
  feed();
  const auto before = static_cast<long>(testing::AllocationCount());
  for (int pass = 0; pass < 3; ++pass) feed();
  allocated = static_cast<long>(testing::AllocationCount()) - before;

  // The stream did exercise what it claims to.
  const auto snapshot = (*pipeline)->counters().Snapshot();
  port_overflowed = false;
  for (const auto& metric : snapshot) {
    if (metric.metric != "fwlog_packets_by_port_total") continue;
    for (const auto& sample : metric.samples)
      if (!sample.labels.empty() && sample.labels[0].second == "other" && sample.value > 0) port_overflowed = true;
  }
}

TEST(PipelineAllocationTest, WarmPipelineAllocatesNothingPerLine) {
  long allocated = -1;
  bool port_overflowed = false;
  RunWarm(/*scan_detection=*/false, /*batched=*/false, allocated, port_overflowed);
  EXPECT_EQ(allocated, 0) << "over 36 000 warm lines";
  EXPECT_TRUE(port_overflowed) << "the stream should overflow fwlog_packets_by_port_total";
}

TEST(PipelineAllocationTest, WithScanDetectionAllocatesNothingPerLine) {
  long allocated = -1;
  bool port_overflowed = false;
  RunWarm(/*scan_detection=*/true, /*batched=*/false, allocated, port_overflowed);
  EXPECT_EQ(allocated, 0) << "over 36 000 warm lines, scan detection on";
}

TEST(PipelineAllocationTest, InBatchesAllocatesNothingPerLine) {
  long allocated = -1;
  bool port_overflowed = false;
  RunWarm(/*scan_detection=*/true, /*batched=*/true, allocated, port_overflowed);
  EXPECT_EQ(allocated, 0) << "over 36 000 warm lines in batches, scan detection on";
  EXPECT_TRUE(port_overflowed) << "the stream should overflow fwlog_packets_by_port_total";
}

}  // namespace
}  // namespace fwlog
