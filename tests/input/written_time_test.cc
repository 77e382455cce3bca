// FileWrittenTime: the gzip header's MTIME where there is one, else the
// file's modification time; none for a pipe.
#include "input/file/written_time.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cstring>
#include <string>

#include "test_util.h"

namespace fwlog {
namespace {

using ::fwlog::testing::TempDir;
using ::fwlog::testing::WriteFile;

constexpr std::int64_t k2018_11_22 = 1542812400;  // 2018-11-22T00:00:00+09:00
constexpr std::int64_t k2019_01_03 = 1546441200;  // 2019-01-03T00:00:00+09:00

// A gzip file whose header says it was modified at `mtime` (0: none).
void WriteGzipWithTime(const std::string& path, const std::string& text, std::uint32_t mtime) {
  z_stream z{};
  ASSERT_EQ(deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  gz_header header{};
  header.time = mtime;
  header.os = 3;
  ASSERT_EQ(deflateSetHeader(&z, &header), Z_OK);
  std::string out(text.size() + 1024, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  WriteFile(path, out);
}

void SetModified(const std::string& path, std::int64_t when) {
  const struct timespec times[2] = {{when, 0}, {when, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << std::strerror(errno);
}

struct Case {
  const char* what;
  std::uint32_t gzip_mtime;  // written as gzip with this MTIME, unless plain
  bool plain;
  std::int64_t expected;
};

TEST(FileWrittenTimeTest, TakesTheGzipMemberTimeElseTheFiles) {
  const Case cases[] = {
      {"plain file: its mtime", 0, true, k2019_01_03},
      {"gzip with MTIME: the member's", static_cast<std::uint32_t>(k2018_11_22), false, k2018_11_22},
      {"gzip without MTIME (gzip -n): the file's", 0, false, k2019_01_03},
  };
  for (const auto& c : cases) {
    TempDir dir;
    const std::string path = dir / "router.log.1.gz";
    if (c.plain) {
      WriteFile(path, "Nov 16 00:12:34 kernel: x\n");
    } else {
      WriteGzipWithTime(path, "Nov 16 00:12:34 kernel: x\n", c.gzip_mtime);
    }
    SetModified(path, k2019_01_03);
    EXPECT_EQ(FileWrittenTime(path), std::optional<std::int64_t>(c.expected)) << c.what;
  }
}

TEST(FileWrittenTimeTest, ReadsStandardInputRedirectedFromAFileWithoutMovingIt) {
  TempDir dir;
  const std::string path = dir / "a.log";
  WriteFile(path, "line\n");
  SetModified(path, k2018_11_22);
  const int saved = ::dup(STDIN_FILENO);
  const int fd = ::open(path.c_str(), O_RDONLY);
  ::dup2(fd, STDIN_FILENO);
  ::close(fd);
  const auto written = FileWrittenTime("-");
  const off_t offset = ::lseek(STDIN_FILENO, 0, SEEK_CUR);
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  EXPECT_EQ(written, std::optional<std::int64_t>(k2018_11_22));
  EXPECT_EQ(offset, 0);
}

TEST(FileWrittenTimeTest, HasNoTimeForAPipeOrAMissingFile) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const int saved = ::dup(STDIN_FILENO);
  ::dup2(fds[0], STDIN_FILENO);
  ::close(fds[0]);
  const auto written = FileWrittenTime("-");
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  ::close(fds[1]);
  EXPECT_EQ(written, std::nullopt);
  EXPECT_EQ(FileWrittenTime("/nonexistent/fw.log"), std::nullopt);
}

}  // namespace
}  // namespace fwlog
