#include "metrics/process_collector.h"

#include <dirent.h>
#include <prometheus/client_metric.h>
#include <prometheus/metric_type.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "core/text_file.h"

namespace fwlog {
namespace {

prometheus::MetricFamily Family(const char* name, const char* help, prometheus::MetricType type, double value) {
  prometheus::MetricFamily f;
  f.name = name;
  f.help = help;
  f.type = type;
  prometheus::ClientMetric m;
  if (type == prometheus::MetricType::Counter)
    m.counter.value = value;
  else
    m.gauge.value = value;
  f.metric.push_back(m);
  return f;
}

double BootTime() {
  std::ifstream in("/proc/stat");
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime") {
      in >> value;
      return value;
    }
    in.ignore(1 << 16, '\n');
  }
  return 0;
}

int OpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return 0;
  int n = 0;
  while (const dirent* e = readdir(dir)) {
    if (e->d_name[0] != '.') ++n;
  }
  closedir(dir);
  return n - 1;  // the directory stream's own descriptor
}

}  // namespace

std::vector<prometheus::MetricFamily> ProcessCollector::Collect() const {
  std::vector<prometheus::MetricFamily> out;
  const auto stat = ReadTextFile("/proc/self/stat");
  if (!stat.ok()) return out;
  const std::string& content = *stat;
  // Fields after the command name, which is in parentheses and may hold spaces.
  const auto close = content.rfind(')');
  if (close == std::string::npos) return out;
  std::istringstream fields(content.substr(close + 2));
  std::vector<std::string> f;
  for (std::string s; fields >> s;) f.push_back(s);
  // f[0] is field 3 (state); utime=14, stime=15, starttime=22, vsize=23, rss=24.
  if (f.size() < 22) return out;
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  const double utime = std::stod(f[11]), stime = std::stod(f[12]);
  const double start = std::stod(f[19]) / ticks + BootTime();
  out.push_back(Family("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
                       prometheus::MetricType::Counter, (utime + stime) / ticks));
  out.push_back(Family("process_virtual_memory_bytes", "Virtual memory size in bytes.", prometheus::MetricType::Gauge,
                       std::stod(f[20])));
  out.push_back(Family("process_resident_memory_bytes", "Resident memory size in bytes.", prometheus::MetricType::Gauge,
                       std::stod(f[21]) * page));
  out.push_back(Family("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                       prometheus::MetricType::Gauge, start));
  out.push_back(
      Family("process_open_fds", "Number of open file descriptors.", prometheus::MetricType::Gauge, OpenFds()));
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0)
    out.push_back(Family("process_max_fds", "Maximum number of open file descriptors.", prometheus::MetricType::Gauge,
                         static_cast<double>(limit.rlim_cur)));
  return out;
}

}  // namespace fwlog
