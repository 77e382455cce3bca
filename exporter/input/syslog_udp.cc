// SyslogListener's UDP receive loop.
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "input/syslog_listener.h"

namespace fwlog {

void SyslogListener::RunUdp() {
  // Room for max_message_bytes plus a trailing "\r\n"; longer datagrams come
  // back with MSG_TRUNC.
  std::vector<char> buf(spec_.max_message_bytes + 2);
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(std::uint32_t))];
  std::uint32_t kernel_drops = 0;
  pollfd fds[2] = {{stop_.get(), POLLIN, 0}, {socket_.get(), POLLIN, 0}};
  for (;;) {
    if (::poll(fds, 2, -1) < 0 && errno != EINTR) break;
    if ((fds[0].revents & POLLIN) != 0) break;
    for (;;) {
      iovec iov{buf.data(), buf.size()};
      msghdr msg{};
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control;
      msg.msg_controllen = sizeof control;
      const ssize_t n = ::recvmsg(socket_.get(), &msg, MSG_DONTWAIT);
      if (n < 0) break;  // EAGAIN: wait again
      for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
          std::uint32_t total = 0;
          std::memcpy(&total, CMSG_DATA(c), sizeof total);
          counters_.receive_buffer.fetch_add(total - kernel_drops, std::memory_order_relaxed);
          kernel_drops = total;
        }
      }
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
