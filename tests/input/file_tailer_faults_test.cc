// FileTailer under faults: files that leave their path and come back, looks
// that fail (out of descriptors, a path that is not a file, a missing path),
// the descriptor budget, snapshots asked for when files change, and the
// checkpoints of a renamed input. Nothing is read twice, nothing is silent.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <memory>

#include "input/file/file_tailer.h"
#include "test_util.h"

namespace fwlog {
namespace {

using ::fwlog::testing::AppendFile;
using ::fwlog::testing::CountingStats;
using ::fwlog::testing::RecordingSink;
using ::fwlog::testing::TempDir;
using ::fwlog::testing::WriteFile;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// Takes every descriptor the process may still open (RLIMIT_NOFILE lowered
// to keep it short, then /dev/null opened until EMFILE), as a busy exporter
// might; gives them back when destroyed.
class DescriptorsExhausted {
 public:
  DescriptorsExhausted() {
    ::getrlimit(RLIMIT_NOFILE, &saved_);
    struct rlimit low = saved_;
    low.rlim_cur = std::min<rlim_t>(saved_.rlim_cur, 512);
    ::setrlimit(RLIMIT_NOFILE, &low);
    for (int fd; (fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;) fds_.push_back(fd);
  }
  ~DescriptorsExhausted() {
    for (const int fd : fds_) ::close(fd);
    ::setrlimit(RLIMIT_NOFILE, &saved_);
  }
  DescriptorsExhausted(const DescriptorsExhausted&) = delete;
  DescriptorsExhausted& operator=(const DescriptorsExhausted&) = delete;

 private:
  struct rlimit saved_ {};
  std::vector<int> fds_;
};

class FileTailerFaultTest : public ::testing::Test {
 protected:
  std::unique_ptr<FileTailer> Make(const std::string& pattern, const std::string& name = "router",
                                   DescriptorBudget* budget = nullptr) {
    FileTailerOptions o;
    o.rescan_interval = std::chrono::milliseconds(0);
    o.rotate_wait = std::chrono::seconds(5);
    o.use_inotify = false;
    o.budget = budget;
    return std::make_unique<FileTailer>(0, name, pattern, StartAt::kBeginning, clock_, o);
  }
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
  void Move(const std::string& from, const std::string& to) { ASSERT_EQ(::rename(from.c_str(), to.c_str()), 0); }

