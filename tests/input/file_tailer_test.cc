#include "input/file/file_tailer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>

#include "test_util.h"

namespace fwlog {
namespace {

using ::fwlog::testing::AppendFile;
using ::fwlog::testing::CopyTruncate;
using ::fwlog::testing::CountingStats;
using ::fwlog::testing::RecordingSink;
using ::fwlog::testing::TempDir;
using ::fwlog::testing::WriteFile;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class FileTailerTest : public ::testing::Test {
 protected:
  std::unique_ptr<FileTailer> Make(const std::string& pattern, StartAt start_at = StartAt::kBeginning) {
    FileTailerOptions o;
    o.max_line_bytes = 64;
    o.rescan_interval = std::chrono::milliseconds(0);
    o.rotate_wait = std::chrono::seconds(5);
    o.use_inotify = false;
    return std::make_unique<FileTailer>(3, "router", pattern, start_at, clock_, o);
  }
  // One round; returns the lines it delivered.
  std::vector<std::string> Poll(FileTailer& t) {
    sink_.Clear();
    t.Poll(sink_, stats_);
    return sink_.Texts();
  }
  std::vector<FileCheckpoint> Checkpoints(const FileTailer& t) {
    std::vector<FileCheckpoint> out;
    t.AppendCheckpoints(out);
    return out;
  }

  TempDir dir_;
  ManualClock clock_;
  RecordingSink sink_;
  CountingStats stats_;
};

TEST_F(FileTailerTest, StartsAtEndOnFirstStart) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "old 1\nold 2\n");
  auto t = Make(path, StartAt::kEnd);
  EXPECT_THAT(Poll(*t), IsEmpty());
  AppendFile(path, "new 1\n");
  EXPECT_THAT(Poll(*t), ElementsAre("new 1"));
}

TEST_F(FileTailerTest, StartAtEndKeepsTheLineBeingWritten) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "old\nbeing wri");
  auto t = Make(path, StartAt::kEnd);
  EXPECT_THAT(Poll(*t), IsEmpty());
  AppendFile(path, "tten\n");
  EXPECT_THAT(Poll(*t), ElementsAre("being written"));
}

TEST_F(FileTailerTest, StartsAtBeginningWhenConfigured) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "a\nb\n");
  auto t = Make(path, StartAt::kBeginning);
  EXPECT_THAT(Poll(*t), ElementsAre("a", "b"));
  EXPECT_EQ(sink_.lines[0].input, 3);
}

TEST_F(FileTailerTest, FollowsAppendsAndHoldsPartialLines) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "");
  auto t = Make(path);
  EXPECT_THAT(Poll(*t), IsEmpty());
  AppendFile(path, "one\ntw");
  EXPECT_THAT(Poll(*t), ElementsAre("one"));
  EXPECT_EQ(Checkpoints(*t)[0].offset, 4u);  // the partial line is not consumed
  AppendFile(path, "o\n");
  EXPECT_THAT(Poll(*t), ElementsAre("two"));
  EXPECT_EQ(Checkpoints(*t)[0].offset, 8u);
  EXPECT_EQ(stats_.bytes_read, 8u);
  EXPECT_EQ(stats_.positions[path], (std::pair<std::uint64_t, std::uint64_t>(8, 8)));
}

TEST_F(FileTailerTest, CutsLongLinesAndStripsCrlf) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, std::string(100, 'x') + "\r\nok\r\n");
  auto t = Make(path);
  EXPECT_THAT(Poll(*t), ElementsAre(std::string(64, 'x'), "ok"));
  EXPECT_TRUE(sink_.lines[0].cut);
  EXPECT_FALSE(sink_.lines[1].cut);
  EXPECT_EQ(stats_.too_long_lines, 1);
}

TEST_F(FileTailerTest, FollowsRenameRotation) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "1\n");
  auto t = Make(path);
  EXPECT_THAT(Poll(*t), ElementsAre("1"));
  AppendFile(path, "2\n");
  ASSERT_EQ(::rename(path.c_str(), (dir_ / "fw.log.1").c_str()), 0);
  AppendFile(dir_ / "fw.log.1", "3\n");  // the writer has not reopened yet
  WriteFile(path, "4\n");
  EXPECT_THAT(Poll(*t), ElementsAre("2", "3", "4"));
  EXPECT_EQ(stats_.rotations, 1);
  // Late lines in the old file are still read until rotate_wait passes.
  AppendFile(dir_ / "fw.log.1", "5\n");
  AppendFile(path, "6\n");
  EXPECT_THAT(Poll(*t), ElementsAre("5", "6"));
  EXPECT_EQ(t->stream_count(), 2u);
  clock_.Advance(std::chrono::seconds(6));
  Poll(*t);
  EXPECT_EQ(t->stream_count(), 1u);
  EXPECT_EQ(stats_.truncations, 0);
}

