#include "state/state_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

namespace fwlog {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "fwlog-state-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Spit(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

StateSnapshot Sample() {
  StateSnapshot s;
  s.written_at = 1731700000;
  s.files.push_back({"router", "/var/log/router/fw.log", 2049, 1234567, 0xfedcba9876543210ULL, 1024, 987654321});
  s.files.push_back({"pipe \"x\"", "", 0, 0, 0, 0, 0});
  s.files.push_back({"router", "/var/log/router/fw.log.1", 2049, 1234568, 0x1ULL, 1024, 4096, /*closed=*/true});
  MetricCheckpoint m{"fwlog_packets_total", "counter;action,proto,range", {}};
  m.samples.push_back({"fwlog_packets_total", {{"action", "drop"}, {"proto", "tcp"}, {"range", "nict-notice"}}, 12});
  m.samples.push_back({"fwlog_packets_total", {{"action", ""}, {"proto", "udp"}, {"range", "other"}}, 0.1});
  s.metrics.push_back(m);
  s.metrics.push_back(MetricCheckpoint{"fwlog_empty", "", {}});
  return s;
}

HistoryCheckpoint SampleHistory() {
  HistoryCheckpoint h;
  h.newest_hour = 429000;
  h.future_packets = 3;
  HistorySeriesCheckpoint total{"total", "", "", 1542121919, 1542600000, 428990, {3, 0, 1}, 17874, {5, 12}, {}};
  HistorySeriesCheckpoint range{"range", "nict \"notice\"", "", 1542121919, 1542600000, 428999, {1}, 17875, {1}, {}};
  range.ports.push_back({"tcp/23", "telnet", 4});
  range.ports.push_back({"other", "", 9});
  HistorySeriesCheckpoint port{"port", "tcp/23", "telnet", 0, 0, 0, {}, 17874, {0, 0, 7}, {}};
  h.series = {total, range, port};
  return h;
}

void ExpectEqual(const StateSnapshot& a, const StateSnapshot& b) {
  EXPECT_EQ(a.written_at, b.written_at);
  ASSERT_EQ(a.files.size(), b.files.size());
  for (std::size_t i = 0; i < a.files.size(); ++i) {
    EXPECT_EQ(a.files[i].input, b.files[i].input);
    EXPECT_EQ(a.files[i].path, b.files[i].path);
    EXPECT_EQ(a.files[i].device, b.files[i].device);
    EXPECT_EQ(a.files[i].inode, b.files[i].inode);
    EXPECT_EQ(a.files[i].fingerprint, b.files[i].fingerprint);
    EXPECT_EQ(a.files[i].fingerprint_length, b.files[i].fingerprint_length);
    EXPECT_EQ(a.files[i].offset, b.files[i].offset);
    EXPECT_EQ(a.files[i].closed, b.files[i].closed);
  }
  ASSERT_EQ(a.metrics.size(), b.metrics.size());
  for (std::size_t i = 0; i < a.metrics.size(); ++i) {
    EXPECT_EQ(a.metrics[i].metric, b.metrics[i].metric);
    EXPECT_EQ(a.metrics[i].definition, b.metrics[i].definition);
    ASSERT_EQ(a.metrics[i].samples.size(), b.metrics[i].samples.size());
    for (std::size_t j = 0; j < a.metrics[i].samples.size(); ++j) {
      const auto& x = a.metrics[i].samples[j];
      const auto& y = b.metrics[i].samples[j];
      EXPECT_EQ(x.labels, y.labels);
      if (std::isnan(x.value)) {
        EXPECT_TRUE(std::isnan(y.value));
      } else {
        EXPECT_EQ(std::memcmp(&x.value, &y.value, sizeof x.value), 0) << x.value << " vs " << y.value;
      }
    }
  }
}

TEST(StateFileTest, RoundTripsEveryField) {
  const auto text = FormatState(Sample());
  EXPECT_TRUE(text.starts_with("fwlog-state 1\n"));
  auto parsed = ParseStateText(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ExpectEqual(Sample(), *parsed);
}

TEST(StateFileTest, HistoryRoundTripsEveryField) {
  StateSnapshot snapshot = Sample();
  snapshot.history = SampleHistory();
  const auto text = FormatState(snapshot);
  EXPECT_NE(text.find(" hours=3,,1"), std::string::npos) << text;  // a zero written as nothing
  auto parsed = ParseStateText(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ExpectEqual(snapshot, *parsed);
  const HistoryCheckpoint& want = snapshot.history;
  const HistoryCheckpoint& got = parsed->history;
  EXPECT_EQ(got.newest_hour, want.newest_hour);
  EXPECT_EQ(got.future_packets, want.future_packets);
  ASSERT_EQ(got.series.size(), want.series.size());
  for (std::size_t i = 0; i < want.series.size(); ++i) {
    const auto& a = want.series[i];
    const auto& b = got.series[i];
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.key, b.key);
    EXPECT_EQ(a.service, b.service);
    EXPECT_EQ(a.first_seen, b.first_seen);
    EXPECT_EQ(a.last_seen, b.last_seen);
    EXPECT_EQ(a.hours, b.hours);
    EXPECT_EQ(a.days, b.days);
    if (!a.hours.empty()) {
      EXPECT_EQ(a.first_hour, b.first_hour);
    }
    EXPECT_EQ(a.first_day, b.first_day);
    ASSERT_EQ(a.ports.size(), b.ports.size());
    for (std::size_t j = 0; j < a.ports.size(); ++j) {
      EXPECT_EQ(a.ports[j].key, b.ports[j].key);
      EXPECT_EQ(a.ports[j].service, b.ports[j].service);
      EXPECT_EQ(a.ports[j].packets, b.ports[j].packets);
    }
  }
}

TEST(StateFileTest, FileWithoutHistoryLoadsAnEmptyHistory) {
  auto parsed = ParseStateText(FormatState(Sample()));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->history.series.empty());
  EXPECT_EQ(parsed->history.future_packets, 0u);
}

TEST(StateFileTest, HistoryDestinationBeforeAnySeriesIsRefused) {
  // A well-signed file whose only history record is a range's destination.
  const std::string body =
      "fwlog-state 1\nwritten_at 5\nhistory newest_hour=10 future_packets=0\n"
      "history_destination key=\"tcp/23\" service=\"telnet\" packets=4\n";
  const auto crc = static_cast<std::uint32_t>(
      ::crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
  char end[64];
  std::snprintf(end, sizeof end, "end records=3 crc32=0x%08x\n", crc);
  EXPECT_EQ(ParseStateText(body + end).status().code(), absl::StatusCode::kDataLoss);
}

TEST(StateFileTest, OnlyAClosedFileCarriesTheClosedField) {
  const auto text = FormatState(Sample());
  EXPECT_NE(text.find("offset=987654321\n"), std::string::npos);  // as version 1 always wrote it
  EXPECT_NE(text.find("offset=4096 closed=1\n"), std::string::npos);
}

TEST(StateFileTest, LabelValuesMayHoldAnyBytes) {
  StateSnapshot s;
  std::string all_bytes;
  for (int c = 0; c < 256; ++c) all_bytes.push_back(static_cast<char>(c));
  MetricCheckpoint m{"m\n\"odd\" name", "def with = and \\", {}};
  m.samples.push_back({"m", {{"a b", all_bytes}, {"=", "\"=\""}, {"", "日本"}}, 1});
  s.metrics.push_back(m);
  s.files.push_back({"in\nput", std::string("/tmp/a b\x01\xff", 10), 1, 2, 3, 4, 5});
  const auto text = FormatState(s);
  // One record per line: no raw newline inside a record.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 6);
  auto parsed = ParseStateText(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ExpectEqual(s, *parsed);
}

TEST(StateFileTest, DoublesRoundTripBitForBit) {
  StateSnapshot s;
  MetricCheckpoint m{"m", "", {}};
  const double values[] = {0.0,
                           -0.0,
                           0.1,
                           1.0 / 3.0,
                           9007199254740993.0,
                           1e300,
                           std::numeric_limits<double>::denorm_min(),
                           std::numeric_limits<double>::max(),
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity(),
                           std::numeric_limits<double>::quiet_NaN(),
                           123456789012345.0};
  for (double v : values) m.samples.push_back({"m", {}, v});
  s.metrics.push_back(m);
  auto parsed = ParseStateText(FormatState(s));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ExpectEqual(s, *parsed);
}

TEST(StateFileTest, EmptySnapshotRoundTrips) {
  auto parsed = ParseStateText(FormatState(StateSnapshot{}));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->files.empty());
  EXPECT_TRUE(parsed->metrics.empty());
}

TEST(StateFileTest, AnyChangedByteIsDetected) {
  const auto text = FormatState(Sample());
  for (std::size_t i = 0; i < text.size(); ++i) {
    for (const char replacement : {'0', '"', '\n', 'z'}) {
      if (text[i] == replacement) continue;
      std::string bad = text;
      bad[i] = replacement;
      EXPECT_FALSE(ParseStateText(bad).ok()) << "byte " << i << " -> " << replacement;
    }
  }
}

TEST(StateFileTest, TruncatedFileIsDetected) {
  const auto text = FormatState(Sample());
  for (std::size_t n = 0; n < text.size(); ++n) {
    auto parsed = ParseStateText(text.substr(0, n));
    EXPECT_FALSE(parsed.ok()) << "length " << n;
  }
}

TEST(StateFileTest, ForeignFileIsRefused) {
  auto parsed = ParseStateText("{\"offsets\": {}}\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseStateText("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(StateFileTest, NewerVersionIsRefused) {
  std::string text = FormatState(Sample());
  text.replace(0, 13, "fwlog-state 2");
  EXPECT_EQ(ParseStateText(text).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(StateFileTest, DamageIsDataLoss) {
  std::string text = FormatState(Sample());
  text[text.find("offset=") + 7] = '7';
  EXPECT_EQ(ParseStateText(text).status().code(), absl::StatusCode::kDataLoss);
}

TEST(StateFileTest, UnknownRecordKindsAndFieldsAreSkipped) {
  // What a later writer of version 1 may add; checksum recomputed by hand.
  std::string body =
      "fwlog-state 1\nwritten_at 5\nfuture thing=\"x\"\n"
      "file input=\"a\" path=\"/p\" device=1 inode=2 fingerprint=0x0000000000000003 fingerprint_length=4 offset=5 "
      "extra=9\n";
  const auto crc = static_cast<std::uint32_t>(
      ::crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
  char end[64];
  std::snprintf(end, sizeof end, "end records=3 crc32=0x%08x\n", crc);
  auto parsed = ParseStateText(body + end);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->files.size(), 1u);
  EXPECT_EQ(parsed->files[0].offset, 5u);
  EXPECT_EQ(parsed->written_at, 5);
}

TEST(StateFileTest, WriteThenReadGivesTheSnapshot) {
  TempDir dir;
  const auto path = dir / "state";
  ASSERT_TRUE(WriteState(path, Sample()).ok());
  auto read = ReadState(path);
  ASSERT_TRUE(read.ok()) << read.status();
  ExpectEqual(Sample(), *read);
}

TEST(StateFileTest, WriteReplacesAtomicallyAndLeavesNoTemporaryFile) {
  TempDir dir;
  const auto path = dir / "state";
  ASSERT_TRUE(WriteState(path, Sample()).ok());
  StateSnapshot second;
  second.written_at = 42;
  ASSERT_TRUE(WriteState(path, second).ok());
  EXPECT_EQ(ReadState(path)->written_at, 42);
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(StateFileTest, FailedWriteLeavesNoTemporaryFile) {
  TempDir dir;
  const auto path = dir / "state";
  fs::create_directory(path);  // a folder where the file should go: rename fails
  Spit(path + "/keep", "x");
  EXPECT_FALSE(WriteState(path, Sample()).ok());
  EXPECT_EQ(Slurp(path + "/keep"), "x");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1);
  EXPECT_FALSE(WriteState(dir / "missing/state", Sample()).ok());
}

TEST(StateFileTest, MissingFileIsNotFound) {
  TempDir dir;
  EXPECT_EQ(ReadState(dir / "none").status().code(), absl::StatusCode::kNotFound);
}

TEST(StateFileTest, CorruptFileIsSetAside) {
  TempDir dir;
  const auto path = dir / "state";
  Spit(path, "garbage\n");
  auto read = ReadState(path);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find(path), std::string::npos);
  auto aside = SetAside(path);
  ASSERT_TRUE(aside.ok()) << aside.status();
  EXPECT_TRUE(aside->starts_with(path + ".corrupt-"));
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(Slurp(*aside), "garbage\n");
  Spit(path, "again\n");
  auto second = SetAside(path);
  ASSERT_TRUE(second.ok());
  EXPECT_NE(*second, *aside);
  EXPECT_EQ(Slurp(*aside), "garbage\n");
}

}  // namespace
}  // namespace fwlog
