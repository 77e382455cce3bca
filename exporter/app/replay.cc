// `replay` and `parse`: read files once through the pipeline.
#include <prometheus/registry.h>

#include <cstdio>
#include <iostream>

#include "absl/time/time.h"
#include "app/commands.h"
#include "app/config_source.h"
#include "app/pipeline.h"
#include "http/metrics_server.h"
#include "input/input_runner.h"

namespace fwlog {
namespace {

void JsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

}  // namespace

int Replay(const CommonOptions& common, const std::vector<std::string>& files) {
  auto registry = std::make_shared<prometheus::Registry>();
  auto pipeline = BuildReplayPipeline(common, registry);
  if (!pipeline.ok()) {
    std::cerr << pipeline.status().message() << "\n";
    return 2;
  }
  if (const auto error = ReadFilesOnce(files, common.year, **pipeline, **pipeline); !error.ok()) {
    std::cerr << "fwlog_exporter: " << error.message() << "\n";
    return 1;
  }
  std::cout << RenderCollectables({registry});
  return 0;
}

int ParseCommand(const CommonOptions& common, const std::vector<std::string>& files) {
  auto registry = std::make_shared<prometheus::Registry>();
  auto pipeline = BuildReplayPipeline(common, registry, /*all_fields=*/true);
  if (!pipeline.ok()) {
    std::cerr << pipeline.status().message() << "\n";
    return 2;
  }
  const absl::TimeZone zone = (*pipeline)->zone();
  std::string file_name;
  long line_number = 0;
  std::string out;
  (*pipeline)->SetObserver([&](const LogLine& line, const ParseResult& result, const Event& event) {
    ++line_number;
    if (result.status == ParseResult::Status::kMatched) {
      out.clear();
      out += "{\"file\":";
      JsonString(out, file_name);
      out += ",\"line\":" + std::to_string(line_number) + ",\"matched_by\":";
      JsonString(out, event.matched_by);
      for (std::size_t i = 0; i < kFieldCount; ++i) {
        const auto field = static_cast<Field>(i);
        out += ",";
        JsonString(out, FieldName(field));
        out += ":";
        if (field == Field::kTime) {
          JsonString(out,
                     absl::FormatTime("%Y-%m-%dT%H:%M:%E*S%Ez",
                                      absl::FromUnixSeconds(event.time) + absl::Nanoseconds(event.time_nanos), zone));
        } else {
          JsonString(out, event.Get(field));
        }
      }
      out += ",\"time_from_line\":";
      out += event.time_from_line ? "true" : "false";
      out += "}\n";
      std::cout << out;
    } else {
      std::string excerpt(line.text.substr(0, 200));
      for (char& c : excerpt)
        if (static_cast<unsigned char>(c) < 0x20) c = '?';
      std::cerr << file_name << ":" << line_number << ": "
                << (result.status == ParseResult::Status::kUnmatched
                        ? std::string("unmatched")
                        : "invalid (" + std::string(InvalidReasonName(result.reason)) + ")")
                << ": " << excerpt << "\n";
    }
  });
  const auto error = ReadFilesOnce(files, common.year, **pipeline, **pipeline, [&](const std::string& file) {
    file_name = file;
    line_number = 0;
  });
  if (!error.ok()) {
    std::cerr << "fwlog_exporter: " << error.message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace fwlog
