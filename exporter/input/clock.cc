#include "input/clock.h"

#include <ctime>

namespace fwlog {
namespace {

class RealClock : public Clock {
 public:
  std::chrono::steady_clock::time_point Now() const override { return std::chrono::steady_clock::now(); }
  std::int64_t UnixSeconds() const override { return static_cast<std::int64_t>(std::time(nullptr)); }
};

}  // namespace

const Clock& SystemClock() {
  static const RealClock clock;
  return clock;
}

}  // namespace fwlog