  TempDir dir_;
  ManualClock clock_;
  RecordingSink sink_;
  CountingStats stats_;
};

TEST_F(FileTailerFaultTest, FileBackAtItsPathAfterItWasClosedIsResumedNotReadAgain) {
  const auto path = dir_ / "fw.log";
  ::mkdir((dir_ / "away").c_str(), 0755);
  WriteFile(path, "1\n2\n");
  auto t = Make(path);
  EXPECT_THAT(Poll(*t), ElementsAre("1", "2"));
  Move(path, dir_ / "away/fw.log");
  EXPECT_THAT(Poll(*t), IsEmpty());
  clock_.Advance(std::chrono::seconds(8));  // longer than rotate_wait: closed
  EXPECT_THAT(Poll(*t), IsEmpty());
  EXPECT_EQ(t->stream_count(), 0u);
  AppendFile(dir_ / "away/fw.log", "3\n");  // written while away
  Move(dir_ / "away/fw.log", path);
  EXPECT_THAT(Poll(*t), ElementsAre("3"));
  AppendFile(path, "4\n");
  EXPECT_THAT(Poll(*t), ElementsAre("4"));
}

TEST_F(FileTailerFaultTest, ClosedFileIsKnownAcrossARestart) {
  const auto path = dir_ / "fw.log";
  ::mkdir((dir_ / "away").c_str(), 0755);
  WriteFile(path, "1\n");
  std::vector<FileCheckpoint> saved;
  {
    auto t = Make(path);
    EXPECT_THAT(Poll(*t), ElementsAre("1"));
    Move(path, dir_ / "away/fw.log");
    Poll(*t);
    clock_.Advance(std::chrono::seconds(8));
    Poll(*t);
    saved = Checkpoints(*t);
  }
  ASSERT_THAT(saved, SizeIs(1));
  EXPECT_TRUE(saved[0].closed);
  EXPECT_EQ(saved[0].offset, 2u);
  auto t = Make(path);
  t->Restore(saved);
  EXPECT_THAT(Poll(*t), IsEmpty());
  Move(dir_ / "away/fw.log", path);
  AppendFile(path, "2\n");
  EXPECT_THAT(Poll(*t), ElementsAre("2"));
}

TEST_F(FileTailerFaultTest, SavedFileAwayAtRestartIsResumedWhenItComesBack) {
  const auto path = dir_ / "fw.log";
  ::mkdir((dir_ / "away").c_str(), 0755);
  WriteFile(path, "1\n");
  std::vector<FileCheckpoint> saved;
  {
    auto t = Make(path);
    EXPECT_THAT(Poll(*t), ElementsAre("1"));
    saved = Checkpoints(*t);
  }
  Move(path, dir_ / "away/fw.log");  // in another folder while we start
  auto t = Make(path);
  t->Restore(saved);
  EXPECT_THAT(Poll(*t), IsEmpty());
  EXPECT_THAT(Checkpoints(*t), SizeIs(1));  // still known
  Move(dir_ / "away/fw.log", path);
  AppendFile(path, "2\n");
  EXPECT_THAT(Poll(*t), ElementsAre("2"));
}

TEST_F(FileTailerFaultTest, SavedFileRenamedTwiceSinceIsFoundAndFinished) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "1\n");
  std::vector<FileCheckpoint> saved;
  {
    auto t = Make(path);
    EXPECT_THAT(Poll(*t), ElementsAre("1"));
    saved = Checkpoints(*t);
  }
  AppendFile(path, "2\n");
  Move(path, dir_ / "fw.log.1");
  Move(dir_ / "fw.log.1", dir_ / "fw.log.2");
  WriteFile(path, "3\n");
  auto t = Make(path);
  t->Restore(saved);
  EXPECT_THAT(Poll(*t), ElementsAre("2", "3"));
}

TEST_F(FileTailerFaultTest, DeletedFileIsNotRemembered) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "1\n");
  auto t = Make(path);
  Poll(*t);
  ASSERT_EQ(::unlink(path.c_str()), 0);
  Poll(*t);
  clock_.Advance(std::chrono::seconds(8));
  Poll(*t);
  EXPECT_EQ(t->stream_count(), 0u);
  EXPECT_EQ(t->known_count(), 0u);
}

TEST_F(FileTailerFaultTest, GlobThatCannotBeExpandedForLackOfDescriptorsReadsNothingTwice) {
  WriteFile(dir_ / "a.log", "1\n");
  auto t = Make(dir_.path() + "/*.log");
  EXPECT_THAT(Poll(*t), ElementsAre("1"));
  // Checked after the descriptors are back: UBSan's vptr check inside
  // gtest's matchers needs descriptors of its own.
  std::vector<std::string> while_exhausted[2];
  std::size_t streams_while_exhausted = 0;
  {
    const DescriptorsExhausted exhausted;
    while_exhausted[0] = Poll(*t);
    clock_.Advance(std::chrono::seconds(8));
    while_exhausted[1] = Poll(*t);
    streams_while_exhausted = t->stream_count();
  }
  EXPECT_THAT(while_exhausted[0], IsEmpty());
  EXPECT_THAT(while_exhausted[1], IsEmpty());
  EXPECT_EQ(streams_while_exhausted, 1u);  // a look that failed is no absence
  EXPECT_THAT(Poll(*t), IsEmpty());
  AppendFile(dir_ / "a.log", "2\n");
  EXPECT_THAT(Poll(*t), ElementsAre("2"));
  EXPECT_EQ(stats_.errors["too_many_open_files"], 2);
  ASSERT_THAT(stats_.warnings, SizeIs(1));
  EXPECT_THAT(stats_.warnings[0], HasSubstr("cannot read folder " + dir_.path() + ": Too many open files"));
  ASSERT_THAT(stats_.infos, SizeIs(1));
  EXPECT_THAT(stats_.infos[0], HasSubstr("can be read again"));
}

