// FormatState / ParseState: the state file's text form (see state_file.h).
#include <zlib.h>

#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "state/state_file.h"

namespace fwlog {
namespace {

constexpr std::string_view kMagic = "fwlog-state ";

void AppendQuoted(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
      out.append("\\x");
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
}

void AppendDouble(std::string& out, double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

template <typename... Args>
void AppendF(std::string& out, const char* format, Args... args) {
  char buf[128];
  const int n = std::snprintf(buf, sizeof buf, format, args...);
  out.append(buf, static_cast<std::size_t>(n));
}

std::uint32_t Crc32(std::string_view bytes) {
  return static_cast<std::uint32_t>(
      ::crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

// One key=value field of a record line. `quoted_key`: the key was a quoted
// string (a label name in a sample).
struct Field {
  std::string key;
  std::string value;
  bool quoted_key = false;
};

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int HexValue(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

// Reads a quoted string or a bare word from the front of `s`.
bool ReadToken(std::string_view& s, std::string& out, bool& quoted, bool stop_at_equals) {
  out.clear();
  quoted = !s.empty() && s.front() == '"';
  if (!quoted) {
    std::size_t n = 0;
    while (n < s.size() && s[n] != ' ' && !(stop_at_equals && s[n] == '=')) ++n;
    if (n == 0) return false;
    out.assign(s.substr(0, n));
    s.remove_prefix(n);
    return true;
  }
  s.remove_prefix(1);
  while (!s.empty() && s.front() != '"') {
    if (s.front() == '\\') {
      if (s.size() < 4 || s[1] != 'x' || !IsHex(s[2]) || !IsHex(s[3])) return false;
      out.push_back(static_cast<char>(HexValue(s[2]) * 16 + HexValue(s[3])));
      s.remove_prefix(4);
    } else {
      out.push_back(s.front());
      s.remove_prefix(1);
    }
  }
  if (s.empty()) return false;
  s.remove_prefix(1);  // closing quote
  return true;
}

bool ParseFields(std::string_view s, std::vector<Field>& fields) {
  fields.clear();
  while (!s.empty()) {
    if (s.front() != ' ') return false;
    s.remove_prefix(1);
    Field f;
    bool value_quoted = false;
    if (!ReadToken(s, f.key, f.quoted_key, true) || s.empty() || s.front() != '=') return false;
    s.remove_prefix(1);
    if (!ReadToken(s, f.value, value_quoted, false)) return false;
    fields.push_back(std::move(f));
  }
  return true;
}

const std::string* Get(const std::vector<Field>& fields, std::string_view key) {
  for (const auto& f : fields) {
    if (!f.quoted_key && f.key == key) return &f.value;
  }
  return nullptr;
}

template <typename T>
bool ParseNumber(const std::string* s, T& out, int base = 10) {
  if (s == nullptr) return false;
  std::string_view v = *s;
  if (base == 16) {
    if (!v.starts_with("0x")) return false;
    v.remove_prefix(2);
  }
  const auto r = std::from_chars(v.data(), v.data() + v.size(), out, base);
  return r.ec == std::errc() && r.ptr == v.data() + v.size();
}

bool ParseDouble(const std::string* s, double& out) {
  if (s == nullptr) return false;
  const auto r = std::from_chars(s->data(), s->data() + s->size(), out);
  return r.ec == std::errc() && r.ptr == s->data() + s->size();
}

absl::Status Bad(std::size_t line, std::string_view what) {
  return absl::DataLossError("state file line " + std::to_string(line) + ": " + std::string(what));
}

// " name=1,2,,3" (a zero as nothing); nothing at all for an empty run.
void AppendCounts(std::string& out, const char* name, const std::vector<std::uint32_t>& counts) {
  if (counts.empty()) return;
  out.push_back(' ');
  out.append(name);
  out.push_back('=');
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (i > 0) out.push_back(',');
    if (counts[i] != 0) AppendF(out, "%" PRIu32, counts[i]);
  }
}

bool ParseCounts(const std::string* s, std::vector<std::uint32_t>& out) {
  out.clear();
  if (s == nullptr) return true;  // an empty run
  std::string_view v = *s;
  for (;;) {
    const auto comma = v.find(',');
    const std::string_view item = v.substr(0, comma);
    std::uint32_t n = 0;
    if (!item.empty()) {
      const auto r = std::from_chars(item.data(), item.data() + item.size(), n);
      if (r.ec != std::errc() || r.ptr != item.data() + item.size()) return false;
    }
    out.push_back(n);
    if (comma == std::string_view::npos) return true;
    v.remove_prefix(comma + 1);
  }
}

// The history: one `history` record, then a `history_series` record per
// series, each range's `history_destination` records after it. Returns the
// number of records.
std::size_t AppendHistory(std::string& out, const HistoryCheckpoint& history) {
  if (history.series.empty() && history.future_packets == 0) return 0;
  std::size_t records = 1;
  AppendF(out, "history newest_hour=%" PRId64 " future_packets=%" PRIu64 "\n", history.newest_hour,
          history.future_packets);
  for (const auto& s : history.series) {
    out.append("history_series kind=");
    AppendQuoted(out, s.kind);
    out.append(" key=");
    AppendQuoted(out, s.key);
    out.append(" service=");
    AppendQuoted(out, s.service);
    AppendF(out, " first_seen=%" PRId64 " last_seen=%" PRId64 " first_hour=%" PRId64 " first_day=%" PRId64,
            s.first_seen, s.last_seen, s.first_hour, s.first_day);
    AppendCounts(out, "hours", s.hours);
    AppendCounts(out, "days", s.days);
    out.push_back('\n');
    ++records;
    for (const auto& d : s.ports) {
      out.append("history_destination key=");
      AppendQuoted(out, d.key);
      out.append(" service=");
      AppendQuoted(out, d.service);
      AppendF(out, " packets=%" PRIu64 "\n", d.packets);
      ++records;
    }
  }
  return records;
}

}  // namespace

std::string FormatState(const StateSnapshot& snapshot) {
  std::string out;
  AppendF(out, "fwlog-state %d\n", kStateFileVersion);
  std::size_t records = 1;
  AppendF(out, "written_at %" PRId64 "\n", snapshot.written_at);
  for (const auto& f : snapshot.files) {
    out.append("file input=");
    AppendQuoted(out, f.input);
    out.append(" path=");
    AppendQuoted(out, f.path);
    AppendF(out, " device=%" PRIu64 " inode=%" PRIu64 " fingerprint=0x%016" PRIx64, f.device, f.inode, f.fingerprint);
    AppendF(out, " fingerprint_length=%" PRIu32 " offset=%" PRIu64, f.fingerprint_length, f.offset);
    out.append(f.closed ? " closed=1\n" : "\n");
    ++records;
  }
  for (const auto& m : snapshot.metrics) {
    out.append("metric name=");
    AppendQuoted(out, m.metric);
    out.append(" definition=");
    AppendQuoted(out, m.definition);
    out.push_back('\n');
    ++records;
    for (const auto& s : m.samples) {
      out.append("sample value=");
      AppendDouble(out, s.value);
      for (const auto& [name, value] : s.labels) {
        out.push_back(' ');
        AppendQuoted(out, name);
        out.push_back('=');
        AppendQuoted(out, value);
      }
      out.push_back('\n');
      ++records;
    }
  }
  records += AppendHistory(out, snapshot.history);
  const std::uint32_t crc = Crc32(out);
  AppendF(out, "end records=%zu crc32=0x%08" PRIx32 "\n", records, crc);
  return out;
}

absl::StatusOr<StateSnapshot> ParseStateText(const std::string& text) {
  const std::string_view all = text;
  if (!all.starts_with(kMagic)) return absl::InvalidArgumentError("not a fwlog state file (no \"fwlog-state\" header)");
  const auto first_nl = all.find('\n');
  int version = 0;
  const std::string version_text(all.substr(kMagic.size(), first_nl - kMagic.size()));
  if (!ParseNumber(&version_text, version) || version < 1) {
    return absl::InvalidArgumentError("not a fwlog state file (bad version \"" + version_text + "\")");
  }
  if (version > kStateFileVersion) {
    return absl::FailedPreconditionError("state file version " + std::to_string(version) +
                                         " is newer than this build reads (" + std::to_string(kStateFileVersion) + ")");
  }
  // The end line: last line of the file, checksum of everything before it.
  if (all.empty() || all.back() != '\n') return absl::DataLossError("state file is truncated (no final newline)");
  const auto end_start = all.rfind('\n', all.size() - 2) + 1;
  const std::string_view end_line = all.substr(end_start, all.size() - 1 - end_start);
  std::vector<Field> fields;
  if (!end_line.starts_with("end") || !ParseFields(end_line.substr(3), fields)) {
    return absl::DataLossError("state file is truncated (no end record)");
  }
  std::uint32_t crc = 0;
  std::size_t records = 0;
  if (!ParseNumber(Get(fields, "crc32"), crc, 16) || !ParseNumber(Get(fields, "records"), records)) {
    return absl::DataLossError("state file end record is malformed");
  }
  if (crc != Crc32(all.substr(0, end_start))) return absl::DataLossError("state file checksum mismatch");

  StateSnapshot snapshot;
  std::size_t seen = 0;
  std::size_t line_no = 1;
  std::string_view body = all.substr(first_nl + 1, end_start - first_nl - 1);
  while (!body.empty()) {
    ++line_no;
    const auto nl = body.find('\n');
    const std::string_view line = body.substr(0, nl);
    body.remove_prefix(nl + 1);
    ++seen;
    const auto space = line.find(' ');
    const std::string_view kind = line.substr(0, space);
    const std::string_view rest = space == std::string_view::npos ? std::string_view() : line.substr(space);
    if (kind == "written_at") {
      const std::string v(rest.empty() ? rest : rest.substr(1));
      if (!ParseNumber(&v, snapshot.written_at)) return Bad(line_no, "bad written_at");
      continue;
    }
    if (!ParseFields(rest, fields)) return Bad(line_no, "malformed record");
    if (kind == "file") {
      FileCheckpoint f;
      const std::string* input = Get(fields, "input");
      const std::string* path = Get(fields, "path");
      if (input == nullptr || path == nullptr || !ParseNumber(Get(fields, "device"), f.device) ||
          !ParseNumber(Get(fields, "inode"), f.inode) || !ParseNumber(Get(fields, "fingerprint"), f.fingerprint, 16) ||
          !ParseNumber(Get(fields, "fingerprint_length"), f.fingerprint_length) ||
          !ParseNumber(Get(fields, "offset"), f.offset)) {
        return Bad(line_no, "file record lacks a field or has a bad value");
      }
      if (const std::string* closed = Get(fields, "closed")) f.closed = *closed == "1";
      f.input = *input;
      f.path = *path;
      snapshot.files.push_back(std::move(f));
    } else if (kind == "metric") {
      const std::string* name = Get(fields, "name");
      const std::string* definition = Get(fields, "definition");
      if (name == nullptr || definition == nullptr) return Bad(line_no, "metric record lacks a field");
      snapshot.metrics.push_back(MetricCheckpoint{*name, *definition, {}});
    } else if (kind == "sample") {
      if (snapshot.metrics.empty()) return Bad(line_no, "sample before any metric");
      MetricSample s;
      if (!ParseDouble(Get(fields, "value"), s.value)) return Bad(line_no, "sample lacks a value");
      s.metric = snapshot.metrics.back().metric;
      for (auto& f : fields) {
        if (f.quoted_key) s.labels.emplace_back(std::move(f.key), std::move(f.value));
      }
      snapshot.metrics.back().samples.push_back(std::move(s));
    } else if (kind == "history") {
      if (!ParseNumber(Get(fields, "newest_hour"), snapshot.history.newest_hour) ||
          !ParseNumber(Get(fields, "future_packets"), snapshot.history.future_packets)) {
        return Bad(line_no, "history record lacks a field or has a bad value");
      }
    } else if (kind == "history_series") {
      HistorySeriesCheckpoint h;
      const std::string* series_kind = Get(fields, "kind");
      const std::string* key = Get(fields, "key");
      const std::string* service = Get(fields, "service");
      if (series_kind == nullptr || key == nullptr || service == nullptr ||
          !ParseNumber(Get(fields, "first_seen"), h.first_seen) ||
          !ParseNumber(Get(fields, "last_seen"), h.last_seen) ||
          !ParseNumber(Get(fields, "first_hour"), h.first_hour) ||
          !ParseNumber(Get(fields, "first_day"), h.first_day) || !ParseCounts(Get(fields, "hours"), h.hours) ||
          !ParseCounts(Get(fields, "days"), h.days)) {
        return Bad(line_no, "history_series record lacks a field or has a bad value");
      }
      h.kind = *series_kind;
      h.key = *key;
      h.service = *service;
      snapshot.history.series.push_back(std::move(h));
    } else if (kind == "history_destination") {
      if (snapshot.history.series.empty()) return Bad(line_no, "history_destination before any history_series");
      HistorySeriesCheckpoint::Destination d;
      const std::string* key = Get(fields, "key");
      const std::string* service = Get(fields, "service");
      if (key == nullptr || service == nullptr || !ParseNumber(Get(fields, "packets"), d.packets))
        return Bad(line_no, "history_destination record lacks a field or has a bad value");
      d.key = *key;
      d.service = *service;
      snapshot.history.series.back().ports.push_back(std::move(d));
    }
    // Other kinds: written by a later version 1 writer; skipped.
  }
  if (seen != records) return absl::DataLossError("state file record count mismatch");
  return snapshot;
}

}  // namespace fwlog
