// The pipeline gathers counts in plain tallies and publishes them to the
// Registry in batches: these tests pin down when a scrape sees a line.
#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <map>
#include <string>

#include "app/pipeline.h"
#include "support/registry_values.h"

namespace fwlog {
namespace {

class PipelinePublishTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Config config = DefaultConfig();
    config.timezone = "Asia/Tokyo";
    config.country_database.clear();
    InputSpec in;
    in.name = "router";
    in.kind = InputKind::kStdin;
    in.format = "netfilter";
    config.inputs = {in};
    auto built = Pipeline::Build(config, registry_, {{"test", "test"}, false});
    ASSERT_TRUE(built.ok()) << built.status();
    pipeline_ = std::move(*built);
  }
  void Feed(int lines, int port = 22) {
    LogLine line;
    line.receive_time = 1542294754;
    const std::string text =
        "2018-11-16T00:12:34+09:00 router.asus.com kernel: DROP IN=ppp0 OUT= MAC= "
        "SRC=210.150.186.238 DST=203.0.113.7 LEN=40 PROTO=TCP SPT=44321 DPT=" +
        std::to_string(port) + " SYN URGP=0";
    line.text = text;
    for (int i = 0; i < lines; ++i) pipeline_->OnLine(line);
  }
  double Value(const std::string& key) const {
    const auto all = testing::RegistryValues(*registry_);
    const auto it = all.find(key);
    return it == all.end() ? -1 : it->second;
  }

  std::shared_ptr<prometheus::Registry> registry_ = std::make_shared<prometheus::Registry>();
  std::unique_ptr<Pipeline> pipeline_;
};

constexpr const char* kSsh = "fwlog_packets_by_port_total{port=22,proto=tcp,router=router,service=ssh,}";
constexpr const char* kLines = "fwlog_input_lines_total{input=router,}";

TEST_F(PipelinePublishTest, LinesBecomeVisibleWhenTheInputsFlush) {
  Feed(3);
  EXPECT_EQ(Value(kLines), 0);
  pipeline_->Flush();
  EXPECT_EQ(Value(kLines), 3);
  EXPECT_EQ(Value(kSsh), 3);
  EXPECT_EQ(Value("fwlog_range_packets_total{port=22,proto=tcp,range=nict-notice,router=router,service=ssh,}"), 3);
  EXPECT_EQ(Value("fwlog_last_event_timestamp_seconds{input=router,}"), 1542294754);
  Feed(2);
  pipeline_->Flush();
  EXPECT_EQ(Value(kSsh), 5);
  pipeline_->Flush();  // nothing new: nothing changes
  EXPECT_EQ(Value(kSsh), 5);
}

TEST_F(PipelinePublishTest, ALongCatchUpIsPublishedAsItGoes) {
  Feed(Pipeline::kPublishEvery - 1);
  EXPECT_EQ(Value(kLines), 0);
  Feed(1);  // the batch is full: published without waiting for the input
  EXPECT_EQ(Value(kLines), Pipeline::kPublishEvery);
  EXPECT_EQ(Value(kSsh), Pipeline::kPublishEvery);
  Feed(Pipeline::kPublishEvery + 10);
  EXPECT_EQ(Value(kLines), 2 * Pipeline::kPublishEvery);
  pipeline_->Flush();
  EXPECT_EQ(Value(kLines), 2 * Pipeline::kPublishEvery + 10);
}

TEST_F(PipelinePublishTest, OverflowIsPublishedWithTheCounts) {
  // fwlog_packets_by_port_total keeps 2000 series; 2100 distinct ports overflow.
  for (int port = 1; port <= 2100; ++port) Feed(2, port);
  pipeline_->Flush();
  EXPECT_EQ(Value("fwlog_packets_by_port_total{overflow=true,port=other,proto=other,router=router,service=other,}"),
            200);
  EXPECT_EQ(Value("fwlog_series_overflow_total{metric=fwlog_packets_by_port_total,}"), 200);
  EXPECT_EQ(Value(kLines), 4200);
}

}  // namespace
}  // namespace fwlog
