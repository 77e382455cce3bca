// Byte scanning: the loops over a line's bytes that run for every line read,
// in one place. Each routine has a plain reference in namespace `scalar`,
// written for clarity; where SSE2 pays, a vectorised version does the same
// work 16 bytes at a time, and the routine in namespace `fwlog` is that one.
// tests/core/byte_scan_test.cc holds every routine to its reference on
// random input. A build with -DFWLOG_PORTABLE=ON (or for a CPU without
// SSE2: ARM, a Raspberry Pi) uses the references alone; CI builds and tests
// it too.
//
//   FirstNotPrintableAscii(text)   where the first byte outside 0x20..0x7e is
//                                  (the line splitter finds a line's end with
//                                  it: in a clean line that byte is '\n')
//   FindControlAndHigh(text)       whether a control byte (tab excepted) or
//                                  DEL is there, and whether a byte >= 0x80
//                                  is (the parser's binary check)
//   FindByte(text, c)              text.find(c), for the short words of an
//                                  envelope: the first 16 bytes in one step
//   SameBytes(a, b, n)             memcmp(a, b, n) == 0, inline: the parse
//                                  stage's memos compare a few dozen bytes
//                                  per line, where a library call costs more
//                                  than the compare
//   Find(text, needle, from)       std::string_view::find; the vectorised one
//                                  tests 16 candidate positions at once on the
//                                  needle's first and last bytes, where
//                                  find() stops at every occurrence of the
//                                  first byte (" in:" at every space)
//   ForEachField(text, d, f)       f(piece) for every d-separated piece, in
//                                  order, empty pieces included (n delimiters:
//                                  n + 1 calls)
//   ForEachToken(text, f)          the same for space-separated words, empty
//                                  ones skipped
//   ForEachWordBefore(text, s, f)  the words of ForEachToken(text.substr(0,
//                                  text.find(s))); vectorised, 64 bytes at a
//                                  time as two bit masks (spaces and stop
//                                  bytes), so a word costs a bit scan: a
//                                  netfilter line has ~25 short words
//   FindAnyOf4(text, from, a, b, c, d)
//                                  the first of four bytes at or after
//                                  `from` (text.size(): none), for the end of
//                                  an unquoted key=value value
//   KeyRunStart(text, floor, end)  where the run of key bytes (letters,
//                                  digits, '_', '-', '.', '@') that ends at
//                                  `end` starts, not before `floor`: the
//                                  key=value reader's search back over a key
//                                  (a FortiOS record has ~50 keys)
//
// All are pure functions of their arguments and never read past the text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__) && !defined(FWLOG_PORTABLE)
#define FWLOG_SSE2_SCAN 1
#include <emmintrin.h>
#else
#define FWLOG_SSE2_SCAN 0
#endif

namespace fwlog {

struct ControlAndHigh {
  bool control = false;  // a byte below 0x20 other than tab, or 0x7f
  bool high = false;     // a byte of 0x80 and up
};

// The references: what each routine means, byte by byte.
namespace scalar {

inline bool Printable(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return c >= 0x20 && c <= 0x7e;
}

inline std::size_t FirstNotPrintableAscii(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (!Printable(text[i])) return i;
  return std::string_view::npos;
}

inline ControlAndHigh FindControlAndHigh(std::string_view text) {
  ControlAndHigh found;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    found.control = found.control || (c < 0x20 && c != '\t') || c == 0x7f;
    found.high = found.high || c >= 0x80;
  }
  return found;
}

inline std::size_t FindByte(std::string_view text, char c) { return text.find(c); }

inline bool SameBytes(const char* a, const char* b, std::size_t n) { return n == 0 || std::memcmp(a, b, n) == 0; }

inline std::size_t Find(std::string_view text, std::string_view needle, std::size_t from = 0) {
  return text.find(needle, from);
}

template <typename F>
void ForEachField(std::string_view text, char delimiter, F&& f) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == delimiter) {
      f(text.substr(start, i - start));
      start = i + 1;
    }
  }
  f(text.substr(start));
}