TEST_F(FileTailerFaultTest, PathThatCannotBeLookedAtKeepsItsFileAndReadsNothingTwice) {
  const auto file = dir_ / "fw.log";
  const auto link = dir_ / "current.log";
  WriteFile(file, "1\n");
  ASSERT_EQ(::symlink(file.c_str(), link.c_str()), 0);
  auto t = Make(link);
  EXPECT_THAT(Poll(*t), ElementsAre("1"));
  ASSERT_EQ(::unlink(link.c_str()), 0);
  ASSERT_EQ(::symlink(link.c_str(), link.c_str()), 0);  // stat(): ELOOP
  AppendFile(file, "2\n");
  EXPECT_THAT(Poll(*t), ElementsAre("2"));  // still read through its descriptor
  clock_.Advance(std::chrono::seconds(8));
  EXPECT_THAT(Poll(*t), IsEmpty());
  EXPECT_EQ(t->stream_count(), 1u);
  ASSERT_EQ(::unlink(link.c_str()), 0);
  ASSERT_EQ(::symlink(file.c_str(), link.c_str()), 0);
  AppendFile(file, "3\n");
  EXPECT_THAT(Poll(*t), ElementsAre("3"));
  EXPECT_EQ(stats_.errors["other"], 2);
  ASSERT_THAT(stats_.warnings, SizeIs(1));
  EXPECT_THAT(stats_.warnings[0], HasSubstr("cannot look at " + link + ": Too many levels of symbolic links"));
}

TEST_F(FileTailerFaultTest, FileTwoPathsNameKeepsOnePathAndAsksForNoSnapshotAtEachLook) {
  const auto file = dir_ / "filter_20240101.log";
  WriteFile(file, "1\n");
  ASSERT_EQ(::symlink(file.c_str(), (dir_ / "latest.log").c_str()), 0);
  auto t = Make(dir_.path() + "/*.log");
  EXPECT_THAT(Poll(*t), ElementsAre("1"));
  EXPECT_TRUE(t->TakeFilesChanged());
  Poll(*t);
  Poll(*t);
  EXPECT_FALSE(t->TakeFilesChanged());
  EXPECT_EQ(Checkpoints(*t)[0].path, file);
}

TEST_F(FileTailerFaultTest, FilesBeyondTheDescriptorBudgetAreErrorsNotReReads) {
  DescriptorBudget budget(2, 100);
  WriteFile(dir_ / "a.log", "a\n");
  WriteFile(dir_ / "b.log", "b\n");
  WriteFile(dir_ / "c.log", "c\n");
  auto t = Make(dir_.path() + "/*.log", "router", &budget);
  EXPECT_THAT(Poll(*t), ElementsAre("a", "b"));
  EXPECT_EQ(stats_.files_open, 2u);
  EXPECT_EQ(budget.used(), 2u);
  for (int i = 0; i < 3; ++i) EXPECT_THAT(Poll(*t), IsEmpty());
  EXPECT_EQ(stats_.errors["too_many_open_files"], 4);  // each look
  ASSERT_THAT(stats_.warnings, SizeIs(1));             // told once
  EXPECT_THAT(stats_.warnings[0], HasSubstr("cannot open " + (dir_ / "c.log") + ": Too many open files"));
  EXPECT_THAT(stats_.warnings[0], HasSubstr("RLIMIT_NOFILE 100"));
  // A followed file goes: its descriptor is given back, the waiting file is read.
  ASSERT_EQ(::unlink((dir_ / "a.log").c_str()), 0);
  Poll(*t);
  clock_.Advance(std::chrono::seconds(8));
  Poll(*t);
  EXPECT_THAT(Poll(*t), ElementsAre("c"));
  EXPECT_EQ(budget.used(), 2u);
  t.reset();
  EXPECT_EQ(budget.used(), 0u);
}

