#include "http/text_format.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

namespace fwlog {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

constexpr double kInf = std::numeric_limits<double>::infinity();

// Appends `text` with each character in `specials` replaced by its escape
// (backslash, then 'n' for a newline, else the character itself).
void AppendEscaped(std::string_view text, std::string_view specials, std::string& out) {
  std::size_t start = 0;
  for (std::size_t i = text.find_first_of(specials); i != std::string_view::npos;
       i = text.find_first_of(specials, i + 1)) {
    out.append(text, start, i - start);
    out.push_back('\\');
    out.push_back(text[i] == '\n' ? 'n' : text[i]);
    start = i + 1;
  }
  out.append(text, start);
}

template <typename Integer>
void AppendInteger(Integer value, std::string& out) {
  char buf[24];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, result.ptr);
}

std::string_view TypeName(MetricType type) {
  switch (type) {
    case MetricType::Counter:
      return "counter";
    case MetricType::Gauge:
      return "gauge";
    case MetricType::Summary:
      return "summary";
    case MetricType::Untyped:
      return "untyped";
    case MetricType::Histogram:
      return "histogram";
  }
  return "untyped";
}

double ScalarValue(MetricType type, const ClientMetric& metric) {
  switch (type) {
    case MetricType::Counter:
      return metric.counter.value;
    case MetricType::Gauge:
      return metric.gauge.value;
    case MetricType::Untyped:
      return metric.untyped.value;
    case MetricType::Summary:
    case MetricType::Histogram:
      break;
  }
  return 0;
}

// `labels` is the metric's own label text without braces ("a=\"x\",b=\"y\"",
// escaped), possibly empty; `extra_name`/`extra_value`, if given, one more
// label (le, quantile) after them.
class SampleWriter {
 public:
  SampleWriter(std::string_view name, std::string_view labels, std::int64_t timestamp_ms, std::string& out)
      : name_(name), labels_(labels), timestamp_ms_(timestamp_ms), out_(out) {}

  template <typename Value>
  void Write(std::string_view suffix, Value value) {
    Head(suffix);
    if (!labels_.empty()) {
      out_.push_back('{');
      out_.append(labels_);
      out_.push_back('}');
    }
    Tail(value);
  }

  template <typename Value>
  void WriteWith(std::string_view suffix, std::string_view extra_name, double extra_value, Value value) {
    Head(suffix);
    out_.push_back('{');
    out_.append(labels_);
    if (!labels_.empty()) out_.push_back(',');
    out_.append(extra_name);
    out_.append("=\"");
    AppendSampleValue(extra_value, out_);
    out_.append("\"}");
    Tail(value);
  }

 private:
  void Head(std::string_view suffix) {
    out_.append(name_);
    out_.append(suffix);
  }

  void Tail(double value) {
    out_.push_back(' ');
    AppendSampleValue(value, out_);
    Timestamp();
  }
  void Tail(std::uint64_t value) {
    out_.push_back(' ');
    AppendInteger(value, out_);
    Timestamp();
  }
  void Timestamp() {
    if (timestamp_ms_ != 0) {
      out_.push_back(' ');
      AppendInteger(timestamp_ms_, out_);
    }
    out_.push_back('\n');
  }

  std::string_view name_;
  std::string_view labels_;
  std::int64_t timestamp_ms_;
  std::string& out_;
};

void AppendLabels(const std::vector<ClientMetric::Label>& labels, std::string& out) {
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i != 0) out.push_back(',');
    AppendLabel(labels[i].name, labels[i].value, out);
  }
}

void AppendSummary(const MetricFamily& family, const ClientMetric& metric, std::string_view labels, std::string& out) {
  SampleWriter writer(family.name, labels, metric.timestamp_ms, out);
  for (const auto& q : metric.summary.quantile) writer.WriteWith("", "quantile", q.quantile, q.value);
  writer.Write("_sum", metric.summary.sample_sum);
  writer.Write("_count", metric.summary.sample_count);
}

void AppendHistogram(const MetricFamily& family, const ClientMetric& metric, std::string_view labels,
                     std::string& out) {
  SampleWriter writer(family.name, labels, metric.timestamp_ms, out);
  const auto& h = metric.histogram;
  for (const auto& b : h.bucket) writer.WriteWith("_bucket", "le", b.upper_bound, b.cumulative_count);
  if (h.bucket.empty() || h.bucket.back().upper_bound != kInf) writer.WriteWith("_bucket", "le", kInf, h.sample_count);
  writer.Write("_sum", h.sample_sum);
  writer.Write("_count", h.sample_count);
}