template <typename F>
void ForEachWordBefore(std::string_view text, char stop, F&& f) {
  ForEachField(text.substr(0, text.find(stop)), ' ', [&f](std::string_view word) {
    if (!word.empty()) f(word);
  });
}

inline std::size_t FindAnyOf4(std::string_view text, std::size_t from, char a, char b, char c, char d) {
  for (; from < text.size(); ++from) {
    const char x = text[from];
    if (x == a || x == b || x == c || x == d) return from;
  }
  return text.size();
}

// Letters, digits, '_', '-', '.', '@': a table, since a long key is read
// byte by byte here.
inline constexpr auto kKeyBytes = [] {
  struct Table {
    bool is[256] = {};
  } t;
  for (int c = 0; c < 256; ++c)
    t.is[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.' || c == '@';
  return t;
}();
inline bool KeyByte(char c) { return kKeyBytes.is[static_cast<unsigned char>(c)]; }

// floor <= end <= text.size().
inline std::size_t KeyRunStart(std::string_view text, std::size_t floor, std::size_t end) {
  while (end > floor && KeyByte(text[end - 1])) --end;
  return end;
}

}  // namespace scalar

#if FWLOG_SSE2_SCAN
namespace sse2 {

inline unsigned Mask(__m128i v) { return static_cast<unsigned>(_mm_movemask_epi8(v)); }
inline __m128i Load(const char* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }

// A byte is printable exactly when byte + 1, as a signed byte, is at least
// 0x21 (0x7f and 0x80..0xff wrap below zero, 0xff to 0).
inline std::size_t FirstNotPrintableAscii(std::string_view text) {
  const char* const p = text.data();
  const std::size_t n = text.size();
  // Bit k: byte `from` + k is not printable ASCII.
  const auto others = [p](std::size_t from) {
    return Mask(_mm_cmplt_epi8(_mm_add_epi8(Load(p + from), _mm_set1_epi8(1)), _mm_set1_epi8(0x21)));
  };
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16)
    if (const unsigned found = others(i); found != 0) return i + static_cast<std::size_t>(__builtin_ctz(found));
  if (i < n && n >= 16) {
    // The last 16 bytes, shifted so that bit 0 is byte i (those before i
    // were looked at already).
    const unsigned found = others(n - 16) >> (i - (n - 16));
    return found != 0 ? i + static_cast<std::size_t>(__builtin_ctz(found)) : std::string_view::npos;
  }
  const std::size_t rest = scalar::FirstNotPrintableAscii(text.substr(i));
  return rest == std::string_view::npos ? rest : i + rest;
}

// Control bytes and high bits are gathered over the whole text and looked at
// once; a flagged text is checked byte by byte, since a tab is allowed.
inline ControlAndHigh FindControlAndHigh(std::string_view text) {
  const char* const data = text.data();
  const std::size_t n = text.size();
  if (n < 16) return scalar::FindControlAndHigh(text);
  const __m128i below_space = _mm_set1_epi8(0x1f);
  const __m128i del = _mm_set1_epi8(0x7f);
  __m128i flagged = _mm_setzero_si128();
  __m128i any = _mm_setzero_si128();
  // A byte is below 0x20 when min(byte, 0x1f) is the byte (unsigned).
  const auto block = [&](std::size_t at) {
    const __m128i v = Load(data + at);
    flagged =
        _mm_or_si128(flagged, _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, below_space), v), _mm_cmpeq_epi8(v, del)));
    any = _mm_or_si128(any, v);
  };
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) block(i);
  if (i < n) block(n - 16);  // the tail, as one overlapping block
  ControlAndHigh found;
  found.high = Mask(any) != 0;
  found.control = Mask(flagged) != 0 && scalar::FindControlAndHigh(text).control;
  return found;
}

inline std::size_t FindByte(std::string_view text, char c) {
  if (text.size() >= 16) {
    const unsigned mask = Mask(_mm_cmpeq_epi8(Load(text.data()), _mm_set1_epi8(c)));
    if (mask != 0) return static_cast<std::size_t>(__builtin_ctz(mask));
  }
  return text.find(c);
}

