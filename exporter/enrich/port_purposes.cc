#include "enrich/port_purposes.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <utility>

#include "core/text_file.h"
#include "enrich/csv_reader.h"

namespace fwlog {
namespace {

constexpr std::size_t kMaxPurpose = 40;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLowerOrDigit(char c) { return (c >= 'a' && c <= 'z') || IsDigit(c); }

bool IsLabelSafe(std::string_view purpose) {
  if (purpose.empty() || purpose.size() > kMaxPurpose || !IsLowerOrDigit(purpose.front())) return false;
  for (const char c : purpose)
    if (!IsLowerOrDigit(c) && c != '-' && c != '.') return false;
  return purpose != "unknown";
}

}  // namespace

bool IsPortPurposeSource(std::string_view source) {
  if (source.substr(0, 4) == "CVE-") {
    const std::string_view rest = source.substr(4);
    if (rest.size() < 9 || rest[4] != '-') return false;
    for (std::size_t i = 0; i < rest.size(); ++i)
      if (i != 4 && !IsDigit(rest[i])) return false;
    return true;
  }
  constexpr std::string_view kHttps = "https://";
  if (source.substr(0, kHttps.size()) != kHttps) return false;
  const std::string_view host = source.substr(kHttps.size(), source.find('/', kHttps.size()) - kHttps.size());
  if (host.find('.') == std::string_view::npos) return false;
  for (const char c : source)
    if (static_cast<unsigned char>(c) <= ' ') return false;
  return true;
}

absl::StatusOr<std::vector<PortPurpose>> LoadPortPurposes(const std::string& path) {
  auto text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return ParsePortPurposes(*text, path);
}

absl::StatusOr<std::vector<PortPurpose>> ParsePortPurposes(std::string_view text, const std::string& name) {
  const auto error = [&name](int line, const std::string& message) {
    return absl::InvalidArgumentError(name + ":" + std::to_string(line) + ": " + message);
  };
  CsvReader csv(text, name);
  const auto header = csv.Header({"port", "protocol", "purpose", "source", "note"},
                                 "the header line port,protocol,purpose,source,note");
  if (!header.ok()) return header.status();
  const std::vector<std::size_t>& column = *header;
  const std::size_t needed = *std::max_element(column.begin(), column.end()) + 1;
  std::vector<std::string> fields;
  absl::StatusOr<bool> more;

  std::vector<PortPurpose> out;
  std::map<std::pair<std::uint16_t, std::string>, int> seen;  // (port, protocol) -> line
  while (true) {
    more = csv.Next(fields);
    if (!more.ok()) return more.status();
    if (!*more) break;
    const int line = csv.record_line();
    if (fields.size() < needed) {
      return error(line, "expected " + std::to_string(needed) + " fields, found " + std::to_string(fields.size()));
    }
    PortPurpose entry;
    entry.line = line;
    const std::string_view port_text = TrimBlanks(fields[column[0]]);
    std::uint32_t port = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      return error(line, "bad port \"" + std::string(port_text) + "\": expected a number in 1..65535");
    }
    entry.port = static_cast<std::uint16_t>(port);
    entry.protocol = std::string(TrimBlanks(fields[column[1]]));
    if (entry.protocol != "tcp" && entry.protocol != "udp")
      return error(line, "bad protocol \"" + entry.protocol + "\": expected tcp or udp");
    entry.purpose = std::string(TrimBlanks(fields[column[2]]));
    if (!IsLabelSafe(entry.purpose)) {
      return error(line, "bad purpose \"" + entry.purpose +
                             "\": expected 1 to 40 of a-z 0-9 - . starting with a letter or digit, not \"unknown\"");
    }
    entry.source = std::string(TrimBlanks(fields[column[3]]));
    if (entry.source.empty())
      return error(line, "no source: every entry cites a CVE identifier or an https:// vendor document");
    if (!IsPortPurposeSource(entry.source)) {
      return error(line, "bad source \"" + entry.source +
                             "\": expected a CVE identifier (CVE-2017-17215) or an https:// vendor document");
    }
    entry.note = std::string(TrimBlanks(fields[column[4]]));
    const auto [it, fresh] = seen.try_emplace({entry.port, entry.protocol}, line);
    if (!fresh) {
      return error(line, "duplicate entry for " + std::to_string(entry.port) + "/" + entry.protocol +
                             " (first at line " + std::to_string(it->second) + ")");
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace fwlog
