#include "http/gzip.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace fwlog {
namespace {

std::string Gunzip(const std::string& data) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);  // gzip only
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

TEST(GzipTest, CompressesToAGzipMemberThatInflatesBack) {
  std::string text;
  for (int i = 0; i < 5000; ++i)
    text += "fwlog_packets_by_port_total{proto=\"tcp\",port=\"" + std::to_string(i) + "\"} 1\n";
  for (const int level : {1, 6, 9}) {
    std::string gz;
    ASSERT_TRUE(Gzip(text, level, gz));
    EXPECT_LT(gz.size(), text.size() / 5);
    EXPECT_EQ(gz.substr(0, 2), "\x1f\x8b");
    EXPECT_EQ(Gunzip(gz), text);
  }
  std::string empty;
  ASSERT_TRUE(Gzip("", kMetricsGzipLevel, empty));
  EXPECT_EQ(Gunzip(empty), "");
}

TEST(GzipTest, AcceptsGzipWhenListedWithoutAZeroWeight) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("GZip"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_TRUE(AcceptsGzip("gzip, deflate, br"));
  EXPECT_TRUE(AcceptsGzip("br;q=1.0, gzip;q=0.8, *;q=0.1"));
  EXPECT_TRUE(AcceptsGzip("identity, gzip ; q=0.5"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_TRUE(AcceptsGzip("gzip;q=0.001"));
}

TEST(GzipTest, RefusesGzipWhenAbsentOrWeightedZero) {
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("identity"));
  EXPECT_FALSE(AcceptsGzip("br"));
  EXPECT_FALSE(AcceptsGzip("deflate, br"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.000"));
  EXPECT_FALSE(AcceptsGzip("*, gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzipper"));
}

}  // namespace
}  // namespace fwlog
