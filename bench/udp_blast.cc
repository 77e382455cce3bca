// udp_blast: sends the lines of a file as syslog datagrams ("<4>" + line) to
// 127.0.0.1:PORT at a paced rate, with sendmmsg in batches of 64, for
// bench/serve_bench.py (a Python sender tops out below 200 k messages/s).
//
//   udp_blast PORT RATE COUNT FILE      prints "sent N in S seconds"
// Loopback only: the destination address is fixed to 127.0.0.1.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: udp_blast PORT RATE COUNT FILE\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const double rate = std::atof(argv[2]);
  const long count = std::atol(argv[3]);
  std::vector<std::string> messages;
  std::ifstream in(argv[4]);
  for (std::string line; std::getline(in, line) && messages.size() < 200000;) messages.push_back("<4>" + line);
  if (messages.empty() || port <= 0 || rate <= 0) return 2;
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in dest{};
  dest.sin_family = AF_INET;
  dest.sin_port = htons(static_cast<std::uint16_t>(port));
  dest.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  constexpr int kBatch = 64;
  mmsghdr batch[kBatch];
  iovec iov[kBatch];
  const auto start = std::chrono::steady_clock::now();
  long sent = 0;
  while (sent < count) {
    const auto due = start + std::chrono::duration<double>(static_cast<double>(sent) / rate);
    std::this_thread::sleep_until(due);
    const int n = static_cast<int>(std::min<long>(kBatch, count - sent));
    for (int k = 0; k < n; ++k) {
      std::string& m = messages[static_cast<std::size_t>(sent + k) % messages.size()];
      iov[k] = {m.data(), m.size()};
      batch[k].msg_hdr = {};
      batch[k].msg_hdr.msg_name = &dest;
      batch[k].msg_hdr.msg_namelen = sizeof dest;
      batch[k].msg_hdr.msg_iov = &iov[k];
      batch[k].msg_hdr.msg_iovlen = 1;
    }
    const int done = ::sendmmsg(fd, batch, static_cast<unsigned>(n), 0);
    if (done <= 0) {
      std::perror("sendmmsg");
      return 1;
    }
    sent += done;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("sent %ld in %.3f seconds\n", sent, seconds);
  ::close(fd);
  return 0;
}
