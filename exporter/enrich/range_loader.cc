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

bool ReservedName(std::string_view name) { return name == kPrivate || name == kOther || name == "unknown"; }

std::string_view Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

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
  explicit RangeLoader(RangeTable& table) : table_(table) {}

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
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      const auto name = entry.path().filename().string();
      if (name.empty() || name.front() == '.' || !entry.is_regular_file(ec)) continue;
      const auto ext = Lower(entry.path().extension().string());
      if (ext == ".yaml" || ext == ".yml" || ext == ".txt" || ext == ".list") files.push_back(entry.path().string());
    }
    if (ec) throw LoadError{absl::UnavailableError(folder + ": " + ec.message())};
    std::sort(files.begin(), files.end());
    for (const auto& file : files) LoadFile(file);
  }

  void LoadFile(const std::string& path) {
    auto text = ReadTextFile(path);
    if (!text.ok()) throw LoadError{text.status()};
    file_ = path;
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

  // A YAML catalog file; the schema is in config/ranges/README.md.
  void LoadCatalog(const std::string& text) {
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      Fail({file_, e.mark.line + 1, e.mark.column + 1}, e.msg);
    }
    if (!root || root.IsNull()) Fail({file_, 1, 1}, "empty catalog file: expected name, cidrs, ...");
    if (!root.IsMap()) Fail(At(root), "a catalog file must be a mapping with name, description, source, cidrs");
    CheckKeys(root, {"name", "description", "source", "announced", "cidrs"});

    RangeTable::RangeInfo info;
    const auto name_node = root["name"];
    if (!name_node) Fail(At(root), "missing key \"name\"");
    info.name = Scalar(name_node, "name");
    CheckName(info.name, At(name_node));
    if (auto n = root["description"]) info.description = Scalar(n, "description");
    if (auto n = root["source"]) info.source = Scalar(n, "source");
    if (auto n = root["announced"]) info.announced = Date(n);
    info.file = file_;
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
        if (auto n = item["announced"]) Date(n);
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
      AddBlock(std::string(Trim(row)), name, {file_, line, static_cast<int>(first) + 1});
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

  std::string Date(const YAML::Node& node) const {
    const auto text = Scalar(node, "announced");
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
    table_.info_.push_back(std::move(info));
    return index;
  }

  void AddBlock(const std::string& text, std::uint32_t name, const Where& where) {
    const auto cidr = Cidr::Parse(text);
    if (!cidr) Fail(where, "bad CIDR \"" + text + "\"");
    const auto key = std::make_pair(cidr->prefix128, cidr->network);
    const auto [it, inserted] = blocks_.emplace(key, std::make_pair(name, where));
    if (!inserted) {
      if (it->second.first == name) return;  // listed twice in one range: harmless
      const auto& other = it->second.second;
      Fail(where, cidr->ToString() + " is already in range \"" + table_.names_[it->second.first] + "\" (" + other.file +
                      ":" + std::to_string(other.line) + ":" + std::to_string(other.col) + ")");
    }
    table_.Add(*cidr, table_.names_[name]);
  }

  RangeTable& table_;
  std::string file_;
  std::map<std::pair<int, IpAddress>, std::pair<std::uint32_t, Where>> blocks_;
  std::map<std::string, std::string> defined_;  // name -> file
};

absl::StatusOr<RangeTable> RangeTable::Load(const std::vector<std::string>& paths) {
  RangeTable table;
  RangeLoader loader(table);
  try {
    for (const auto& path : paths) loader.LoadPath(path);
  } catch (const LoadError& e) {
    return e.status;
  }
  return table;
}

}  // namespace fwlog