void AppendFamily(const MetricFamily& family, std::string& out, std::string& labels) {
  AppendHelpLine(family.name, family.help, TextDialect::kPrometheus004, out);
  AppendTypeLine(family.name, TypeName(family.type), out);

  for (const auto& metric : family.metric) {
    switch (family.type) {
      case MetricType::Counter:
      case MetricType::Gauge:
      case MetricType::Untyped:
        // The common case, written without the label scratch string.
        out.append(family.name);
        if (!metric.label.empty()) {
          out.push_back('{');
          AppendLabels(metric.label, out);
          out.push_back('}');
        }
        out.push_back(' ');
        AppendSampleValue(ScalarValue(family.type, metric), out);
        if (metric.timestamp_ms != 0) {
          out.push_back(' ');
          AppendInteger(metric.timestamp_ms, out);
        }
        out.push_back('\n');
        break;
      case MetricType::Summary:
        labels.clear();
        AppendLabels(metric.label, labels);
        AppendSummary(family, metric, labels, out);
        break;
      case MetricType::Histogram:
        labels.clear();
        AppendLabels(metric.label, labels);
        AppendHistogram(family, metric, labels, out);
        break;
    }
  }
}

}  // namespace

void AppendSampleValue(double value, std::string& out) {
  if (std::isnan(value)) {
    out.append("NaN");
    return;
  }
  if (std::isinf(value)) {
    out.append(value > 0 ? "+Inf" : "-Inf");
    return;
  }
  char buf[40];
  char* end;
  if (std::fabs(value) < 1e16 && value == std::trunc(value)) {
    // Exact as an integer; the sign of -0 kept.
    end = buf;
    if (std::signbit(value)) *end++ = '-';
    end = std::to_chars(end, buf + sizeof buf, static_cast<std::uint64_t>(std::fabs(value))).ptr;
  } else {
    const auto format =
        std::fabs(value) >= 1e-4 && std::fabs(value) < 1e16 ? std::chars_format::fixed : std::chars_format::scientific;
    end = std::to_chars(buf, buf + sizeof buf, value, format).ptr;
  }
  out.append(buf, end);
}

void AppendLabel(std::string_view name, std::string_view value, std::string& out) {
  out.append(name);
  out.append("=\"");
  AppendEscaped(value, "\\\"\n", out);
  out.push_back('"');
}

void AppendHelpLine(std::string_view name, std::string_view help, TextDialect dialect, std::string& out) {
  if (help.empty()) return;
  out.append("# HELP ");
  out.append(name);
  out.push_back(' ');
  AppendEscaped(help, dialect == TextDialect::kOpenMetrics ? "\\\"\n" : "\\\n", out);
  out.push_back('\n');
}

void AppendTypeLine(std::string_view name, std::string_view type, std::string& out) {
  out.append("# TYPE ");
  out.append(name);
  out.push_back(' ');
  out.append(type);
  out.push_back('\n');
}

std::size_t TextFormatSizeHint(const std::vector<MetricFamily>& families) {
  // Per sample line: the value and separators (counters are mostly short
  // integers; a double takes up to 24 characters).
  constexpr std::size_t kValue = 16;
  constexpr std::size_t kBound = 12;  // ,le="..." or ,quantile="..." beyond the value
  std::size_t size = 0;
  for (const auto& family : families) {
    size += 2 * family.name.size() + family.help.size() + 32;
    for (const auto& metric : family.metric) {
      std::size_t line = family.name.size() + kValue + (metric.timestamp_ms != 0 ? 15 : 0) + 2;
      for (const auto& label : metric.label) line += label.name.size() + label.value.size() + 4;
      switch (family.type) {
        case MetricType::Counter:
        case MetricType::Gauge:
        case MetricType::Untyped:
          size += line;
          break;
        case MetricType::Summary:
          size += (metric.summary.quantile.size() + 2) * (line + kBound + kValue) + 12;
          break;
        case MetricType::Histogram:
          size += (metric.histogram.bucket.size() + 3) * (line + kBound + kValue + 8);
          break;
      }
    }
  }
  return size;
}

void AppendTextFormat(const std::vector<MetricFamily>& families, std::string& out) {
  std::string labels;
  for (const auto& family : families) AppendFamily(family, out, labels);
}

}  // namespace fwlog
