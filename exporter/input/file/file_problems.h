// FileProblems: the paths one file input cannot read, so that each failure is
// counted (InputStats::InputFailed, at every look while it lasts) and told
// once (InputStats::InputNotice: the path and the OS error when it first
// fails and again when the error changes; "can be read again" when it
// clears) — never at every look.
//
// A path that does not exist is a problem only once it has been missing for
// `grace`: between a rotation's rename and create the live path is briefly
// absent, which is no error. At most kMaxNoticesPerLook paths are told per
// look, the rest in one line with their number (a glob of a thousand files
// out of descriptors says so in a few lines, not a thousand).
//
// Not thread-safe: the FileTailer's thread uses it.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/line_sink.h"

namespace fwlog {

// The reason an errno is counted under.
InputError InputErrorOf(int error);

class FileProblems {
 public:
  static constexpr int kMaxNoticesPerLook = 10;
  using TimePoint = std::chrono::steady_clock::time_point;

  FileProblems(int input, std::chrono::milliseconds grace) : input_(input), grace_(grace) {}

  void BeginLook();
  // `path` could not be looked at or opened. `what` says which ("cannot
  // open"), `error` is the errno (0: not a regular file), `note` is added to
  // the message when it is told.
  void Failed(const std::string& path, const char* what, int error, std::string_view note, InputStats& stats);
  // `path` does not exist (now: when that began, for the grace).
  void Missing(const std::string& path, TimePoint now, InputStats& stats);
  // `path` was read, or followed, fine.
  void Fine(const std::string& path, InputStats& stats);
  // Problems of paths this look did not see again are forgotten, unless
  // `partial` (the look could not see everything). Tells how many problems
  // of this look were not told one by one.
  void EndLook(bool partial, InputStats& stats);

  // The paths with a problem now, missing ones within their grace included.
  std::size_t size() const { return problems_.size(); }

 private:
  struct Problem {
    InputError reason = InputError::kOther;
    int error = 0;
    TimePoint since{};
    bool counted = false;  // told, and counted at every look (a missing path: past its grace)
    bool seen = false;
  };
  // Counts a new or changed problem and tells it.
  void Tell(Problem& p, std::string_view message, InputStats& stats);

  const int input_;
  const std::chrono::milliseconds grace_;
  std::unordered_map<std::string, Problem> problems_;
  int told_this_look_ = 0;
  std::size_t untold_this_look_ = 0;
  InputError untold_reason_ = InputError::kOther;
};

}  // namespace fwlog
