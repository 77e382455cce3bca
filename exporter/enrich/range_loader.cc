// RangeTable::Load(): the catalog's file formats (config/ranges/README.md).
// The lookup structure itself is in range_table.cc.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <utility>

#include "absl/time/civil_time.h"
#include "core/text_file.h"
#include "enrich/csv_reader.h"
#include "enrich/range_table.h"

namespace fwlog {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrivate = "private";
constexpr std::string_view kOther = "other";

// Range names become label values and file names: keep them plain.
bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  const auto ok = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  };
  return std::all_of(name.begin(), name.end(), ok) && name.front() != '.' && name.front() != '-';
}

// Categories are label values too, from a small vocabulary (README.md).
bool ValidCategory(std::string_view category) {
  const auto ok = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; };
  return !category.empty() && category.size() <= 64 && std::all_of(category.begin(), category.end(), ok);
}

bool ReservedName(std::string_view name) { return name == kPrivate || name == kOther || name == "unknown"; }

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

// Thrown inside this file only; Load() turns it into a Status.
struct LoadError {
  absl::Status status;
};

}  // namespace

// Reads catalog and plain files into a RangeTable, checking everything the
// header promises and remembering where each block and name came from.
class RangeLoader {
 public:
  RangeLoader(RangeTable& table, RangeTable::ListReader reader) : table_(table), reader_(reader) {}

