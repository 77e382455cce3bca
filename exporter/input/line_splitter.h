// LineSplitter: bytes in, complete lines out.
//
// Feed() hands over every line whose '\n' has arrived and keeps the rest (a
// partial line) until its terminator comes in a later Feed(); a line is never
// delivered before it is complete, except by Finish(), which a reader calls at
// the true end of a stream (end of a whole file, EOF on stdin, a closed TCP
// connection). One trailing '\r' is stripped (CRLF).
//
// A line longer than max_line_bytes is cut: when its '\n' arrives, its first
// max_line_bytes bytes are delivered with cut = true; the rest of it is
// dropped, and the next line is whole again. Delivering it only at its end
// keeps pending_bytes() (what a checkpoint subtracts from the read offset)
// exact: a restored reader never sees half of a line it already delivered.
//
// Lines are delivered as views into the fed bytes when no partial line is
// held, else into an internal buffer that grows to at most max_line_bytes + 1
// and is then reused: after warm-up, splitting allocates nothing.
//
// The search for a line's end also tells whether every byte before it is
// printable ASCII (0x20..0x7e): the receiver gets it (LogLine::printable),
// so the parser need not read the line once more to rule out binary junk.
// False means "not known" (a line held across reads, a tab, CRLF, UTF-8, ...).
//
// Lines go to a LineReceiver (below): a receiver may keep the views it is
// given until its SendBatch() is called, and the splitter calls it before
// those bytes can change. The concept is checked where Feed() is called, so
// a receiver without SendBatch() does not compile (it cannot silently lose
// the call and keep dangling views); EachLine() adapts a plain callable that
// keeps nothing.
//
// Not thread-safe; one splitter per stream.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/byte_scan.h"

namespace fwlog {

// What a LineSplitter hands lines to: `r(text, cut, printable)` for each
// line, and `r.SendBatch()` before the bytes the lines view may change (and
// before Feed() or Finish() returns). A receiver that gathers views
// (LineDelivery) hands them over there; one that keeps none does nothing.
template <typename R>
concept LineReceiver = requires(R& r, std::string_view text, bool flag) {
  r(text, flag, flag);
  r.SendBatch();
};

// A LineReceiver for a callable that takes each line at once and keeps no
// view of it: `f(text, cut)` or `f(text, cut, printable)`.
template <typename F>
class EachLine {
 public:
  explicit EachLine(F f) : f_(std::move(f)) {}
  void operator()(std::string_view text, bool cut, bool printable) {
    if constexpr (std::is_invocable_v<F&, std::string_view, bool, bool>)
      f_(text, cut, printable);
    else
      f_(text, cut);
  }
  void SendBatch() {}

 private:
  F f_;
};

class LineSplitter {
 public:
  explicit LineSplitter(std::size_t max_line_bytes);

  // `on_line(text, cut, printable)` for each completed line; SendBatch()
  // before the held line's bytes change and before Feed() returns: the
  // views it gathered stay valid until then.
  template <typename OnLine>
  requires LineReceiver<std::remove_reference_t<OnLine>>
  void Feed(std::string_view bytes, OnLine&& on_line) {
    while (!bytes.empty()) {
      bool printable = false;
      const std::size_t len = FindLineEnd(bytes, printable);
      if (len == std::string_view::npos) {
        on_line.SendBatch();
        Hold(bytes);
        return;
      }
      const std::string_view piece = bytes.substr(0, len);
      bytes.remove_prefix(len + 1);
      if (pending_ == 0) {
        Emit(piece, piece.size() > max_ + 1, printable, on_line);
      } else {
        Hold(piece);
        Emit(held_, overflow_, false, on_line);
        on_line.SendBatch();  // before Clear() writes held_'s first byte
        Clear();
      }
    }
    on_line.SendBatch();
  }

  // Delivers the held partial line, if any, as a complete line.
  template <typename OnLine>
  requires LineReceiver<std::remove_reference_t<OnLine>>
  void Finish(OnLine&& on_line) {
    if (pending_ > 0) Emit(held_, overflow_, false, on_line);
    on_line.SendBatch();
    Clear();
  }

  // Forgets the held partial line (e.g. the file was truncated).
  void Reset() { Clear(); }

  // Bytes of the current unfinished line fed so far, dropped ones included.
  std::size_t pending_bytes() const { return pending_; }
  std::size_t max_line_bytes() const { return max_; }

  // Where the first '\n' of `bytes` is (npos: none); `printable`: every
  // byte before it is printable ASCII. One pass finds the first byte that
  // is not printable ASCII ('\n' is one); only when that byte is not the
  // '\n' does memchr() look on from there.
  static std::size_t FindLineEnd(std::string_view bytes, bool& printable) {
    printable = false;
    const std::size_t at = FirstNotPrintableAscii(bytes);
    if (at == std::string_view::npos) return std::string_view::npos;
    if (bytes[at] == '\n') {
      printable = true;
      return at;
    }
    const void* nl = std::memchr(bytes.data() + at, '\n', bytes.size() - at);
    return nl == nullptr ? std::string_view::npos
                         : static_cast<std::size_t>(static_cast<const char*>(nl) - bytes.data());
  }

 private:
  void Hold(std::string_view bytes);
  void Clear() {
    held_.clear();
    pending_ = 0;
    overflow_ = false;
  }
  // `overflow`: bytes of the line were dropped, so it is too long whatever
  // its last held byte is.
  template <typename OnLine>
  void Emit(std::string_view text, bool overflow, bool printable, OnLine& on_line) {
    if (!overflow && !text.empty() && text.back() == '\r') text.remove_suffix(1);
    const bool cut = overflow || text.size() > max_;
    on_line(cut ? text.substr(0, max_) : text, cut, printable);
  }

  std::size_t max_;
  std::string held_;         // the partial line, at most max_ + 1 bytes
  std::size_t pending_ = 0;  // its full length so far
  bool overflow_ = false;
};

}  // namespace fwlog
