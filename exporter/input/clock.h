// Clock: where the input stage reads the time, so tests can set it.
//
// Now() is a monotonic time for intervals (rescans, rotate_wait, checkpoint
// period); UnixSeconds() is wall time for LogLine::receive_time. SystemClock()
// is the real one; ManualClock is moved by hand in tests. Both are safe to read
// from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace fwlog {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::steady_clock::time_point Now() const = 0;
  virtual std::int64_t UnixSeconds() const = 0;
};

// The process-wide real clock.
const Clock& SystemClock();

// A clock that only moves when told to. Starts at an arbitrary fixed point.
class ManualClock : public Clock {
 public:
  explicit ManualClock(std::int64_t unix_seconds = 1700000000) : unix_(unix_seconds) {}
  std::chrono::steady_clock::time_point Now() const override {
    return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(ticks_.load()));
  }
  std::int64_t UnixSeconds() const override { return unix_.load() + ticks_.load() / 1000000000; }
  void Advance(std::chrono::nanoseconds d) { ticks_ += d.count(); }

 private:
  std::atomic<std::int64_t> unix_;
  std::atomic<std::int64_t> ticks_{0};
};

}  // namespace fwlog