  void LoadPath(const std::string& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) throw LoadError{absl::NotFoundError(path + ": No such file or directory")};
    if (fs::is_directory(status)) {
      LoadFolder(path);
    } else {
      LoadFile(path);
    }
  }

 private:
  struct Where {
    std::string file;
    int line = 0;
    int col = 0;
    std::string Prefix() const { return file + ":" + std::to_string(line) + ":" + std::to_string(col) + ": "; }
  };

  [[noreturn]] static void Fail(const Where& where, const std::string& message) {
    throw LoadError{absl::InvalidArgumentError(where.Prefix() + message)};
  }
  Where At(const YAML::Node& node) const {
    const auto mark = node.Mark();
    if (mark.is_null()) return {file_, 1, 1};
    return {file_, mark.line + 1, mark.column + 1};
  }

  void LoadFolder(const std::string& folder) {
    // The folder and its sub-folders (the shipped catalog keeps the scanner
    // lists in scanners/); hidden files and folders are skipped.
    std::vector<std::string> files;
    std::error_code ec;
    fs::recursive_directory_iterator it(folder, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const auto name = it->path().filename().string();
      if (name.empty() || name.front() == '.') {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec)) continue;
      const auto ext = Lower(it->path().extension().string());
      if (ext == ".yaml" || ext == ".yml" || ext == ".txt" || ext == ".list") files.push_back(it->path().string());
    }
    if (ec) throw LoadError{absl::UnavailableError(folder + ": " + ec.message())};
    std::sort(files.begin(), files.end());
    for (const auto& file : files) LoadFile(file);
  }

  void LoadFile(const std::string& path) {
    auto text = ReadTextFile(path);
    if (!text.ok()) throw LoadError{text.status()};
    file_ = path;
    files_.push_back(path);
    const auto ext = Lower(fs::path(path).extension().string());
    if (ext == ".yaml" || ext == ".yml") {
      try {
        LoadCatalog(*text);
      } catch (const YAML::Exception& e) {  // a safety net: the checks above should come first
        Fail({file_, e.mark.line + 1, e.mark.column + 1}, e.msg);
      }
    } else {
      LoadPlain(*text);
    }
  }

  // One entry of a `cidrs:` list read by ScanList(): the text and where it is.
  struct Item {
    std::string_view text;  // in the file's text
    int line = 0;
    int col = 0;
  };

  // The shape of a long list, which the generated catalogs have, read
  // without yaml-cpp (which takes ~3 us per entry: 70 ms of CPU at every
  // start for the 22 000 shipped scanner blocks, more than a 500 000-line
  // replay's own lookups): `cidrs:` alone on a line at column 1, the last
  // key, followed only by lines `- CIDR` or `- "CIDR"` at one indentation
  // (an unquoted CIDR starting with a hex digit and not ending in ':'),
  // blank lines and whole-line comments. For that shape, the lines after
  // `cidrs:` are read here and the text before it by yaml-cpp; the items
  // and their positions are those yaml-cpp would give. Any other shape
  // returns false and yaml-cpp reads the whole file (ListReader::kYaml
  // always does: the reference the tests compare this with).
  bool ScanList(const std::string& text, std::string& header, std::vector<Item>& items) const {
    std::size_t at = 0;
    int line = 0;
    std::size_t list_start = std::string::npos;
    while (at < text.size()) {
      ++line;
      const auto nl = text.find('\n', at);
      const std::string_view row(text.data() + at, (nl == std::string::npos ? text.size() : nl) - at);
      if (TrimBlanks(row) == "cidrs:" && row.front() == 'c') list_start = at;
      at = nl == std::string::npos ? text.size() : nl + 1;
      if (list_start != std::string::npos) break;
    }
    if (list_start == std::string::npos) return false;
    header.assign(text, 0, list_start);  // without the cidrs: line
    std::size_t indent = std::string::npos;
    const auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
    const auto cidr_char = [&](char c) { return hex(c) || c == ':' || c == '.' || c == '/'; };
    while (at < text.size()) {
      ++line;
      const auto nl = text.find('\n', at);
      const std::string_view row(text.data() + at, (nl == std::string::npos ? text.size() : nl) - at);
      at = nl == std::string::npos ? text.size() : nl + 1;
      const auto first = row.find_first_not_of(' ');
      if (first == std::string_view::npos || row[first] == '#') continue;  // blank or a comment
      if (indent == std::string::npos) indent = first;
      if (first != indent || row.size() < first + 3 || row[first] != '-' || row[first + 1] != ' ') return false;
      std::string_view value = row.substr(first + 2);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      const int col = static_cast<int>(first) + 3;
      if (value.size() >= 3 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      } else if (value.empty() || !hex(value.front()) || value.back() == ':') {
        return false;
      }
      if (value.empty() || !std::all_of(value.begin(), value.end(), cidr_char)) return false;
      items.push_back({value, line, col});
    }
    return !items.empty();
  }

  // Whether the `cidrs:` line that ScanList() found is a top-level key in
  // YAML's eyes: not inside a quoted scalar or a flow collection left open
  // in the header (`source: "https://...` with no closing quote makes it
  // part of the string). The header followed by an empty `cidrs: []` must
  // read as a mapping whose `cidrs` is that empty list; otherwise yaml-cpp
  // reads the whole file (found by tests/fuzz/range_catalog_fuzzer.cc).
  static bool EndsBeforeTheList(const std::string& header) {
    try {
      const YAML::Node probe = YAML::Load(header + "cidrs: []\n");
      return probe.IsMap() && probe["cidrs"] && probe["cidrs"].IsSequence() && probe["cidrs"].size() == 0;
    } catch (const YAML::Exception&) {
      return false;
    }
  }

  // A YAML catalog file; the schema is in config/ranges/README.md.
  void LoadCatalog(const std::string& text) {
    std::string header;
    std::vector<Item> items;
    bool scanned =
        reader_ == RangeTable::ListReader::kLineScan && ScanList(text, header, items) && EndsBeforeTheList(header);
    YAML::Node root;
    try {
      root = YAML::Load(scanned ? header : text);
    } catch (const YAML::Exception& e) {
      Fail({file_, e.mark.line + 1, e.mark.column + 1}, e.msg);
    }
    if (scanned && root.IsMap() && root["cidrs"]) {  // a second cidrs: key; let yaml-cpp say what it makes of that
      scanned = false;
      root = YAML::Load(text);
    }
    if (!root || root.IsNull()) Fail({file_, 1, 1}, "empty catalog file: expected name, cidrs, ...");
    if (!root.IsMap()) Fail(At(root), "a catalog file must be a mapping with name, description, source, cidrs");
    CheckKeys(root, {"name", "description", "source", "announced", "snapshot", "category", "cidrs"});

    RangeTable::RangeInfo info;
    const auto name_node = root["name"];
    if (!name_node) Fail(At(root), "missing key \"name\"");
    info.name = Scalar(name_node, "name");
    CheckName(info.name, At(name_node));
    if (auto n = root["description"]) info.description = Scalar(n, "description");
    if (auto n = root["source"]) info.source = Scalar(n, "source");
    if (auto n = root["announced"]) info.announced = Date(n, "announced");
    if (auto n = root["snapshot"]) info.snapshot = Date(n, "snapshot");
    if (auto n = root["category"]) {
      info.category = Scalar(n, "category");
      if (!ValidCategory(info.category)) {
        Fail(At(n), "bad category \"" + info.category + "\" (lower-case letters, digits and '-'; at most 64)");
      }
    }
    info.file = file_;
    if (scanned) {
      const auto name = Define(std::move(info), At(name_node));
      for (const auto& item : items) AddBlock(item.text, name, item.line, item.col);
      return;
    }
    const auto cidrs = root["cidrs"];
    if (!cidrs) Fail(At(root), "missing key \"cidrs\"");
    if (!cidrs.IsSequence()) Fail(At(cidrs), "\"cidrs\" must be a list of CIDRs");
    if (cidrs.size() == 0) Fail(At(cidrs), "\"cidrs\" is empty");

    const auto name = Define(std::move(info), At(name_node));
    for (const auto& item : cidrs) {
      if (item.IsMap()) {
        CheckKeys(item, {"cidr", "announced", "note"});
        // A node of its own: assigning to a YAML::Node writes through to what it refers to.
        const auto cidr = item["cidr"];
        if (!cidr) Fail(At(item), "missing key \"cidr\"");
        if (auto n = item["announced"]) Date(n, "announced");
        if (auto n = item["note"]) Scalar(n, "note");
        AddBlock(cidr.IsScalar() ? cidr.Scalar() : "", name, At(cidr));
      } else if (item.IsScalar() || item.IsNull()) {
        AddBlock(item.IsScalar() ? item.Scalar() : "", name, At(item));
      } else {
        Fail(At(item), "expected a CIDR, or a mapping with cidr: and optional announced:, note:");
      }
    }
  }

  // One CIDR per line; `#` starts a comment; blank lines are skipped.
  void LoadPlain(const std::string& text) {
    RangeTable::RangeInfo info;
    info.name = fs::path(file_).stem().string();
    info.file = file_;
    const Where top{file_, 1, 1};
    if (!ValidName(info.name)) {
      Fail(top, "the file name gives the range name \"" + info.name +
                    "\", which is not a valid name (letters, digits, '.', '_', '-')");
    }
    CheckName(info.name, top);
    const auto name = Define(std::move(info), top);

    std::string_view rest(text);
    int line = 0;
    while (!rest.empty()) {
      ++line;
      const auto nl = rest.find('\n');
      std::string_view row = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
      row = row.substr(0, row.find('#'));
      const auto first = row.find_first_not_of(" \t");
      if (first == std::string_view::npos) continue;
      AddBlock(TrimBlanks(row), name, line, static_cast<int>(first) + 1);
    }
  }

  void CheckKeys(const YAML::Node& node, std::initializer_list<std::string_view> allowed) const {
    for (const auto& kv : node) {
      const auto key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      Fail(At(kv.first), "unknown key \"" + key + "\" (expected one of: " + list + ")");
    }
  }

  std::string Scalar(const YAML::Node& node, const std::string& what) const {
    if (!node.IsScalar()) Fail(At(node), "\"" + what + "\" must be a string");
    return node.Scalar();
  }

  std::string Date(const YAML::Node& node, const std::string& what) const {
    const auto text = Scalar(node, what);
    absl::CivilDay day;
    if (text.size() != 10 || !absl::ParseCivilTime(text, &day)) {
      Fail(At(node), "bad date \"" + text + "\" (expected YYYY-MM-DD)");
    }
    return text;
  }

  void CheckName(const std::string& name, const Where& where) const {
    if (!ValidName(name)) {
      Fail(where, "bad range name \"" + name + "\" (letters, digits, '.', '_', '-'; at most 64)");
    }
    if (ReservedName(name)) {
      Fail(where, "the range name \"" + name + "\" is reserved (private, other and unknown have fixed meanings)");
    }
  }

  std::uint32_t Define(RangeTable::RangeInfo info, const Where& where) {
    if (const auto it = defined_.find(info.name); it != defined_.end()) {
      Fail(where, "range \"" + info.name + "\" is already defined in " + it->second);
    }
    defined_.emplace(info.name, info.file);
    const auto index = table_.NameIndex(info.name);
    if (!info.category.empty()) table_.categories_[index] = info.category;
    table_.info_.push_back(std::move(info));
    return index;
  }

  void AddBlock(std::string_view text, std::uint32_t name, const Where& where) {
    AddBlock(text, name, where.line, where.col);
  }
  // In the current file (file_). The blocks seen are kept with the file's
  // number and position, not its name: 22 000 shipped blocks.
  void AddBlock(std::string_view text, std::uint32_t name, int line, int col) {
    const auto cidr = Cidr::Parse(text);
    if (!cidr) Fail({file_, line, col}, "bad CIDR \"" + std::string(text) + "\"");
    // The table finds a block listed before; its tag is its place in seen_.
    const auto before = table_.AddIndex(*cidr, name, static_cast<std::uint32_t>(seen_.size()), false);
    if (!before) {
      seen_.push_back({static_cast<std::uint32_t>(files_.size() - 1), line, col});
      return;
    }
    if (before->first == name) return;  // listed twice in one range: harmless
    const Seen& other = seen_[before->second];
    Fail({file_, line, col}, cidr->ToString() + " is already in range \"" + table_.names_[before->first] + "\" (" +
                                 files_[other.file] + ":" + std::to_string(other.line) + ":" +
                                 std::to_string(other.col) + ")");
  }

  RangeTable& table_;
  RangeTable::ListReader reader_;
  std::string file_;
  // Where each block was first listed, by the tag the table keeps with it.
  struct Seen {
    std::uint32_t file;  // in files_
    int line;
    int col;
  };
  std::vector<Seen> seen_;
  std::vector<std::string> files_;              // every file read, in order; the last is file_
  std::map<std::string, std::string> defined_;  // name -> file
};

absl::StatusOr<RangeTable> RangeTable::Load(const std::vector<std::string>& paths, ListReader reader) {
  RangeTable table;
  RangeLoader loader(table, reader);
  try {
    for (const auto& path : paths) loader.LoadPath(path);
  } catch (const LoadError& e) {
    return e.status;
  }
  table.Flatten();
  return table;
}

}  // namespace fwlog
