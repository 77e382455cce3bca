#include "input/syslog/syslog_listener.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace fwlog {

bool SplitHostPort(const std::string& listen, std::string& host, std::string& port) {
  if (!listen.empty() && listen.front() == '[') {
    const auto close = listen.find(']');
    if (close == std::string::npos || close + 1 >= listen.size() || listen[close + 1] != ':') return false;
    host = listen.substr(1, close - 1);
    port = listen.substr(close + 2);
  } else {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos) return false;
    host = listen.substr(0, colon);
    port = listen.substr(colon + 1);
  }
  return !port.empty();
}

IpAddress PeerAddress(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    return IpAddress::FromV4(ntohl(v4.sin_addr.s_addr));
  }
  if (address.ss_family == AF_INET6) {
    IpAddress::Bytes bytes;
    std::memcpy(bytes.data(), &reinterpret_cast<const sockaddr_in6&>(address).sin6_addr, bytes.size());
    return IpAddress::FromBytes(bytes);
  }
  return IpAddress();
}

SyslogListener::SyslogListener(const SyslogSpec& spec, std::chrono::milliseconds idle_timeout,
                               std::chrono::milliseconds message_timeout, MessageQueue& queue, SyslogCounters& counters)
    : spec_(spec), idle_timeout_(idle_timeout), message_timeout_(message_timeout), queue_(queue), counters_(counters) {}

bool SyslogListener::Allowed(const IpAddress& peer) {
  if (spec_.allowed_senders.empty()) return true;
  for (const Cidr& block : spec_.allowed_senders)
    if (block.Contains(peer)) return true;
  counters_.senders_rejected.fetch_add(1, std::memory_order_relaxed);
  return false;
}

SyslogListener::~SyslogListener() { Stop(); }

absl::Status SyslogListener::Start() {
  const bool tcp = spec_.protocol == SyslogProtocol::kTcp;
  std::string host, port;
  if (!SplitHostPort(spec_.listen, host, port)) {
    return absl::InvalidArgumentError("bad listen address \"" + spec_.listen + "\"");
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = tcp ? SOCK_STREAM : SOCK_DGRAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  const int gai = ::getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &res);
  if (gai != 0) {
    return absl::UnavailableError("cannot resolve listen address \"" + spec_.listen + "\": " + ::gai_strerror(gai));
  }
  std::string error;
  int error_number = 0;
  for (const addrinfo* ai = res; ai != nullptr && !socket_.valid(); ai = ai->ai_next) {
    UniqueFd s(::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol));
    if (!s.valid()) continue;
    const int one = 1;
    // TCP: rebind at once after a restart (TIME_WAIT). Not UDP, where it
    // would let two processes share the port and split the messages.
    if (tcp) ::setsockopt(s.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (!tcp) {
      ::setsockopt(s.get(), SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof one);
      // 4 MiB: ~6 500 datagrams of 250 bytes, ~30 ms at 200 k/s. SO_RCVBUFFORCE
      // passes net.core.rmem_max where the process may (CAP_NET_ADMIN);
      // otherwise the kernel caps SO_RCVBUF there (212 992 bytes by default).
      const int rcvbuf = 4 << 20;
      if (::setsockopt(s.get(), SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof rcvbuf) != 0)
        ::setsockopt(s.get(), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    }
    if (::bind(s.get(), ai->ai_addr, ai->ai_addrlen) != 0 || (tcp && ::listen(s.get(), 64) != 0)) {
      error_number = errno;
      error = std::strerror(errno);
      continue;
    }
    socket_ = std::move(s);
  }
  ::freeaddrinfo(res);
  if (!socket_.valid()) {
    return absl::Status(error_number != 0 ? absl::ErrnoToStatusCode(error_number) : absl::StatusCode::kUnavailable,
                        "cannot listen on " + spec_.listen + (tcp ? "/tcp: " : "/udp: ") + error);
  }
  sockaddr_storage bound{};
  socklen_t len = sizeof bound;
  ::getsockname(socket_.get(), reinterpret_cast<sockaddr*>(&bound), &len);
  port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                            : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  stop_.Reset(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  thread_ = std::thread([this, tcp] { tcp ? RunTcp() : RunUdp(); });
  return absl::OkStatus();
}

void SyslogListener::Stop() {
  if (thread_.joinable()) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto r = ::write(stop_.get(), &one, sizeof one);
    thread_.join();
  }
  socket_.Reset();
}

void SyslogListener::Accept(std::string_view message, bool cut) {
  if (!Offer(message, cut)) {
    counters_.received.fetch_add(1, std::memory_order_relaxed);
    counters_.queue_full.fetch_add(1, std::memory_order_relaxed);
  }
}

bool SyslogListener::Offer(std::string_view message, bool cut) {
  if (message.size() > spec_.max_message_bytes) {
    message = message.substr(0, spec_.max_message_bytes);
    cut = true;
  }
  if (!queue_.Push(message, static_cast<std::int64_t>(std::time(nullptr)), cut)) return false;
  counters_.received.fetch_add(1, std::memory_order_relaxed);
  if (cut) counters_.too_long.fetch_add(1, std::memory_order_relaxed);
  return true;
}

}  // namespace fwlog
