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
// ForEachWordBefore: the space-separated words of `text` before the first
// `stop` byte, empty ones skipped (see below).
//
// Find: the position of `needle` in `text` at or after `from`, or npos, like
// std::string_view::find. With SSE2, 16 candidate positions are tested at
// once on the needle's first and last bytes, then confirmed with memcmp;
// std::string_view::find instead calls memchr for the first byte and stops at
// every occurrence of it (" in:" stops at every space).
//
// SameBytes: whether n bytes at two places are equal, inline: the parse
// stage's memos compare a few dozen bytes per line (a stamp, a host and
// tag, a log prefix), where a library memcmp call costs more than the
// compare itself.

#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fwlog {

namespace scan_detail {

// Whether the first and the last sizeof(Word) bytes of a and b are equal
// (sizeof(Word) <= n < 2 * sizeof(Word): the two loads overlap).
template <typename Word>
bool SameEnds(const char* a, const char* b, std::size_t n) {
  Word a0, a1, b0, b1;
  std::memcpy(&a0, a, sizeof(Word));
  std::memcpy(&a1, a + n - sizeof(Word), sizeof(Word));
  std::memcpy(&b0, b, sizeof(Word));
  std::memcpy(&b1, b + n - sizeof(Word), sizeof(Word));
  return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

}  // namespace scan_detail

inline bool SameBytes(const char* a, const char* b, std::size_t n) {
#if defined(__SSE2__)
  if (n >= 16) {
    const auto same16 = [a, b](std::size_t at) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + at));
      const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + at));
      return _mm_movemask_epi8(_mm_cmpeq_epi8(x, y)) == 0xffff;
    };
    for (std::size_t at = 0; at + 16 < n; at += 16)
      if (!same16(at)) return false;
    return same16(n - 16);  // the last 16 bytes, overlapping the block before
  }
#else
  if (n >= 16) return std::memcmp(a, b, n) == 0;
#endif
  if (n >= 8) return scan_detail::SameEnds<std::uint64_t>(a, b, n);
  if (n >= 4) return scan_detail::SameEnds<std::uint32_t>(a, b, n);
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

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

namespace scan_detail {

// Bit i (i < 16) of the result: the byte at `at + i` is `c` (at + i < n; at <
// n). The block that would run past the end is loaded as the text's last 16
// bytes instead and shifted down, so nothing past `n` is read.
inline unsigned Matches16(const char* data, std::size_t n, std::size_t at, char c) {
#if defined(__SSE2__)
  if (n >= 16) {
    const std::size_t load_at = at + 16 <= n ? at : n - 16;
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + load_at));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)))) >> (at - load_at);
  }
#endif
  unsigned mask = 0;
  const std::size_t end = at + 16 < n ? at + 16 : n;
  for (std::size_t i = at; i < end; ++i)
    if (data[i] == c) mask |= 1u << (i - at);
  return mask;
}

// Bit i (i < 64): the byte at `at + i` is `c`, for at + i < n.
inline std::uint64_t Matches64(const char* data, std::size_t n, std::size_t at, char c) {
  std::uint64_t mask = 0;
  for (std::size_t k = 0; k < 4 && at + 16 * k < n; ++k)
    mask |= std::uint64_t{Matches16(data, n, at + 16 * k, c)} << (16 * k);
  return mask;
}

#if defined(__SSE2__)
// Bit i: byte p[i] is `a` (first) or `b` (second), for the 64 bytes at p.
inline void Matches64Both(const char* p, char a, char b, std::uint64_t& as, std::uint64_t& bs) {
  const auto* v = reinterpret_cast<const __m128i*>(p);
  const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
  as = 0;
  bs = 0;
  for (int k = 0; k < 4; ++k) {
    const __m128i x = _mm_loadu_si128(v + k);
    as |= std::uint64_t{static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, va)))} << (16 * k);
    bs |= std::uint64_t{static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, vb)))} << (16 * k);
  }
}
#endif

}  // namespace scan_detail

// Calls f(word) for the space-separated words of `text` before its first
// `stop` byte (a word the stop byte cuts short ends there), in order, empty
// ones skipped: the words of ForEachToken(text.substr(0, text.find(stop))).
// The text is looked at 64 bytes at a time, as two bit masks (its spaces and
// its stop bytes); each word then costs a bit scan. A netfilter line has ~25
// short words: a scan that stopped at each one to refill a 16-byte mask and
// test for the stop byte cost more than the words' own handling.
template <typename F>
void ForEachWordBefore(std::string_view text, char stop, F&& f) {
  const char* const data = text.data();
  std::size_t n = text.size();
  std::size_t start = 0;  // where the current word starts
  for (std::size_t base = 0; base < n; base += 64) {
    std::uint64_t spaces, stops;
#if defined(__SSE2__)
    if (base + 64 <= n) {
      scan_detail::Matches64Both(data + base, ' ', stop, spaces, stops);
    } else if (n >= 64) {  // the last, partial block: the text's final 64 bytes, shifted down
      scan_detail::Matches64Both(data + n - 64, ' ', stop, spaces, stops);
      spaces >>= base - (n - 64);
      stops >>= base - (n - 64);
    } else
#endif
    {
      spaces = scan_detail::Matches64(data, n, base, ' ');
      stops = scan_detail::Matches64(data, n, base, stop);
    }
    if (stops != 0) {  // the text ends at the stop byte
      const auto at = static_cast<unsigned>(__builtin_ctzll(stops));
      n = base + at;
      spaces &= (std::uint64_t{1} << at) - 1;
    }
    while (spaces != 0) {
      const std::size_t end = base + static_cast<std::size_t>(__builtin_ctzll(spaces));
      spaces &= spaces - 1;
      if (end > start) f(std::string_view(data + start, end - start));
      start = end + 1;
    }
  }
  if (start < n) f(std::string_view(data + start, n - start));
}

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
