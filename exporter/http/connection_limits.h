// ConnectionLimits: what MetricsServer allows a connection (connections.h
// enforces it), and ConnectionCounters: what it did to those that broke the
// limits. Kept apart from connections.h so that users of MetricsServer do not
// include cpp-httplib.
//
//   max_connections    open at once; when all are taken, a new connection
//                      replaces one of the busiest client address (if it
//                      holds more than the newcomer's would), else the one
//                      waiting longest for request bytes, else is closed at
//                      once (connections.h)
//   request_timeout    a whole request (TLS handshake, request line, headers,
//                      body) must arrive within this, counted from accept or,
//                      on a kept-alive connection, from its first byte
//   response_timeout   a whole response must be taken within this
//   read/write_timeout the longest single wait for the client
//   keep_alive_timeout an idle kept-alive connection is closed after this
//   keep_alive_max_requests, max_request_bytes (request line, headers, body)
//   max_response_bytes the /metrics bodies still being written, together:
//                      readers that take their responses slowly pin them.
//                      A new body that passes this cuts the responses that
//                      have run longest (connections.h), about as many as
//                      the excess holds bodies of its size.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>

namespace fwlog {

struct ConnectionLimits {
  int max_connections = 512;
  std::chrono::milliseconds request_timeout{10000};
  std::chrono::milliseconds response_timeout{30000};
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};
  std::chrono::milliseconds keep_alive_timeout{2000};
  int keep_alive_max_requests = 100;
  std::size_t max_request_bytes = 128 * 1024;
  std::size_t max_response_bytes = std::size_t{128} << 20;
};

// What happened to connections so far.
struct ConnectionCounters {
  std::atomic<long> refused{0};    // closed at once: no slot free and none may go
  std::atomic<long> evicted{0};    // closed to make room for a new connection (waiting or answered)
  std::atomic<long> timed_out{0};  // a request or response missed its deadline
  std::atomic<long> cut{0};        // responses cut short: bodies in flight passed max_response_bytes
};

}  // namespace fwlog