TEST_F(FileTailerTest, FollowsCopytruncateAndFinishesFromTheCopy) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "1\n");
  auto t = Make(path);
  EXPECT_THAT(Poll(*t), ElementsAre("1"));
  AppendFile(path, "2\n3\n");  // not read before the rotation
  CopyTruncate(path, dir_ / "fw.log.1");
  AppendFile(path, "4\n");
  EXPECT_THAT(Poll(*t), ElementsAre("2", "3", "4"));
  EXPECT_EQ(stats_.truncations, 1);
  EXPECT_EQ(stats_.rotations, 0);
}

TEST_F(FileTailerTest, TruncationWithoutCopyRestartsFromZero) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "first line\n");
  auto t = Make(path);
  EXPECT_THAT(Poll(*t), ElementsAre("first line"));
  ::truncate(path.c_str(), 0);
  EXPECT_THAT(Poll(*t), IsEmpty());
  AppendFile(path, "again\n");
  EXPECT_THAT(Poll(*t), ElementsAre("again"));
  EXPECT_EQ(stats_.truncations, 1);
}

TEST_F(FileTailerTest, RewriteLongerThanOffsetBetweenRoundsIsSeenByFingerprint) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "aaa\n");
  auto t = Make(path);
  EXPECT_THAT(Poll(*t), ElementsAre("aaa"));
  WriteFile(path, "bbb\nccc\n");  // truncated and rewritten past our offset
  EXPECT_THAT(Poll(*t), ElementsAre("bbb", "ccc"));
  EXPECT_EQ(stats_.truncations, 1);
}

TEST_F(FileTailerTest, FollowsDeleteAndRecreate) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "1\n");
  auto t = Make(path);
  EXPECT_THAT(Poll(*t), ElementsAre("1"));
  AppendFile(path, "2\n");
  ASSERT_EQ(::unlink(path.c_str()), 0);
  EXPECT_THAT(Poll(*t), ElementsAre("2"));  // the vanished file is read to its end
  EXPECT_THAT(stats_.forgotten, ElementsAre(path));
  WriteFile(path, "3\n");
  EXPECT_THAT(Poll(*t), ElementsAre("3"));
  EXPECT_EQ(stats_.rotations, 1);
}

TEST_F(FileTailerTest, VanishedFileIsReadToItsEndThenClosed) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "1\n");
  auto t = Make(path);
  Poll(*t);
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND);  // a writer keeps it open
  ASSERT_EQ(::unlink(path.c_str()), 0);
  ASSERT_EQ(::write(fd, "2\n", 2), 2);
  EXPECT_THAT(Poll(*t), ElementsAre("2"));
  ASSERT_EQ(::write(fd, "3\npartial", 9), 9);
  ::close(fd);
  EXPECT_THAT(Poll(*t), ElementsAre("3"));
  clock_.Advance(std::chrono::seconds(6));
  EXPECT_THAT(Poll(*t), IsEmpty());  // closed; the partial line is never delivered
  EXPECT_EQ(t->stream_count(), 0u);
}

TEST_F(FileTailerTest, FollowsSymlinkFlip) {
  const auto a = dir_ / "filter_20240101.log";
  const auto b = dir_ / "filter_20240102.log";
  const auto link = dir_ / "latest.log";
  WriteFile(a, "a1\n");
  ASSERT_EQ(::symlink(a.c_str(), link.c_str()), 0);
  auto t = Make(link);
  EXPECT_THAT(Poll(*t), ElementsAre("a1"));
  AppendFile(a, "a2\n");
  WriteFile(b, "b1\n");
  const auto tmp = dir_ / "latest.tmp";
  ASSERT_EQ(::symlink(b.c_str(), tmp.c_str()), 0);
  ASSERT_EQ(::rename(tmp.c_str(), link.c_str()), 0);  // like `ln -sf`, atomically
  EXPECT_THAT(Poll(*t), ElementsAre("a2", "b1"));
  EXPECT_EQ(stats_.rotations, 1);
  AppendFile(b, "b2\n");
  EXPECT_THAT(Poll(*t), ElementsAre("b2"));
}