TEST_F(FileTailerFaultTest, MissingPathIsAnErrorOnlyAfterTheGraceAndToldOnce) {
  const auto path = dir_ / "fw.log";
  auto t = Make(path);
  Poll(*t);
  clock_.Advance(std::chrono::seconds(4));
  Poll(*t);
  EXPECT_EQ(stats_.errors["not_found"], 0);  // a rotation's moment without the file is no error
  clock_.Advance(std::chrono::seconds(2));
  Poll(*t);
  Poll(*t);
  EXPECT_EQ(stats_.errors["not_found"], 2);
  ASSERT_THAT(stats_.warnings, SizeIs(1));
  EXPECT_THAT(stats_.warnings[0], HasSubstr(path + ": No such file or directory"));
  WriteFile(path, "1\n");
  EXPECT_THAT(Poll(*t), ElementsAre("1"));
  EXPECT_THAT(stats_.infos, ElementsAre(path + " can be read again"));
}

TEST_F(FileTailerFaultTest, PathsThatAreNotFilesAreCountedEachLookAndToldAtMostTenALook) {
  for (int i = 0; i < 12; ++i) ::mkdir((dir_ / ("d" + std::to_string(i) + ".log")).c_str(), 0755);
  auto t = Make(dir_.path() + "/*.log");
  Poll(*t);
  Poll(*t);
  EXPECT_EQ(stats_.errors["not_a_file"], 24);
  ASSERT_THAT(stats_.warnings, SizeIs(11));
  EXPECT_THAT(stats_.warnings[0], HasSubstr("cannot follow " + (dir_ / "d0.log") + ": not a regular file"));
  EXPECT_THAT(stats_.warnings[10], HasSubstr("2 more paths cannot be read (not_a_file"));
}

TEST_F(FileTailerFaultTest, AsksForASnapshotWhenItsFilesChange) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "1\n");
  auto t = Make(path);
  Poll(*t);
  EXPECT_TRUE(t->TakeFilesChanged());  // the first round: files opened
  EXPECT_FALSE(t->TakeFilesChanged());
  AppendFile(path, "2\n");
  Poll(*t);
  EXPECT_FALSE(t->TakeFilesChanged());  // lines are no change of files
  Move(path, dir_ / "fw.log.1");
  WriteFile(path, "3\n");
  Poll(*t);
  EXPECT_TRUE(t->TakeFilesChanged());  // rotation: a new file, the old one draining
  clock_.Advance(std::chrono::seconds(8));
  Poll(*t);
  EXPECT_TRUE(t->TakeFilesChanged());  // the old one closed
}

TEST_F(FileTailerFaultTest, RenamedInputAdoptsTheOffsetsOfTheFilesItFollows) {
  const auto path = dir_ / "fw.log";
  WriteFile(path, "1\n");
  WriteFile(dir_ / "other.log", "x\n");
  std::vector<FileCheckpoint> saved;
  for (const auto& p : {path, dir_ / "other.log"}) {
    auto t = Make(p, "old-" + p);
    Poll(*t);
    t->AppendCheckpoints(saved);
  }
  AppendFile(path, "2\n");
  auto t = Make(path, "renamed");
  t->Restore(saved);  // none under its own name
  EXPECT_EQ(t->Adopt(saved), 1u);
  ASSERT_THAT(saved, SizeIs(1));  // the other file's is left
  EXPECT_EQ(saved[0].path, dir_ / "other.log");
  EXPECT_THAT(Poll(*t), ElementsAre("2"));
  EXPECT_EQ(Checkpoints(*t)[0].input, "renamed");
}

TEST_F(FileTailerFaultTest, AdoptsByIdentityWhenTheSavedPathIsNotItsOwn) {
  const auto path = dir_ / "fw.log";
  const auto link = dir_ / "current.log";
  WriteFile(path, "1\n");
  ASSERT_EQ(::symlink(path.c_str(), link.c_str()), 0);
  std::vector<FileCheckpoint> saved;
  {
    auto t = Make(path, "old");
    Poll(*t);
    t->AppendCheckpoints(saved);
  }
  AppendFile(path, "2\n");
  auto t = Make(link, "new");  // follows the same file under another name
  EXPECT_EQ(t->Adopt(saved), 1u);
  EXPECT_THAT(Poll(*t), ElementsAre("2"));
}

}  // namespace
}  // namespace fwlog
