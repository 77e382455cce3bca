// Memo<N, Reading>: the reading a parser made of the last text it read,
// kept beside a copy of that text's bytes, so that the next line that holds
// the same bytes costs a compare instead of the reading. Most lines of a
// firewall log repeat the stamp's second, the host and tag, the log prefix
// and the destination of the line before.
//
// A memo is correct only for a reading that depends on nothing but the
// bytes it is keyed by: the key is exactly what the reader looked at. Two
// ways to ask:
//   ForSame(text)     the reading kept for exactly `text`
//   ForStartOf(text)  the reading kept for a key that `text` starts with
//                     (for readers that stop where their key ends, such as
//                     a stamp followed by the rest of the line)
// A reading must not point into the text it was made of (that line is gone
// when the next one is read): keep offsets into the key, and rebuild views
// into the text that matched.
//
// Memos live in a ParseState (parse_state.h), one per input, owned by that
// input's Parser; nothing is shared between inputs or threads. Nothing is
// kept at first: a new memo answers nothing.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <string_view>

#include "core/byte_scan.h"

namespace fwlog {

template <std::size_t N, typename Reading>
class Memo {
 public:
  const Reading* ForSame(std::string_view text) const {
    return text.size() == size_ && SameBytes(text.data(), key_.data(), size_) ? &reading_ : nullptr;
  }
  const Reading* ForStartOf(std::string_view text) const {
    return text.size() >= size_ && SameBytes(text.data(), key_.data(), size_) ? &reading_ : nullptr;
  }
  // Keeps `reading` for `key`; a key longer than N is not kept (false), and
  // what was kept before stays.
  bool Keep(std::string_view key, const Reading& reading) {
    if (key.size() > N) return false;
    std::memcpy(key_.data(), key.data(), key.size());
    size_ = key.size();
    reading_ = reading;
    return true;
  }

 private:
  std::array<char, N> key_{};
  // Nothing kept: a size no text has, so that both questions fail on it.
  std::size_t size_ = static_cast<std::size_t>(-1);
  Reading reading_{};
};

}  // namespace fwlog
