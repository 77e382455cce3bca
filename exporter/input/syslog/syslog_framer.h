// SyslogFramer: splits one TCP syslog connection's byte stream into messages
// (RFC 6587). The framing is detected from the connection's first byte:
//
//  * a digit: octet counting, "MSG-LEN SP MSG" repeated (RFC 5425 style);
//  * anything else ('<' normally): non-transparent framing, one message per
//    line ('\n', optional '\r' before it).
//
// Messages longer than max_message_bytes are cut there and delivered with
// cut = true (the rest is dropped). Empty messages are skipped. A trailing
// '\n' inside an octet-counted frame is stripped (some senders add one).
//
// An octet count longer than its message (a broken or hostile sender) would
// swallow the start of the next frame: the damaged frame would pass as one
// message with the next frame's header and text glued to it, and the stream
// would stay out of step. So a complete frame (one that was not cut) is
// checked for a frame header inside it: "LEN SP <PRI>" followed by the start
// of a syslog header (a version "1 ", a month "Nov ", or an ISO date), where
// the frame LEN announces ends at another such header, or where the data
// ends, or past the damaged frame's end (the rest is still to come). When
// the damaged frame holds only part of such a header, the bytes after it in
// the same read complete it (and do not start a frame of their own). Such a
// frame is dropped, counted in overruns(), and framing restarts at the
// embedded header, so the next message is read whole. (When the damaged
// message ends in digits, the header's length digits run into them; the
// reading followed by another header is taken, else one ending where the
// data does, else the longest running past the damaged frame and at most
// max_message_bytes. In a run of frames that are all damaged, one drop may
// so stand for two messages.) What it cannot see: a count a few bytes too long
// whose frame ends exactly where a read does, before the next header is
// whole; the stream is then out of step, and the next length is malformed
// (bad_frame) as before.
// Not thread-safe; one per connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "input/line_splitter.h"

namespace fwlog {

class SyslogFramer {
 public:
  explicit SyslogFramer(std::size_t max_message_bytes);

  // `emit(std::string_view message, bool cut)` per complete message. Returns
  // false when an octet count is malformed: the connection should be closed.
  template <typename Emit>
  bool Feed(std::string_view bytes, Emit&& emit) {
    auto skip_empty = [&](std::string_view m, bool cut) {
      if (!m.empty()) emit(m, cut);
    };
    if (mode_ == Mode::kDetect && !bytes.empty()) {
      mode_ = (bytes[0] >= '0' && bytes[0] <= '9') ? Mode::kOctet : Mode::kNewline;
    }
    if (mode_ == Mode::kNewline) {
      lines_.Feed(bytes, EachLine(skip_empty));
      return true;
    }
    // After an overrun, the dropped frame's tail from the embedded header on
    // is framed again (`again`, a view into replay_) before the rest of `bytes`.
    std::string_view again;
    for (;;) {
      std::string_view& in = again.empty() ? bytes : again;
      if (in.empty()) break;
      if (remaining_ == 0 && !in_frame_) {
        if (!ReadLength(in)) return false;
        if (!in_frame_) continue;  // still reading digits (or skipped a separator)
        if (remaining_ == 0) {
          in_frame_ = false;  // "0 ": an empty frame
          continue;
        }
      }
      const std::size_t take = remaining_ < in.size() ? remaining_ : in.size();
      Append(in.substr(0, take));
      in.remove_prefix(take);
      remaining_ -= take;
      if (remaining_ != 0) continue;
      std::string_view m = frame_;
      in_frame_ = false;
      if (!frame_overflow_) {
        const std::size_t next = EmbeddedFrame(m, again.empty() ? bytes : again);
        if (next != std::string_view::npos) {
          // Dropped. The tail is copied (with what is left of an earlier
          // replay, which it may point into): at most one frame's bytes, and
          // at least one byte less each time, so this ends.
          ++overruns_;
          std::string tail(m.substr(next));
          tail.append(again);
          replay_.swap(tail);
          again = replay_;
          frame_.clear();
          continue;
        }
        while (!m.empty() && (m.back() == '\n' || m.back() == '\r')) m.remove_suffix(1);
      }
      const bool cut = frame_overflow_ || m.size() > max_;
      skip_empty(cut ? m.substr(0, max_) : m, cut);
      frame_.clear();
      frame_overflow_ = false;
    }
    return true;
  }

  // Frames dropped because their count ran past their message (see above).
  std::uint64_t overruns() const { return overruns_; }

  // Whether part of a message is held (waiting for its end).
  bool pending() const { return mode_ == Mode::kNewline ? lines_.pending_bytes() > 0 : in_frame_ || digits_ > 0; }

  // End of the connection. Newline framing delivers a last unterminated
  // message (the stream is complete). Returns true when an octet-counted
  // frame was left incomplete and is dropped.
  template <typename Emit>
  bool Finish(Emit&& emit) {
    if (mode_ == Mode::kNewline) {
      lines_.Finish(EachLine([&](std::string_view m, bool cut) {
        if (!m.empty()) emit(m, cut);
      }));
      return false;
    }
    return in_frame_ || digits_ > 0;
  }

 private:
  enum class Mode { kDetect, kOctet, kNewline };
  // Consumes length digits and the space after them.
  bool ReadLength(std::string_view& bytes);
  void Append(std::string_view bytes);
  // Where the frame header embedded in a complete frame `body` starts (its
  // length's first digit), or npos when there is none (see above);
  // `following` are the bytes after the frame at hand.
  std::size_t EmbeddedFrame(std::string_view body, std::string_view following) const;

  const std::size_t max_;
  Mode mode_ = Mode::kDetect;
  LineSplitter lines_;
  std::size_t length_ = 0;  // the octet count being read
  int digits_ = 0;
  bool in_frame_ = false;
  std::size_t remaining_ = 0;
  std::string frame_;  // at most max_ + 2 bytes
  bool frame_overflow_ = false;
  std::uint64_t overruns_ = 0;
  std::string replay_;  // a dropped frame's tail, framed again (only read within a Feed)
};

}  // namespace fwlog
