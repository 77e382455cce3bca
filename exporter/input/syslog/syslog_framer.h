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
// Not thread-safe; one per connection.
#pragma once

#include <cstddef>
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
      lines_.Feed(bytes, skip_empty);
      return true;
    }
    while (!bytes.empty()) {
      if (remaining_ == 0 && !in_frame_) {
        if (!ReadLength(bytes)) return false;
        if (!in_frame_) continue;  // still reading digits (or skipped a separator)
        if (remaining_ == 0) {
          in_frame_ = false;  // "0 ": an empty frame
          continue;
        }
      }
      const std::size_t take = remaining_ < bytes.size() ? remaining_ : bytes.size();
      Append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      remaining_ -= take;
      if (remaining_ == 0) {
        std::string_view m = frame_;
        if (!frame_overflow_) {
          while (!m.empty() && (m.back() == '\n' || m.back() == '\r')) m.remove_suffix(1);
        }
        const bool cut = frame_overflow_ || m.size() > max_;
        skip_empty(cut ? m.substr(0, max_) : m, cut);
        frame_.clear();
        frame_overflow_ = false;
        in_frame_ = false;
      }
    }
    return true;
  }

  // Whether part of a message is held (waiting for its end).
  bool pending() const { return mode_ == Mode::kNewline ? lines_.pending_bytes() > 0 : in_frame_ || digits_ > 0; }

  // End of the connection. Newline framing delivers a last unterminated
  // message (the stream is complete). Returns true when an octet-counted
  // frame was left incomplete and is dropped.
  template <typename Emit>
  bool Finish(Emit&& emit) {
    if (mode_ == Mode::kNewline) {
      lines_.Finish([&](std::string_view m, bool cut) {
        if (!m.empty()) emit(m, cut);
      });
      return false;
    }
    return in_frame_ || digits_ > 0;
  }

 private:
  enum class Mode { kDetect, kOctet, kNewline };
  // Consumes length digits and the space after them.
  bool ReadLength(std::string_view& bytes);
  void Append(std::string_view bytes);

  const std::size_t max_;
  Mode mode_ = Mode::kDetect;
  LineSplitter lines_;
  std::size_t length_ = 0;  // the octet count being read
  int digits_ = 0;
  bool in_frame_ = false;
  std::size_t remaining_ = 0;
  std::string frame_;  // at most max_ + 2 bytes
  bool frame_overflow_ = false;
};

}  // namespace fwlog
