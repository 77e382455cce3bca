// TestWaker: a Waker for tests that runs the InputRunner loop one round per
// Step(), whatever the descriptors and the time say (mtail's test waker idea).
//
//   TestWaker waker;
//   std::thread t([&] { runner.Run(); });   // the first round runs at once
//   waker.WaitUntilWaiting();                // ...and is finished here
//   AppendLine(path, "x");
//   waker.Step();                            // one more round, finished on return
//   runner.Stop();                           // Wake(): Run() returns
//   t.join();
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "input/waker.h"

namespace fwlog {

class TestWaker : public Waker {
 public:
  void Wait(std::span<const int> /*fds*/, std::chrono::milliseconds /*timeout*/) override {
    std::unique_lock lock(mu_);
    ++waits_;
    in_wait_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return released_ > 0 || woken_; });
    if (released_ > 0) --released_;
    woken_ = false;
    in_wait_ = false;
  }
  void Wake() override {
    std::lock_guard lock(mu_);
    woken_ = true;
    cv_.notify_all();
  }
  // Blocks until the loop sits in Wait() (its current round is done).
  void WaitUntilWaiting() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return in_wait_ && released_ == 0; });
  }
  // Lets the loop run exactly one more round and waits until it is done.
  void Step() {
    WaitUntilWaiting();
    std::unique_lock lock(mu_);
    const std::uint64_t target = waits_ + 1;
    ++released_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return waits_ >= target; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t waits_ = 0;  // how many times Wait() was entered
  int released_ = 0;
  bool in_wait_ = false;
  bool woken_ = false;
};

}  // namespace fwlog
