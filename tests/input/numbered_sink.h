// NumberedLineSink: a sink for lines that start with their sequence number
// ("000000042 ..."). It checks that each line is the next one — no line
// lost, none twice, none out of order — and keeps its count in a
// MetricCheckpoint, so a test can save it in the state file with the offsets
// and restore both together, as the exporter does with its counters.
#pragma once

#include <charconv>
#include <string>
#include <vector>

#include "core/checkpoint.h"
#include "core/line_sink.h"

namespace fwlog::testing {

class NumberedLineSink : public LineSink {
 public:
  void OnLine(const LogLine& line) override {
    std::uint64_t n = 0;
    const auto text = line.text;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), n);
    if (r.ec != std::errc() || line.cut) {
      Error("unnumbered line: " + std::string(text.substr(0, 60)));
      return;
    }
    if (n != next_) Error("expected line " + std::to_string(next_) + ", got " + std::to_string(n));
    next_ = n + 1;
    ++count_;
  }

  MetricCheckpoint Save() const {
    MetricCheckpoint m{"test_lines_total", "test", {}};
    m.samples.push_back({m.metric, {{"kind", "count"}}, static_cast<double>(count_)});
    m.samples.push_back({m.metric, {{"kind", "next"}}, static_cast<double>(next_)});
    return m;
  }
  void Load(const std::vector<MetricCheckpoint>& metrics) {
    for (const auto& m : metrics) {
      if (m.metric != "test_lines_total") continue;
      for (const auto& s : m.samples) {
        if (s.labels.at(0).second == "count") count_ = static_cast<std::uint64_t>(s.value);
        if (s.labels.at(0).second == "next") next_ = static_cast<std::uint64_t>(s.value);
      }
    }
  }

  std::uint64_t count() const { return count_; }
  std::uint64_t next() const { return next_; }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  void Error(std::string e) {
    if (errors_.size() < 20) errors_.push_back(std::move(e));
    ++error_count_;
  }

  std::uint64_t count_ = 0;
  std::uint64_t next_ = 0;
  std::uint64_t error_count_ = 0;
  std::vector<std::string> errors_;
};

inline std::string NumberedLine(std::uint64_t n, std::size_t padding) {
  std::string s = std::to_string(n);
  s.insert(0, 9 - std::min<std::size_t>(9, s.size()), '0');
  s.push_back(' ');
  s.append(padding, static_cast<char>('a' + n % 26));
  s.push_back('\n');
  return s;
}

}  // namespace fwlog::testing
