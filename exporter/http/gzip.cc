#include "http/gzip.h"

#include <zlib.h>

#include <cctype>
#include <limits>

namespace fwlog {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// A q-value ("0", "0.000", "1", "0.5"): zero or not; malformed counts as non-zero.
bool IsZeroWeight(std::string_view q) {
  q = Trim(q);
  if (q.empty() || q.front() != '0') return false;
  for (const char c : q.substr(1))
    if (c != '.' && c != '0') return false;
  return true;
}

}  // namespace

bool AcceptsGzip(std::string_view accept_encoding) {
  bool any = false;  // "*" with a non-zero weight
  int gzip = -1;     // gzip/x-gzip listed: 1 allowed, 0 refused
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    std::string_view item = accept_encoding.substr(0, comma);
    accept_encoding.remove_prefix(comma == std::string_view::npos ? accept_encoding.size() : comma + 1);
    bool zero = false;
    const auto semicolon = item.find(';');
    if (semicolon != std::string_view::npos) {
      for (std::string_view params = item.substr(semicolon + 1); !params.empty();) {
        const auto next = params.find(';');
        const std::string_view param = Trim(params.substr(0, next));
        if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=')
          zero = IsZeroWeight(param.substr(2));
        params.remove_prefix(next == std::string_view::npos ? params.size() : next + 1);
      }
      item = item.substr(0, semicolon);
    }
    item = Trim(item);
    if (EqualsIgnoringCase(item, "gzip") || EqualsIgnoringCase(item, "x-gzip")) {
      gzip = zero ? 0 : 1;
    } else if (item == "*") {
      any = !zero;
    }
  }
  return gzip == 1 || (gzip == -1 && any);
}

bool Gzip(std::string_view data, int level, std::string& out) {
  if (data.size() > std::numeric_limits<uInt>::max()) return false;
  z_stream stream{};
  // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
  out.resize(deflateBound(&stream, static_cast<uLong>(data.size())));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return result == Z_STREAM_END;
}

}  // namespace fwlog
