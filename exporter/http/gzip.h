// Gzip for /metrics: the scrape handler compresses the text itself, at a fast
// level, when the client accepts gzip (Prometheus always does), rather than
// leaving it to cpp-httplib, which compresses every text/* body at zlib's
// default level 6 (and with brotli at quality 11, ~1 CPU-second for 10 k
// series, whenever a client lists "br", as browsers and curl --compressed
// do). Measured in docs/performance.md ("Serving").
#pragma once

#include <string>
#include <string_view>

namespace fwlog {

// zlib's level 1: 10 k series (0.6 MB) in ~2 ms instead of ~4.5 ms at
// level 6, ~70 KB instead of ~53 KB.
inline constexpr int kMetricsGzipLevel = 1;

// Whether an Accept-Encoding header value (RFC 9110, 12.5.3) allows gzip:
// "gzip", "x-gzip" or "*" listed with a q-value other than 0 (an explicit
// "gzip;q=0" wins over "*"). Case-insensitive.
bool AcceptsGzip(std::string_view accept_encoding);

// Writes `data` to `out` as one gzip member (RFC 1952) compressed at zlib
// `level` (1-9). False if zlib fails (out of memory); `out` is then unusable.
bool Gzip(std::string_view data, int level, std::string& out);

}  // namespace fwlog