TEST_F(FileTailerTest, FileAppearingLaterIsReadFromItsBeginning) {
  const auto path = dir_ / "fw.log";
  auto t = Make(path, StartAt::kEnd);
  EXPECT_THAT(Poll(*t), IsEmpty());
  EXPECT_EQ(Checkpoints(*t)[0].inode, 0u);  // a placeholder: state exists
  WriteFile(path, "first\nsecond\n");
  EXPECT_THAT(Poll(*t), ElementsAre("first", "second"));
  EXPECT_EQ(stats_.rotations, 0);
}

TEST_F(FileTailerTest, GlobPicksUpNewFileFromItsBeginning) {
  WriteFile(dir_ / "a.log", "a old\n");
  auto t = Make(dir_.path() + "/*.log", StartAt::kEnd);
  EXPECT_THAT(Poll(*t), IsEmpty());
  WriteFile(dir_ / "b.log", "b1\n");
  WriteFile(dir_ / "b.txt", "not matched\n");
  AppendFile(dir_ / "a.log", "a1\n");
  EXPECT_THAT(Poll(*t), ElementsAre("a1", "b1"));
}

TEST_F(FileTailerTest, RenamedFileStillMatchingGlobIsNotReadTwice) {
  const auto path = dir_ / "router.log";
  WriteFile(path, "1\n2\n");
  auto t = Make(dir_.path() + "/router*.log");
  EXPECT_THAT(Poll(*t), ElementsAre("1", "2"));
  ASSERT_EQ(::rename(path.c_str(), (dir_ / "router.1.log").c_str()), 0);
  AppendFile(dir_ / "router.1.log", "3\n");
  WriteFile(path, "4\n");
  EXPECT_THAT(Poll(*t), ElementsAre("3", "4"));
  EXPECT_EQ(stats_.rotations, 1);
}

TEST_F(FileTailerTest, CopyMatchingGlobIsNotReadTwice) {
  const auto path = dir_ / "router.log";
  WriteFile(path, "1\n");
  auto t = Make(dir_.path() + "/router.log*");
  EXPECT_THAT(Poll(*t), ElementsAre("1"));
  AppendFile(path, "2\n");
  WriteFile(dir_ / "router.log.1", testing::ReadAll(path));  // the copy, before the truncate
  EXPECT_THAT(Poll(*t), ElementsAre("2"));                   // the copy is left alone
  ::truncate(path.c_str(), 0);
  AppendFile(path, "3\n");
  EXPECT_THAT(Poll(*t), ElementsAre("3"));
  AppendFile(path, "4\n");
  EXPECT_THAT(Poll(*t), ElementsAre("4"));
}

TEST_F(FileTailerTest, CompressedRotationsAreNotFollowed) {
  WriteFile(dir_ / "fw.log", "1\n");
  WriteFile(dir_ / "fw.log.1.gz", "\x1f\x8b binary\n");
  auto t = Make(dir_.path() + "/fw.log*");
  EXPECT_THAT(Poll(*t), ElementsAre("1"));
}

TEST_F(FileTailerTest, RestoreResumesAtSavedOffset) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "1\n2\n");
  std::vector<FileCheckpoint> saved;
  {
    auto t = Make(path);
    EXPECT_THAT(Poll(*t), ElementsAre("1", "2"));
    AppendFile(path, "3\nhalf");
    EXPECT_THAT(Poll(*t), ElementsAre("3"));
    saved = Checkpoints(*t);
  }
  ASSERT_EQ(saved.size(), 1u);
  EXPECT_EQ(saved[0].input, "router");
  EXPECT_EQ(saved[0].offset, 6u);
  AppendFile(path, " line\n4\n");
  auto t = Make(path, StartAt::kEnd);  // start_at does not apply: state exists
  t->Restore(saved);
  EXPECT_THAT(Poll(*t), ElementsAre("half line", "4"));
}

