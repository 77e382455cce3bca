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
// printable ASCII (0x20..0x7e): an `on_line` that takes a third argument
// gets it (LogLine::printable), so the parser need not read the line once
// more to rule out binary junk. False means "not known" (a line held across
// reads, a tab, CRLF, UTF-8, ...).
//
// Not thread-safe; one splitter per stream.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/byte_scan.h"

namespace fwlog {

class LineSplitter {
 public:
  explicit LineSplitter(std::size_t max_line_bytes);

  // `on_line(std::string_view text, bool cut)` for each completed line. An
  // `on_line` that gathers lines (it has SendBatch(), as LineDelivery does)
  // is told to hand them over before the held line's bytes change and
  // before Feed() or Finish() returns: the views it gathered stay valid
  // until then.
  template <typename OnLine>
  void Feed(std::string_view bytes, OnLine&& on_line) {
    while (!bytes.empty()) {
      bool printable = false;
      const std::size_t len = FindLineEnd(bytes, printable);
      if (len == std::string_view::npos) {
        SendBatch(on_line);
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
        SendBatch(on_line);  // before Clear() writes held_'s first byte
        Clear();
      }
    }
    SendBatch(on_line);
  }

  // Delivers the held partial line, if any, as a complete line.
  template <typename OnLine>
  void Finish(OnLine&& on_line) {
    if (pending_ > 0) Emit(held_, overflow_, false, on_line);
    SendBatch(on_line);
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
  template <typename OnLine>
  static void SendBatch(OnLine& on_line) {
    if constexpr (requires { on_line.SendBatch(); }) on_line.SendBatch();
  }
  // `overflow`: bytes of the line were dropped, so it is too long whatever
  // its last held byte is.
  template <typename OnLine>
  void Emit(std::string_view text, bool overflow, bool printable, OnLine& on_line) {
    if (!overflow && !text.empty() && text.back() == '\r') text.remove_suffix(1);
    const bool cut = overflow || text.size() > max_;
    if constexpr (std::is_invocable_v<OnLine&, std::string_view, bool, bool>)
      on_line(cut ? text.substr(0, max_) : text, cut, printable);
    else
      on_line(cut ? text.substr(0, max_) : text, cut);
  }

  std::size_t max_;
  std::string held_;         // the partial line, at most max_ + 1 bytes
  std::size_t pending_ = 0;  // its full length so far
  bool overflow_ = false;
};

}  // namespace fwlog
