// FirstNotPrintableAscii: where the first byte of a text outside printable
// ASCII (0x20..0x7e) is: a control byte such as '\n', DEL, or a byte of
// 0x80 and up. The line splitter finds a line's end with it (in a clean
// line the first such byte is the '\n'), and the parser's binary check
// proves most lines clean with it. With SSE2, one compare per 16 bytes: a
// byte is printable exactly when byte + 1, as a signed byte, is at least
// 0x21 (0x7f and 0x80..0xff wrap below zero, 0xff to 0).
#pragma once

#include <cstddef>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fwlog {

// npos when every byte is printable ASCII.
inline std::size_t FirstNotPrintableAscii(std::string_view text) {
  const char* const p = text.data();
  const std::size_t n = text.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i one = _mm_set1_epi8(1);
  const __m128i first_printable = _mm_set1_epi8(0x21);
  // Bit k: byte `from` + k is not printable ASCII.
  const auto others = [&](std::size_t from) {
    const __m128i v = _mm_add_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + from)), one);
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, first_printable)));
  };
  for (; i + 16 <= n; i += 16)
    if (const unsigned found = others(i); found != 0) return i + static_cast<std::size_t>(__builtin_ctz(found));
  if (i < n && n >= 16) {
    // The last 16 bytes, shifted so that bit 0 is byte i (those before i
    // were looked at already).
    const unsigned found = others(n - 16) >> (i - (n - 16));
    return found != 0 ? i + static_cast<std::size_t>(__builtin_ctz(found)) : std::string_view::npos;
  }
#endif
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if (c < 0x20 || c > 0x7e) return i;
  }
  return std::string_view::npos;
}

}  // namespace fwlog