inline bool SameBytes(const char* a, const char* b, std::size_t n) {
  if (n >= 16) {
    const auto same16 = [a, b](std::size_t at) { return Mask(_mm_cmpeq_epi8(Load(a + at), Load(b + at))) == 0xffff; };
    for (std::size_t at = 0; at + 16 < n; at += 16)
      if (!same16(at)) return false;
    return same16(n - 16);  // the last 16 bytes, overlapping the block before
  }
  // Whether the first and the last sizeof(Word) bytes are equal
  // (sizeof(Word) <= n < 2 * sizeof(Word): the two loads overlap).
  const auto same_ends = [a, b, n](auto word) {
    decltype(word) a0, a1, b0, b1;
    std::memcpy(&a0, a, sizeof word);
    std::memcpy(&a1, a + n - sizeof word, sizeof word);
    std::memcpy(&b0, b, sizeof word);
    std::memcpy(&b1, b + n - sizeof word, sizeof word);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  };
  if (n >= 8) return same_ends(std::uint64_t{});
  if (n >= 4) return same_ends(std::uint32_t{});
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

inline std::size_t Find(std::string_view text, std::string_view needle, std::size_t from = 0) {
  const std::size_t k = needle.size();
  const std::size_t n = text.size();
  if (k == 0 || from > n || n - from < k) return scalar::Find(text, needle, from);
  const char* const data = text.data();
  const __m128i first = _mm_set1_epi8(needle[0]);
  const __m128i last = _mm_set1_epi8(needle[k - 1]);
  std::size_t i = from;
  for (; i + k - 1 + 16 <= n; i += 16) {
    unsigned mask =
        Mask(_mm_and_si128(_mm_cmpeq_epi8(Load(data + i), first), _mm_cmpeq_epi8(Load(data + i + k - 1), last)));
    while (mask != 0) {
      const std::size_t pos = i + static_cast<std::size_t>(__builtin_ctz(mask));
      if (std::memcmp(data + pos + 1, needle.data() + 1, k - 1) == 0) return pos;
      mask &= mask - 1;
    }
  }
  return scalar::Find(text, needle, i);
}

template <typename F>
void ForEachField(std::string_view text, char delimiter, F&& f) {
  const char* const data = text.data();
  const std::size_t n = text.size();
  std::size_t start = 0;
  auto emit = [&](std::size_t end) {
    f(std::string_view(data + start, end - start));
    start = end + 1;
  };
  const __m128i d = _mm_set1_epi8(delimiter);
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    unsigned mask = Mask(_mm_cmpeq_epi8(Load(data + i), d));
    while (mask != 0) {
      emit(i + static_cast<std::size_t>(__builtin_ctz(mask)));
      mask &= mask - 1;
    }
  }
  for (; i < n; ++i)
    if (data[i] == delimiter) emit(i);
  emit(n);
}

// Bit i: byte p[i] is `a` (as) or `b` (bs), for the 64 bytes at p.
inline void Matches64(const char* p, char a, char b, std::uint64_t& as, std::uint64_t& bs) {
  const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
  as = 0;
  bs = 0;
  for (int k = 0; k < 4; ++k) {
    const __m128i x = Load(p + 16 * k);
    as |= std::uint64_t{Mask(_mm_cmpeq_epi8(x, va))} << (16 * k);
    bs |= std::uint64_t{Mask(_mm_cmpeq_epi8(x, vb))} << (16 * k);
  }
}

// The same for the n < 64 bytes at p (bits n and up clear), a byte at a time.
inline void MatchesShort(const char* p, std::size_t n, char a, char b, std::uint64_t& as, std::uint64_t& bs) {
  as = 0;
  bs = 0;
  for (std::size_t i = 0; i < n; ++i) {
    as |= std::uint64_t{p[i] == a} << i;
    bs |= std::uint64_t{p[i] == b} << i;
  }
}

