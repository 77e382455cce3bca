// FileTailer: follows one configured file input — a path or a glob — like
// `tail -F`, and never loses track of a file it has started reading.
//
// Every file is known by its identity (device, inode, fingerprint of its
// first bytes; see file_identity.h), not by its name. Each round (Poll):
//
//  * Truncation. A file now shorter than what we read, or whose first bytes
//    changed, was truncated (copytruncate, `> file`) or rewritten in place:
//    FileTruncated is counted and it is read again from offset 0. First, the
//    lines we had not read yet are looked for in a copy beside it (a file in
//    the same folder whose first bytes are the ones we fingerprinted, i.e.
//    copytruncate's copy) and read from there, from where we stood.
//  * Rescan (when the folder changed, per inotify, or every rescan_interval).
//    The pattern is expanded and each path stat()ed (following symlinks). A
//    path naming a file we already read keeps that stream, whatever its name
//    now (a renamed file that still matches a glob is not read twice). A file
//    we do not know is opened: from its beginning — it is new — except on the
//    very first round without saved state, where start_at: end starts at its
//    last line. A new file whose first bytes equal a file we follow is a copy
//    of it and is left alone (until that file is truncated, see above). When
//    a path now names another file (rename+create, delete+recreate, a symlink
//    switched to another target), FileRotated is counted.
//    A look that fails is not an absence: a path or folder that cannot be
//    read (permission, out of descriptors) leaves the streams it may name as
//    they were, and a file that cannot be opened is not read; both are
//    counted and told (FileProblems). New files are opened only while the
//    shared DescriptorBudget allows.
//  * A stream no path names any more (renamed away, deleted, symlink moved
//    on) is drained: read to its end, and kept open rotate_wait after its
//    last data, because a writer may still append to it before reopening.
//    Then it is closed; a partial last line it held is not delivered: only
//    complete lines count. A drained file that is truncated or rewritten is
//    closed at once (after the copy search above).
//  * Known files. A file closed that way but not deleted is remembered —
//    identity and offset, in the checkpoints too (closed), the last
//    kMaxKnownFiles of them — and resumed at its offset, not read from 0,
//    should a path name it again (moved back, its folder readable again).
//  * Reading: streams are read oldest first, to their end or until the
//    round's byte budget is spent, so an old file's lines come before its
//    successor's.
//
// Whenever the set of files changes — the first round, a stream opened,
// renamed, drained or closed — files_changed() says so until taken, and the
// runner writes a snapshot at once: a restart never needs a file that left
// the path unseen by the state file.
//
// Restore() takes the saved checkpoints of this input (Adopt(): those of an
// input no longer configured whose files this one follows — an input
// renamed). On the first round each open one is matched by device+inode
// among the pattern's paths, or else in its old folder (renamed, even
// several times, while we were down), and its fingerprint checked: a match
// resumes at the saved offset; a shorter or rewritten file counts a
// truncation, is read from 0, and its copy (if any) from the saved offset;
// an inode now holding other bytes is a new file; one not found stays known.
// When any checkpoint exists for the input, files not in it appeared while
// we were down: read from 0.
//
// Not thread-safe: one thread calls everything (the InputRunner's).
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.h"
#include "core/checkpoint.h"
#include "core/line_sink.h"
#include "input/clock.h"
#include "input/file/descriptor_budget.h"
#include "input/file/dir_watcher.h"
#include "input/file/file_problems.h"
#include "input/file/file_stream.h"

namespace fwlog {

struct FileTailerOptions {
  std::size_t max_line_bytes = 16384;
  // How often the pattern is expanded and the paths stat()ed without inotify
  // telling us something changed. Zero: every Poll.
  std::chrono::milliseconds rescan_interval{1000};
  // How long a stream no path names stays open after its last data; also
  // how long a path may be missing before that is an error.
  std::chrono::milliseconds rotate_wait{5000};
  // At most this many bytes per Poll, so the loop stays responsive.
  std::size_t read_budget = std::size_t{4} << 20;
  bool use_inotify = true;
  // Shared by the runner's file inputs; nullptr: no limit but the system's.
  DescriptorBudget* budget = nullptr;
};

class FileTailer {
 public:
  // Closed files remembered by identity, per input (docs/inputs.md).
  static constexpr std::size_t kMaxKnownFiles = 64;

