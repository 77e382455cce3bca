#include "app/openmetrics_chunks.h"

#include <charconv>

#include "http/text_format.h"

namespace fwlog {

OpenMetricsChunks::OpenMetricsChunks(const std::vector<MetricSpec>& specs,
                                     std::vector<std::pair<std::string, std::string>> labels, std::int64_t window,
                                     std::function<std::string(std::int64_t start)> path_for, Closed closed)
    : labels_(std::move(labels)), window_(window), path_for_(std::move(path_for)), closed_(std::move(closed)) {
  for (const auto& spec : specs) {
    Family f;
    f.help = spec.help;
    if (spec.kind != MetricKind::kCounter) {
      f.type = "gauge";
      f.type_name = spec.name;
    } else if (spec.name.size() > 6 && spec.name.ends_with("_total")) {
      // OpenMetrics: a counter family is named without _total, its samples with.
      f.type = "counter";
      f.type_name = spec.name.substr(0, spec.name.size() - 6);
    } else {
      f.type = "unknown";
      f.type_name = spec.name;
    }
    families_.push_back(std::move(f));
  }
}

OpenMetricsChunks::~OpenMetricsChunks() = default;

void OpenMetricsChunks::Name(std::uint32_t id, std::size_t metric,
                             const std::vector<std::pair<std::string, std::string>>& labels) {
  if (id >= series_.size()) series_.resize(id + 1);
  Series& s = series_[id];
  s.metric = metric;
  // The sample name is the spec's (with _total for counters).
  const Family& f = families_[metric];
  s.prefix = f.type == "counter" ? f.type_name + "_total" : f.type_name;
  bool first = true;
  auto add = [&](const std::string& name, const std::string& value) {
    s.prefix += first ? "{" : ",";
    first = false;
    AppendLabel(name, value, s.prefix);
  };
  for (const auto& [name, value] : labels_) add(name, value);
  for (const auto& [name, value] : labels) add(name, value);
  if (!first) s.prefix += "}";
  s.prefix += " ";
}

absl::Status OpenMetricsChunks::Write(std::uint32_t id, std::int64_t time, double value) {
  const Series& s = series_[id];
  std::int64_t start = 0;
  if (window_ > 0) start = time - ((time % window_) + window_) % window_;
  Window& w = open_[start];
  if (w.files.empty()) w.files.resize(families_.size());
  FilePtr& file = w.files[s.metric];
  if (!file) {
    file.reset(std::tmpfile());
    if (!file) return absl::UnavailableError("cannot create a temporary file");
  }
  line_.assign(s.prefix);
  AppendSampleValue(value, line_);
  line_.push_back(' ');
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, time);
  line_.append(buf, ec == std::errc() ? end : buf);
  line_.push_back('\n');
  std::fwrite(line_.data(), 1, line_.size(), file.get());
  ++w.samples;
  ++samples_;
  return absl::OkStatus();
}

absl::Status OpenMetricsChunks::CloseBefore(std::int64_t before) {
  while (!open_.empty()) {
    auto it = open_.begin();
    const std::int64_t end = window_ > 0 ? it->first + window_ : INT64_MAX;
    if (before != INT64_MAX && end > before) break;
    absl::Status status = Close(it->first, it->second);
    open_.erase(it);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status OpenMetricsChunks::Close(std::int64_t start, Window& window) {
  const std::string path = path_for_(start);
  {
    FilePtr out(std::fopen(path.c_str(), "w"));
    if (!out) return absl::UnavailableError("cannot write " + path);
    std::vector<char> buf(1 << 16);
    for (std::size_t i = 0; i < families_.size(); ++i) {
      const Family& f = families_[i];
      std::string head;
      AppendHelpLine(f.type_name, f.help, TextDialect::kOpenMetrics, head);
      AppendTypeLine(f.type_name, f.type, head);
      std::fwrite(head.data(), 1, head.size(), out.get());
      if (FilePtr& part = window.files[i]) {
        std::rewind(part.get());
        std::size_t n;
        while ((n = std::fread(buf.data(), 1, buf.size(), part.get())) > 0) std::fwrite(buf.data(), 1, n, out.get());
        part.reset();
      }
    }
    std::fputs("# EOF\n", out.get());
    if (std::fflush(out.get()) != 0 || std::ferror(out.get())) return absl::UnavailableError("error writing " + path);
  }
  return closed_(path, window_ > 0 ? start : 0, window_ > 0 ? start + window_ : 0, window.samples);
}

}  // namespace fwlog