// One loop for every length, so that `f` (a preset's whole key handling) is
// inlined at one call site.
template <typename F>
void ForEachWordBefore(std::string_view text, char stop, F&& f) {
  const char* const data = text.data();
  std::size_t n = text.size();
  std::size_t start = 0;  // where the current word starts
  for (std::size_t base = 0; base < n; base += 64) {
    std::uint64_t spaces, stops;
    if (base + 64 <= n) {
      Matches64(data + base, ' ', stop, spaces, stops);
    } else if (n >= 64) {  // the last, partial block: the text's final 64 bytes, shifted down
      Matches64(data + n - 64, ' ', stop, spaces, stops);
      spaces >>= base - (n - 64);
      stops >>= base - (n - 64);
    } else {
      MatchesShort(data, n, ' ', stop, spaces, stops);
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

inline std::size_t FindAnyOf4(std::string_view text, std::size_t from, char a, char b, char c, char d) {
  for (; from + 16 <= text.size(); from += 16) {
    const __m128i v = Load(text.data() + from);
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(a)), _mm_cmpeq_epi8(v, _mm_set1_epi8(b))),
                     _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)), _mm_cmpeq_epi8(v, _mm_set1_epi8(d))));
    if (const unsigned mask = Mask(hit); mask != 0) return from + static_cast<std::size_t>(__builtin_ctz(mask));
  }
  return scalar::FindAnyOf4(text, from, a, b, c, d);
}

// The 16 bytes before `end` classified at once, which covers almost every key.
inline std::size_t KeyRunStart(std::string_view text, std::size_t floor, std::size_t end) {
  if (end < 16) return scalar::KeyRunStart(text, floor, end);
  const __m128i v = Load(text.data() + end - 16);
  const auto in = [](__m128i x, char lo, char hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmplt_epi8(x, _mm_set1_epi8(static_cast<char>(hi + 1))));
  };
  const __m128i letter = in(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z');
  const __m128i punct =
      _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('_')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))),
                   _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')), _mm_cmpeq_epi8(v, _mm_set1_epi8('@'))));
  const __m128i key = _mm_or_si128(_mm_or_si128(letter, in(v, '0', '9')), punct);
  unsigned other = ~Mask(key) & 0xffffu;
  if (end - 16 < floor) other |= (1u << (floor - (end - 16))) - 1;  // bytes before the floor end the run too
  if (other != 0) return end - 16 + static_cast<std::size_t>(32 - __builtin_clz(other));
  return scalar::KeyRunStart(text, floor, end - 16);  // a key of 16 bytes or more
}

}  // namespace sse2
namespace fast = sse2;
#else
namespace fast = scalar;
#endif

// The routines the code base calls: the vectorised ones where they exist.
inline std::size_t FirstNotPrintableAscii(std::string_view text) { return fast::FirstNotPrintableAscii(text); }
inline ControlAndHigh FindControlAndHigh(std::string_view text) { return fast::FindControlAndHigh(text); }
inline std::size_t FindByte(std::string_view text, char c) { return fast::FindByte(text, c); }
inline bool SameBytes(const char* a, const char* b, std::size_t n) { return fast::SameBytes(a, b, n); }
inline std::size_t Find(std::string_view text, std::string_view needle, std::size_t from = 0) {
  return fast::Find(text, needle, from);
}
inline std::size_t FindAnyOf4(std::string_view text, std::size_t from, char a, char b, char c, char d) {
  return fast::FindAnyOf4(text, from, a, b, c, d);
}
inline std::size_t KeyRunStart(std::string_view text, std::size_t floor, std::size_t end) {
  return fast::KeyRunStart(text, floor, end);
}
template <typename F>
void ForEachField(std::string_view text, char delimiter, F&& f) {
  fast::ForEachField(text, delimiter, f);
}
template <typename F>
void ForEachToken(std::string_view text, F&& f) {
  ForEachField(text, ' ', [&f](std::string_view token) {
    if (!token.empty()) f(token);
  });
}
template <typename F>
void ForEachWordBefore(std::string_view text, char stop, F&& f) {
  fast::ForEachWordBefore(text, stop, f);
}

}  // namespace fwlog