  // `input` is the input's index, `name` its configured name.
  FileTailer(int input, std::string name, std::string pattern, StartAt start_at, const Clock& clock,
             FileTailerOptions options);
  FileTailer(const FileTailer&) = delete;
  FileTailer& operator=(const FileTailer&) = delete;

  // Saved checkpoints; those of other inputs are ignored. Call before Poll.
  void Restore(const std::vector<FileCheckpoint>& checkpoints);
  // Takes (removes) from `orphans` — checkpoints of inputs no longer
  // configured — those of files this input follows: whose saved path its
  // pattern names, or that one of its paths names now. Call before Poll.
  // Returns how many it took.
  std::size_t Adopt(std::vector<FileCheckpoint>& orphans);
  // One round. Returns true when data is left unread (budget spent).
  bool Poll(LineSink& sink, InputStats& stats);
  // Appends this input's checkpoints: one per open file and per known closed
  // file, or one placeholder (inode 0) when there is none, so a restart
  // knows state existed.
  void AppendCheckpoints(std::vector<FileCheckpoint>& out) const;
  // Whether the files changed since the last call (see above); clears it.
  bool TakeFilesChanged() { return std::exchange(files_changed_, false); }
  // The inotify descriptor to wait on, or -1.
  int wake_fd() const { return watcher_ ? watcher_->fd() : -1; }
  // The open streams, oldest first (for tests and diagnostics).
  std::size_t stream_count() const { return streams_.size(); }
  std::size_t known_count() const { return known_.size(); }

 private:
  struct Found {
    std::string path;
    FileId id;
  };
  struct Occupant {  // the file a path last named, to count rotations
    std::string path;
    FileId last;
    bool present = false;          // names a file in the current rescan
    bool reported_absent = false;  // FileForgotten was sent since
  };
  struct Opened {
    UniqueFd fd;
    FileId id;
    std::uint64_t size = 0;
    DescriptorBudget::Slot slot;
  };

  // Opens `path` as a regular file within the budget (always when `force`).
  // nullopt with `error` set (errno; 0: not a regular file) otherwise.
  std::optional<Opened> Open(const std::string& path, bool force, int& error);
  void Push(Opened opened, const std::string& path, std::uint64_t offset, std::size_t at);
  void RestoreStreams(InputStats& stats);
  // Resumes saved file `cp`, open as `opened` at `path` (see above). False
  // when its first bytes are not the saved ones: it is another file now.
  bool Resume(const FileCheckpoint& cp, const std::string& path, Opened& opened, InputStats& stats);
  void Remember(FileCheckpoint cp);
  std::optional<FileCheckpoint> TakeKnown(FileId id);
  void CheckTruncations(InputStats& stats);
  void Rescan(InputStats& stats, bool initial);
  void OpenNew(const Found& found, bool initial, InputStats& stats);
  // Opens a copy of `source` (same fingerprint, other inode) from `offset`
  // and puts it before index `at`. Returns whether one was found.
  bool OpenCopy(const std::string& dir, const Fingerprint& fp, std::uint64_t offset, std::size_t at);
  bool ReadStreams(LineDelivery& deliver);
  void CloseDrained();
  FileStream* FindStream(FileId id);
  bool IsCopyOfFollowed(int fd, FileId id, std::uint64_t size) const;
  void NoteOccupant(const std::string& path, FileId id);
  std::string BudgetNote() const;

  const int input_;
  const std::string name_;
  const std::string pattern_;
  const StartAt start_at_;
  const Clock& clock_;
  const FileTailerOptions options_;
  std::unique_ptr<DirWatcher> watcher_;
  FileProblems problems_;
  std::vector<FileCheckpoint> restore_;
  std::deque<FileCheckpoint> known_;  // closed files, oldest first
  bool has_state_ = false;
  bool first_round_ = true;
  bool files_changed_ = false;
  std::chrono::steady_clock::time_point next_rescan_{};
  std::vector<std::unique_ptr<FileStream>> streams_;  // oldest first
  std::vector<Occupant> occupants_;
  std::vector<std::string> paths_;  // scratch for ExpandPattern
  std::vector<Found> found_;        // scratch for Rescan
  std::vector<bool> was_followed_;  // scratch for Rescan
  std::vector<char> buffer_;
};

}  // namespace fwlog
