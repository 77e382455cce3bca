// Waker: how the InputRunner's loop waits between two rounds of reading.
//
// The loop reads every input, then calls Wait() with the descriptors the inputs
// want watched (inotify, stdin, a syslog queue's eventfd) and a timeout (the
// poll interval, or the time to the next checkpoint). PollWaker is the real
// one: poll(2) on those descriptors plus its own eventfd, which Wake() writes
// so Stop() is prompt. TestWaker (test_waker.h) ignores descriptors and time
// and lets a test run the loop one round at a time.
#pragma once

#include <poll.h>

#include <chrono>
#include <span>
#include <vector>

#include "input/unique_fd.h"

namespace fwlog {

class Waker {
 public:
  virtual ~Waker() = default;
  // Blocks until one of `fds` is readable, Wake() was called (since the last
  // Wait returned), or `timeout` has passed. A zero timeout only checks.
  virtual void Wait(std::span<const int> fds, std::chrono::milliseconds timeout) = 0;
  // Thread-safe: ends the current Wait, or the next one if none is running.
  virtual void Wake() = 0;
};

class PollWaker : public Waker {
 public:
  PollWaker();
  void Wait(std::span<const int> fds, std::chrono::milliseconds timeout) override;
  void Wake() override;

 private:
  UniqueFd event_;
  std::vector<pollfd> pollfds_;  // reused between waits
};

}  // namespace fwlog