TEST_F(FileTailerTest, RotatedFileOverwrittenInPlaceIsNotReadAgain) {
  const auto path = dir_ / "fw.log";
  const auto old = dir_ / "fw.log.1";
  WriteFile(path, "1\n");
  auto t = Make(path);
  EXPECT_THAT(Poll(*t), ElementsAre("1"));
  ASSERT_EQ(::rename(path.c_str(), old.c_str()), 0);
  WriteFile(path, "2\n3\n");
  EXPECT_THAT(Poll(*t), ElementsAre("2", "3"));
  // Within rotate_wait, `cp fw.log fw.log.1` rewrites the drained file's inode.
  WriteFile(old, testing::ReadAll(path));
  ::truncate(path.c_str(), 0);
  AppendFile(path, "4\n");
  EXPECT_THAT(Poll(*t), ElementsAre("4"));  // the copy holds nothing unread
  clock_.Advance(std::chrono::seconds(6));
  AppendFile(path, "5\n");
  EXPECT_THAT(Poll(*t), ElementsAre("5"));
  EXPECT_EQ(t->stream_count(), 1u);
}

TEST_F(FileTailerTest, RestoreIgnoresOtherInputsCheckpoints) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "1\n");
  std::vector<FileCheckpoint> saved;
  {
    auto t = Make(path);
    Poll(*t);
    saved = Checkpoints(*t);
  }
  saved[0].input = "other";
  auto t = Make(path, StartAt::kEnd);
  t->Restore(saved);
  EXPECT_THAT(Poll(*t), IsEmpty());  // no state for this input: start_at end
}

TEST_F(FileTailerTest, RestoreFindsFileRenamedWhileDown) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "1\n");
  std::vector<FileCheckpoint> saved;
  {
    auto t = Make(path);
    Poll(*t);
    saved = Checkpoints(*t);
  }
  AppendFile(path, "2\n");
  ASSERT_EQ(::rename(path.c_str(), (dir_ / "fw.log.1").c_str()), 0);
  WriteFile(path, "3\n");
  auto t = Make(path, StartAt::kEnd);
  t->Restore(saved);
  EXPECT_THAT(Poll(*t), ElementsAre("2", "3"));
}

TEST_F(FileTailerTest, TruncatedWhileDownIsDetectedByFingerprint) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "old 1\n");
  std::vector<FileCheckpoint> saved;
  {
    auto t = Make(path);
    Poll(*t);
    saved = Checkpoints(*t);
  }
  AppendFile(path, "old 2\n");
  CopyTruncate(path, dir_ / "fw.log.1");
  WriteFile(path, "new 1\nnew 2\nnew 3\n");  // longer than the saved offset
  auto t = Make(path, StartAt::kEnd);
  t->Restore(saved);
  EXPECT_THAT(Poll(*t), ElementsAre("old 2", "new 1", "new 2", "new 3"));
  EXPECT_EQ(stats_.truncations, 1);
}

TEST_F(FileTailerTest, TruncatedShorterWhileDownRestartsFromZero) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "a long first line\n");
  std::vector<FileCheckpoint> saved;
  {
    auto t = Make(path);
    Poll(*t);
    saved = Checkpoints(*t);
  }
  WriteFile(path, "x\n");
  auto t = Make(path, StartAt::kEnd);
  t->Restore(saved);
  EXPECT_THAT(Poll(*t), ElementsAre("x"));
  EXPECT_EQ(stats_.truncations, 1);
}

TEST_F(FileTailerTest, InodeHoldingOtherBytesIsANewFile) {
  // What inode reuse looks like: the saved inode, other first bytes.
  const auto path = dir_ / "fw.log";
  WriteFile(path, "new file 1\nnew file 2\n");
  std::vector<FileCheckpoint> saved;
  {
    auto t = Make(path);
    Poll(*t);
    saved = Checkpoints(*t);
  }
  saved[0].fingerprint ^= 1;
  saved[0].offset = 11;
  auto t = Make(path, StartAt::kEnd);
  t->Restore(saved);
  EXPECT_THAT(Poll(*t), ElementsAre("new file 1", "new file 2"));
}

TEST_F(FileTailerTest, FileNotInStateIsReadFromBeginning) {
  const auto path = dir_ / "fw.log";
  auto t = Make(path, StartAt::kEnd);
  t->Restore({FileCheckpoint{"router", path, 0, 0, 0, 0, 0}});  // state: no file yet
  WriteFile(path, "written while down\n");
  EXPECT_THAT(Poll(*t), ElementsAre("written while down"));
}

}  // namespace
}  // namespace fwlog
