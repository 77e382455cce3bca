// Scanning helpers for the presets' hot paths.
//
// ForEachField: calls f(field) for every `delimiter`-separated piece of
// `text`, in order, empty pieces included (a CSV's ",,"), so n delimiters
// give n + 1 calls. With SSE2 the delimiters are found 16 bytes at a time: a
// log line has 20-30 short fields, where a memchr call per field or a byte
// loop costs more than the rest of the work on the line.
//
// ForEachToken: the same for space-separated words, empty ones skipped.
//
// TokenCursor: the space-separated words of `text` before the first `stop`
// byte (a word it cuts short ends there), empty ones skipped, one per Next():
// the same words as ForEachToken(text.substr(0, text.find(stop))) without
// the separate search for `stop` and with the caller's loop body inline (a
// preset reads ~20 words per line; a call per word cost more than the words).
//
// Find: the position of `needle` in `text` at or after `from`, or npos, like
// std::string_view::find. With SSE2, 16 candidate positions are tested at
// once on the needle's first and last bytes, then confirmed with memcmp;
// std::string_view::find instead calls memchr for the first byte and stops at
// every occurrence of it (" in:" stops at every space).
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fwlog {

template <typename F>
void ForEachField(std::string_view text, char delimiter, F&& f) {
  const char* const data = text.data();
  const std::size_t n = text.size();
  std::size_t start = 0;
  std::size_t i = 0;
  auto emit = [&](std::size_t end) {
    f(std::string_view(data + start, end - start));
    start = end + 1;
  };
#if defined(__SSE2__)
  const __m128i d = _mm_set1_epi8(delimiter);
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, d)));
    while (mask != 0) {
      emit(i + static_cast<std::size_t>(__builtin_ctz(mask)));
      mask &= mask - 1;
    }
  }
#endif
  for (; i < n; ++i)
    if (data[i] == delimiter) emit(i);
  emit(n);
}

template <typename F>
void ForEachToken(std::string_view text, F&& f) {
  ForEachField(text, ' ', [&f](std::string_view token) {
    if (!token.empty()) f(token);
  });
}

class TokenCursor {
 public:
  TokenCursor(std::string_view text, char stop) : data_(text.data()), size_(text.size()), stop_(stop) {}

  // Sets `token` to the next word; false when there is none left.
  bool Next(std::string_view& token) {
    for (;;) {
      while (mask_ == 0) {
        if (next_ >= size_) {  // no delimiter left: the last word runs to the end
          if (start_ >= size_) return false;
          token = std::string_view(data_ + start_, size_ - start_);
          start_ = size_;
          return true;
        }
        base_ = next_;
        mask_ = Delimiters(base_);
        next_ = base_ + 16;
      }
      const std::size_t end = base_ + static_cast<std::size_t>(__builtin_ctz(mask_));
      mask_ &= mask_ - 1;
      if (data_[end] == stop_) {  // nothing after it counts
        size_ = end;
        mask_ = 0;
        next_ = end;
      }
      if (end > start_) {
        token = std::string_view(data_ + start_, end - start_);
        start_ = end + 1;
        return true;
      }
      start_ = end + 1;
    }
  }

 private:
  // Bit i set: the byte at `at + i` is a space or `stop_` (i < 16, and
  // at + i < size_).
  unsigned Delimiters(std::size_t at) const {
#if defined(__SSE2__)
    if (size_ >= 16) {
      // The last block overlaps the one before it: load the text's final 16
      // bytes and drop the bits of those already seen.
      const std::size_t load_at = at + 16 <= size_ ? at : size_ - 16;
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data_ + load_at));
      const __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8(stop_)));
      return static_cast<unsigned>(_mm_movemask_epi8(hits)) >> (at - load_at);
    }
#endif
    unsigned mask = 0;
    const std::size_t end = at + 16 < size_ ? at + 16 : size_;
    for (std::size_t i = at; i < end; ++i)
      if (data_[i] == ' ' || data_[i] == stop_) mask |= 1u << (i - at);
    return mask;
  }

  const char* data_;
  std::size_t size_;
  char stop_;
  std::size_t start_ = 0;  // where the current word starts
  std::size_t base_ = 0;   // the byte that bit 0 of mask_ stands for
  std::size_t next_ = 0;   // the next block to scan
  unsigned mask_ = 0;      // delimiters in the block at base_ not yet consumed
};

inline std::size_t Find(std::string_view text, std::string_view needle, std::size_t from = 0) {
  const std::size_t k = needle.size();
  const std::size_t n = text.size();
  if (k == 0) return from <= n ? from : std::string_view::npos;
  if (from > n || n - from < k) return std::string_view::npos;
  const char* const data = text.data();
  std::size_t i = from;
#if defined(__SSE2__)
  const __m128i first = _mm_set1_epi8(needle[0]);
  const __m128i last = _mm_set1_epi8(needle[k - 1]);
  for (; i + k - 1 + 16 <= n; i += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i + k - 1));
    auto mask =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last))));
    while (mask != 0) {
      const std::size_t pos = i + static_cast<std::size_t>(__builtin_ctz(mask));
      if (std::memcmp(data + pos + 1, needle.data() + 1, k - 1) == 0) return pos;
      mask &= mask - 1;
    }
  }
#endif
  for (; i + k <= n; ++i)
    if (data[i] == needle[0] && std::memcmp(data + i + 1, needle.data() + 1, k - 1) == 0) return i;
  return std::string_view::npos;
}

}  // namespace fwlog
