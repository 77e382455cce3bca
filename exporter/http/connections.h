// Connection handling for MetricsServer: how cpp-httplib's accepted sockets
// are served so that slow or idle clients cannot exhaust the server, and one
// client address cannot keep the others out.
//
// cpp-httplib 0.11 hands every accepted socket to a TaskQueue and, on a
// worker, to the server's virtual process_and_close_socket(); its own version
// reads with a per-read timeout only, so a client that trickles one header
// byte every few seconds holds a worker for ever. Here instead:
//
//  * ConnectionPool (the TaskQueue) runs httplib's job at once on the accept
//    thread, where ServeConnection() hands the socket to Admit(): the pool
//    notes the peer's address (not its port; IPv4 as IPv4-mapped IPv6) and
//    gives the connection its own thread, up to
//    ConnectionLimits::max_connections open at once. When all are taken, a
//    new connection from address N replaces, in this order:
//     1. a connection from the address holding the most connections (of
//       those with one that may go), if that is more than N would hold with
//       the new one: its connection that has waited longest for request
//       bytes, else the one whose response has run longest (a slow reader;
//       shutdown(2) makes its next write fail, and its thread ends);
//     2. else, as before, the connection that has waited longest for request
//       bytes (a slow-trickle or idle client, never one being answered), but
//       only from an address holding at least as many connections as N;
//     3. else nothing: the new connection is closed at once.
//    There is no cap per address: while slots are free, one address may hold
//    them all. So a scraper always gets in while the slots are held by
//    clients that send nothing, or by slow readers from busier addresses;
//    only slow readers spread so thinly that no address holds more than the
//    scraper's would (one each, for its first connection) can keep it out,
//    and only until their response_timeout.
//  * Serving (on the connection's thread) runs the keep-alive loop on a
//    non-blocking socket with absolute deadlines: a whole request (TLS
//    handshake, request line, headers, body) must arrive within
//    request_timeout, a whole response must be taken within
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
#include <list>
#include <memory>
#include <mutex>

#include "core/ip_address.h"
#include "http/connection_limits.h"

namespace fwlog {

// One open connection, as the pool sees it (owned by the pool, guarded by its
// mutex; the serving thread holds a reference until it returns).
struct PooledConnection {
  int fd = -1;
  IpAddress peer;          // without its port (all zeros when getpeername fails)
  bool waiting = false;    // blocked for request bytes (or the next request)
  bool answering = false;  // its current response has begun to be written
  bool evicted = false;
  std::chrono::steady_clock::time_point since;         // start of the current request or idle wait
  std::chrono::steady_clock::time_point answer_since;  // start of the current response
};

// The TaskQueue: a thread per connection, at most max_connections, making
// room as the file comment says when full. Threads above `spare_threads` exit
// after a minute without work. shutdown() wakes every connection (shutdown(2)
// on its socket) and waits for all threads.
class ConnectionPool : public httplib::TaskQueue {
 public:
  using Serve = std::function<void(PooledConnection& connection)>;

  ConnectionPool(const ConnectionLimits& limits, int spare_threads, ConnectionCounters& counters);
  ~ConnectionPool() override;

  // Runs `fn` here, on httplib's accept thread: it is the job that calls
  // ServeConnection(), which calls Admit().
  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

  // Takes the accepted socket `fd`: either admits it (making room if full)
  // and runs serve(connection) on a thread of its own, then closes it; or
  // closes it at once (counted as refused).
  void Admit(int fd, Serve serve);
  // For the serving thread, about its own connection.
  void SetWaiting(PooledConnection& connection, bool waiting);
  void Restart(PooledConnection& connection);      // a new request or idle wait begins
  void StartAnswer(PooledConnection& connection);  // the first byte of a response is written
  // Shuts down up to `n` connections whose responses have run longest (their
  // next write fails, their threads end and free their bodies); returns how
  // many. For when the bodies in flight pass max_response_bytes.
  int CutLongestAnswers(int n);
  bool stopping() const { return stopping_.load(); }
  int waiting() const;  // connections blocked for request bytes now
  ConnectionCounters& counters() { return counters_; }
  const ConnectionLimits& limits() const { return limits_; }

 private:
  struct Job {
    std::list<PooledConnection>::iterator connection;
    Serve serve;
  };

  void Work();
  // Starts a worker (mu_ held); false when the system has no thread to give.
  bool StartThread();
  // Shuts down one connection to make room for one from `newcomer` (mu_
  // held); false if none may go.
  bool MakeRoom(const IpAddress& newcomer);

  const ConnectionLimits limits_;
  const int spare_threads_;
  ConnectionCounters& counters_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  std::condition_variable work_;
  std::condition_variable all_exited_;
  std::deque<Job> jobs_;
  std::list<PooledConnection> open_;  // admitted: queued or being served
  int threads_ = 0;
  int idle_ = 0;
};

// Hands one accepted socket (plain when `tls` is null) to `pool`, which
// serves it on its own thread and closes it, or closes it at once.
using ProcessRequest = std::function<bool(httplib::Stream& stream, bool close_connection, bool& connection_closed,
                                          const std::function<void(httplib::Request&)>& setup_request)>;
// `tls` is kept alive until the connection is done with it (a reload of the
// web config may replace the server's context meanwhile).
void ServeConnection(int sock, std::shared_ptr<SSL_CTX> tls, ConnectionPool* pool, const ProcessRequest& process);

}  // namespace fwlog
