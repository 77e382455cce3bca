// SyslogListener's UDP receive loop.
#include <linux/sock_diag.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "input/syslog/syslog_listener.h"

namespace fwlog {
namespace {

// The socket's count of datagrams the kernel dropped (sk_drops, the counter
// SO_RXQ_OVFL reports with each datagram), read directly: after a burst,
// drops behind the last datagram received would otherwise wait for the next
// datagram to be seen. False when the kernel does not say (SO_MEMINFO: Linux 4.6).
bool KernelDrops(int fd, std::uint32_t& drops) {
  std::uint32_t meminfo[SK_MEMINFO_VARS] = {};
  socklen_t length = sizeof meminfo;
  if (::getsockopt(fd, SOL_SOCKET, SO_MEMINFO, meminfo, &length) != 0 ||
      length < (SK_MEMINFO_DROPS + 1) * sizeof(std::uint32_t))
    return false;
  drops = meminfo[SK_MEMINFO_DROPS];
  return true;
}

}  // namespace

void SyslogListener::RunUdp() {
  // Room for max_message_bytes plus a trailing "\r\n"; longer datagrams come
  // back with MSG_TRUNC.
  std::vector<char> buf(spec_.max_message_bytes + 2);
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(std::uint32_t))];
  // sk_drops as far as counted. A datagram's SO_RXQ_OVFL value is sk_drops
  // when it was queued, so after a newer SO_MEMINFO reading it may be behind:
  // only a count ahead of ours adds (compared as a 32-bit difference: the
  // counter wraps).
  std::uint32_t kernel_drops = 0;
  auto count_kernel_drops = [&](std::uint32_t total) {
    const auto ahead = static_cast<std::int32_t>(total - kernel_drops);
    if (ahead <= 0) return;
    counters_.receive_buffer.fetch_add(static_cast<std::uint64_t>(ahead), std::memory_order_relaxed);
    kernel_drops = total;
  };
  pollfd fds[2] = {{stop_.get(), POLLIN, 0}, {socket_.get(), POLLIN, 0}};
  for (;;) {
    if (::poll(fds, 2, -1) < 0 && errno != EINTR) break;
    if ((fds[0].revents & POLLIN) != 0) break;
    for (;;) {
      iovec iov{buf.data(), buf.size()};
      sockaddr_storage sender{};
      msghdr msg{};
      msg.msg_name = &sender;
      msg.msg_namelen = sizeof sender;
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control;
      msg.msg_controllen = sizeof control;
      const ssize_t n = ::recvmsg(socket_.get(), &msg, MSG_DONTWAIT);
      if (n < 0) {  // EAGAIN: the queue is empty; count what the kernel dropped, then wait again
        if (std::uint32_t total = 0; KernelDrops(socket_.get(), total)) count_kernel_drops(total);
        break;
      }
      for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
          std::uint32_t total = 0;
          std::memcpy(&total, CMSG_DATA(c), sizeof total);
          count_kernel_drops(total);
        }
      }
      if (!Allowed(PeerAddress(sender))) continue;
      std::string_view m(buf.data(), static_cast<std::size_t>(n));
      const bool truncated = (msg.msg_flags & MSG_TRUNC) != 0;
      if (!truncated) {
        while (!m.empty() && (m.back() == '\n' || m.back() == '\r' || m.back() == '\0')) m.remove_suffix(1);
      }
      if (m.empty()) continue;
      Accept(m, truncated);
    }
  }
}

}  // namespace fwlog
