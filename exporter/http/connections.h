// Connection handling for MetricsServer: how cpp-httplib's accepted sockets
// are served so that slow or idle clients cannot exhaust the server.
//
// cpp-httplib 0.11 hands every accepted socket to a TaskQueue and, on a
// worker, to the server's virtual process_and_close_socket(); its own version
// reads with a per-read timeout only, so a client that trickles one header
// byte every few seconds holds a worker for ever. Here instead:
//
//  * ConnectionPool (the TaskQueue) gives each connection its own thread, up
//    to ConnectionLimits::max_connections open at once. When all are taken, a
//    new connection replaces the one that has waited longest for request
//    bytes (a slow-trickle or idle client, never one being answered); if no
//    connection is waiting, the new one is closed at once. A scraper therefore
//    always gets in while the slots are held by clients that send nothing.
//  * ServeConnection() (called from the servers' process_and_close_socket)
//    runs the keep-alive loop on a non-blocking socket with absolute
//    deadlines: a whole request (TLS handshake, request line, headers, body)
//    must arrive within request_timeout, a whole response must be taken within
//    response_timeout, an idle kept-alive connection is closed after
//    keep_alive_timeout, and no single wait exceeds read/write_timeout. A
//    request may carry at most max_request_bytes.
//
// The HTTP itself (parsing, routing, writing) stays cpp-httplib's
// Server::process_request(), called through `process`.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <unordered_set>

#include "http/connection_limits.h"

namespace fwlog {

// One open connection, as the pool sees it (guarded by the pool's mutex).
struct PooledConnection {
  int fd = -1;
  bool waiting = false;  // blocked for request bytes (or the next request)
  bool evicted = false;
  std::chrono::steady_clock::time_point since;  // start of the current request or idle wait
};

// The TaskQueue: a thread per connection, at most max_connections, replacing
// the longest-waiting one when full (see the file comment). Threads above
// `spare_threads` exit after a minute without work. shutdown() wakes every
// connection (shutdown(2) on its socket) and waits for all threads.
class ConnectionPool : public httplib::TaskQueue {
 public:
  ConnectionPool(const ConnectionLimits& limits, int spare_threads, ConnectionCounters& counters);
  ~ConnectionPool() override;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

  // For ServeConnection(): whether the job now running must close its socket
  // unserved (the pool is full or stopping).
  bool ShouldRefuse() const;
  void Register(PooledConnection& connection);
  void Unregister(PooledConnection& connection);
  void SetWaiting(PooledConnection& connection, bool waiting);
  void Restart(PooledConnection& connection);  // a new request or idle wait begins
  bool stopping() const { return stopping_.load(); }
  ConnectionCounters& counters() { return counters_; }
  const ConnectionLimits& limits() const { return limits_; }

 private:
  void Work();
  // Starts a worker (mu_ held); false when the system has no thread to give.
  bool StartThread();
  // Shuts down the connection that has waited longest; false if none waits.
  bool EvictLongestWaiting();

  const ConnectionLimits limits_;
  const int spare_threads_;
  ConnectionCounters& counters_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  std::condition_variable work_;
  std::condition_variable all_exited_;
  std::deque<std::function<void()>> jobs_;
  std::unordered_set<PooledConnection*> open_;
  int admitted_ = 0;  // jobs queued or running
  int threads_ = 0;
  int idle_ = 0;
};

// Serves one accepted socket (plain when `tls` is null) and closes it.
using ProcessRequest = std::function<bool(httplib::Stream& stream, bool close_connection, bool& connection_closed,
                                          const std::function<void(httplib::Request&)>& setup_request)>;
void ServeConnection(int sock, SSL_CTX* tls, ConnectionPool* pool, const ProcessRequest& process);

}  // namespace fwlog
